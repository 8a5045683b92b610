"""Opinion maps through the database, the background worker, the pages and the API."""
import re

import pytest
from sqlalchemy import delete, func, insert, select, update

from participation.core.jobs import Job, run_due_jobs
from participation.discussion.models import Comment, Thread
from participation.discussion.services import ensure_item_thread, post_comment
from participation.extensions import db
from participation.opinions.jobs import COMPUTE_JOB
from participation.opinions.models import OpinionMap, OpinionMembership
from participation.opinions.services import compute_map
from participation.votes.models import CommentVote
from participation.votes.services import vote_on_comment

from .generated import agreement, group_votes


@pytest.fixture
def discussion(app, item, make_user):
    """``discussion(sizes, comments)``: residents voting in groups on the comments of ``item``'s thread.

    Returns (thread, residents, comments, true groups). Votes are inserted in bulk (the worker reads them).
    """
    app.config["JOBS_RUN_AFTER_REQUEST"] = False

    def build(sizes, comments=12, agreed_by_all=(), seed=2, **options):
        thread = ensure_item_thread(item.id)
        author = make_user(name="Author")
        rows = [post_comment(author, thread, f"Comment number {n} about the plan.", "en")[0] for n in range(comments)]
        votes, truth = group_votes(sizes, comments, seed=seed, agreed_by_all=agreed_by_all, **options)
        residents = [make_user(name=f"Voter {n}") for n in range(len(truth))]
        db.session.execute(insert(CommentVote), [
            {"user_id": residents[r].id, "comment_id": rows[c].id, "value": value}
            for (r, c), value in sorted(votes.items())])
        db.session.execute(delete(Job))  # what posting the comments queued: each test starts with no job
        db.session.commit()
        return thread, residents, rows, truth

    return build


def pending_jobs():
    return db.session.scalars(select(Job).where(Job.kind == COMPUTE_JOB, Job.done_at.is_(None))).all()


def make_due():
    db.session.execute(update(Job).where(Job.kind == COMPUTE_JOB).values(run_after=Job.created_at))
    db.session.commit()


def test_the_worker_finds_the_groups_and_each_resident_is_told_theirs(discussion, client, login, logout, item):
    thread, residents, _comments, truth = discussion((10, 9, 8), comments=16, seed=3)
    compute_map(thread.id)
    db.session.commit()
    groups = dict(db.session.execute(select(OpinionMembership.user_id, OpinionMembership.group_label)).all())
    assert agreement([groups[r.id] for r in residents], truth) >= 0.9

    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "How opinions group" in page and "<svg" in page and "You are in group" not in page
    login(residents[0])
    mine = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert f"You are in group {groups[residents[0].id]}. Only you can see this." in mine
    logout()
    again = client.get(f"/en/items/{item.slug}").get_data(as_text=True)  # the kept rendering holds nobody's group
    assert "You are in group" not in again


def test_a_consensus_comment_is_shown_with_a_link_to_it_in_the_thread(discussion, client, item):
    thread, _residents, comments, _truth = discussion((10, 9), comments=12, agreed_by_all={4})
    opinion_map = compute_map(thread.id)
    db.session.commit()
    assert comments[4].id in [entry["comment_id"] for entry in opinion_map.data["consensus"]]
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    consensus = page[page.index("Where every group agrees"):]
    assert "Comment number 4 about the plan." in consensus
    assert f"/en/comments/{comments[4].id}" in consensus or f"/c/{comments[4].id}" in consensus


def test_below_the_thresholds_no_map_is_shown_and_the_page_says_how_many_more(discussion, client, item):
    thread, _residents, _comments, _truth = discussion((2, 2), comments=6)  # 4 participants of the 7 needed
    opinion_map = compute_map(thread.id)
    db.session.commit()
    assert opinion_map.status == "insufficient"
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "<svg class=\"opinion-svg\"" not in page
    assert "3 more participants are needed." in page and "That is at least 9 more votes." in page
    api = client.get(f"/api/v1/items/{item.id}/opinions").get_json()
    assert api["status"] == "insufficient" and api["participants_needed"] == 3 and api["groups"] == []


def test_a_group_below_the_minimum_size_is_not_shown(discussion, app):
    app.config["OPINION_MIN_GROUP_SIZE"] = 4
    thread, _residents, _comments, _truth = discussion((10, 9, 3), comments=16, noise=0.0, seed=7)
    opinion_map = compute_map(thread.id)
    db.session.commit()
    sizes = [group["size"] for group in opinion_map.data["groups"]]
    assert min(sizes) >= 4 and sum(sizes) == 22


def test_nothing_public_says_who_is_where_or_how_one_person_voted(discussion, client, item):
    thread, residents, comments, _truth = discussion((10, 9), comments=12)
    opinion_map = compute_map(thread.id)
    db.session.commit()
    data = opinion_map.data
    assert set(data) == {"participants", "comments", "groups", "consensus", "dots"}
    assert all(len(dot) == 3 and isinstance(dot[2], str) for dot in data["dots"])
    assert data["dots"] == sorted(data["dots"], key=lambda dot: (dot[2], dot[0], dot[1]))  # no one's order
    assert all(round(coordinate, 2) == coordinate for dot in data["dots"] for coordinate in dot[:2])
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    section = page[page.index('class="opinion-map"'):page.index("</section>", page.index("opinion-consensus"))]
    for resident in residents:
        assert resident.display_name not in section and f"/users/{resident.id}\"" not in section
    api = client.get(f"/api/v1/items/{item.id}/opinions").get_json()
    assert "dots" not in api and "user" not in str(api)

    # One resident changing every vote moves group aggregates, never anything tied to that resident.
    db.session.execute(update(CommentVote).where(CommentVote.user_id == residents[0].id)
                       .values(value=-CommentVote.value))
    db.session.commit()
    after = compute_map(thread.id).data
    assert after["participants"] == data["participants"] and len(after["dots"]) == len(data["dots"])
    assert set(after) == set(data)


def test_a_change_to_the_discussion_queues_one_computation_at_a_time(discussion, make_user, app):
    thread, residents, comments, _truth = discussion((5, 4), comments=8)
    voter = make_user(name="Late voter")
    vote_on_comment(voter, comments[0], 1)
    db.session.commit()
    assert [job.payload for job in pending_jobs()] == [{"thread_id": thread.id}]
    vote_on_comment(voter, comments[1], -1)
    post_comment(residents[0], thread, "One more idea about the plan.", "en", position="for")
    db.session.commit()
    assert len(pending_jobs()) == 1  # one is waiting already

    run_due_jobs()
    assert pending_jobs() == []
    opinion_map = db.session.scalar(select(OpinionMap).where(OpinionMap.thread_id == thread.id))
    assert opinion_map.is_ready and opinion_map.revision == db.session.get(Thread, thread.id).revision

    vote_on_comment(voter, comments[2], 1)
    db.session.commit()
    (job,) = pending_jobs()
    waited = job.run_after.replace(tzinfo=None) - opinion_map.computed_at.replace(tzinfo=None)
    assert waited.total_seconds() == pytest.approx(app.config["OPINION_MIN_INTERVAL"], abs=1)
    run_due_jobs()
    assert pending_jobs() == [job]  # not before the interval
    make_due()
    run_due_jobs()
    assert pending_jobs() == []
    assert db.session.scalar(select(OpinionMap.revision)) == db.session.get(Thread, thread.id).revision


def test_the_page_shows_the_map_once_the_worker_has_run(discussion, client, item):
    thread, residents, comments, _truth = discussion((5, 4), comments=8)
    vote_on_comment(residents[0], post_comment(residents[1], thread, "A late comment.", "en")[0], 1)
    db.session.commit()
    before = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "No map has been drawn yet." in before and "opinion-svg" not in before
    make_due()
    run_due_jobs()
    assert pending_jobs() == []
    after = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert 'class="opinion-svg"' in after
    participants = db.session.scalar(select(OpinionMap)).data["participants"]
    assert participants >= 7 and len(re.findall(r"<use href=\"#opinions-shape-[A-E]\"", after)) == participants


def test_a_page_view_computes_nothing(discussion, client, item):
    discussion((5, 4), comments=8)
    client.get(f"/en/items/{item.slug}")
    assert db.session.scalar(select(func.count()).select_from(OpinionMap)) == 0
    assert pending_jobs() == []


def test_the_proposal_page_and_api_show_the_proposal_map(app, client, item, make_user, make_proposal):
    from participation.discussion.services import ensure_proposal_thread

    app.config["JOBS_RUN_AFTER_REQUEST"] = False
    author = make_user(name="Proposer")
    proposal = make_proposal(author, [item])
    thread = ensure_proposal_thread(proposal)
    comments = [post_comment(author, thread, f"Point {n} of the proposal.", "en")[0] for n in range(6)]
    votes, _truth = group_votes((5, 4), 6, seed=8)
    residents = [make_user(name=f"Reader {n}") for n in range(9)]
    db.session.execute(insert(CommentVote), [{"user_id": residents[r].id, "comment_id": comments[c].id, "value": v}
                                             for (r, c), v in sorted(votes.items())])
    compute_map(thread.id)
    db.session.commit()
    page = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "How opinions group" in page and 'class="opinion-svg"' in page
    api = client.get(f"/api/v1/proposals/{proposal.id}/opinions").get_json()
    assert api["status"] == "ready" and sum(group["size"] for group in api["groups"]) == 9
    assert api["revision"] == db.session.get(Thread, thread.id).revision and api["computed_at"]
    assert client.get("/api/v1/proposals/999999/opinions").status_code == 404
    assert client.get("/api/v1/items/999999/opinions").status_code == 404


def test_hidden_comments_are_not_shown_as_representative(discussion, client, item):
    thread, _residents, comments, _truth = discussion((10, 9), comments=12, agreed_by_all={4})
    compute_map(thread.id)
    db.session.execute(update(Comment).where(Comment.id == comments[4].id).values(status="hidden"))
    db.session.commit()
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "Comment number 4 about the plan." not in page[page.index('class="opinion-map"'):]


def test_department_staff_see_the_map_in_their_inbox_with_a_way_to_answer(discussion, client, login, make_user, item):
    from participation.programme.staff import DepartmentMember

    thread, _residents, comments, _truth = discussion((10, 9, 8), comments=16, seed=3, agreed_by_all=(0,))
    compute_map(thread.id)
    department = item.departments[0]
    clerk = make_user(name="Clerk")
    db.session.add(DepartmentMember(user_id=clerk.id, department_id=department.id))
    db.session.commit()
    login(clerk)
    inbox = client.get(f"/en/departments/{department.slug}/inbox").get_data(as_text=True)
    address = f"/en/departments/{department.slug}/inbox/opinions/{item.slug}"
    assert f'href="{address}"' in inbox
    page = client.get(address)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "How opinions group" in html and "<svg" in html
    consensus = html.split("Where every group agrees", 1)[1]
    assert f"/comments/{comments[0].id}/city-answer" in consensus  # answer the comment every group agrees with
    assert "Read this comment in the discussion" in consensus
    assert client.get(f"/en/departments/{department.slug}/inbox/opinions/not-an-item").status_code == 404
    login(make_user(name="Resident"))
    assert client.get(address).status_code == 403


def test_discussions_without_a_map_can_be_queued_once(discussion, runner):
    thread, _residents, _comments, _truth = discussion((10, 9, 8), comments=16, seed=3)
    result = runner.invoke(args=["opinions", "queue"])
    assert result.exit_code == 0, result.output
    assert [job.payload["thread_id"] for job in pending_jobs()] == [thread.id]
    assert runner.invoke(args=["opinions", "queue"]).output.strip().endswith("worker: 0")  # one is waiting
    make_due()
    run_due_jobs(limit=10)
    assert db.session.scalar(select(OpinionMap).where(OpinionMap.thread_id == thread.id)).is_ready
    assert runner.invoke(args=["opinions", "queue"]).output.strip().endswith("worker: 0")  # it has one
    assert runner.invoke(args=["opinions", "queue", "--all"]).output.strip().endswith("worker: 1")


def test_a_residents_group_is_in_their_data_download_and_goes_with_their_account(discussion, client, login):
    import json

    from participation.accounts.personal_data import erase_personal_data

    thread, residents, _comments, _truth = discussion((10, 9, 8), comments=16, seed=3)
    compute_map(thread.id)
    db.session.commit()
    mine = db.session.scalar(select(OpinionMembership.group_label).where(OpinionMembership.user_id == residents[0].id))
    login(residents[0])
    data = json.loads(client.get("/en/account/export").data)
    assert data["opinion_groups"] == [{"thread_id": thread.id, "group": mine}]
    erase_personal_data(residents[0])  # what deleting the account runs first
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OpinionMembership)
                             .where(OpinionMembership.user_id == residents[0].id)) == 0
