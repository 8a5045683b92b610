"""Every list page runs the same number of SQL statements with little and with much data."""
import pytest

from participation.core.kept import section_cache
from participation.extensions import db
from tests.participation_fixtures import *  # noqa: F401,F403

PAGES = {
    "home": ("/en/", None),
    "area": ("/en/areas/1", None),
    "department": (None, None),  # the address depends on the imported data
    "proposals": ("/en/proposals?status=published&sort=supported", None),
    "priorities": ("/en/priorities", None),
    "notifications": ("/en/notifications", "reader"),
    "groups": ("/en/groups", None),
    "moderation queue": ("/en/moderation", "moderator"),
    "audit log": ("/en/admin/audit", "administrator"),
    "item": (None, "reader"),
    "progress": ("/en/progress", None),
    "progress feed": ("/en/progress/feed.atom", None),
    "answers": ("/en/answers", None),
}


def _add_activity(n, people, item, staff, make_proposal, tag):
    """``n`` of everything the list pages show: comments, votes, proposals, groups, notifications, reports, audit."""
    from participation.answers.services import record_comment_wish
    from participation.audit.services import record_audit
    from participation.discussion.services import ensure_item_thread, post_comment
    from participation.groups.models import Neighbourhood
    from participation.groups.services import create_group, verify_group
    from participation.moderation.reports import report_target
    from participation.notifications.services import notify
    from participation.progress.services import publish_progress_update
    from participation.progress.statuses import seed_statuses, status_by_key
    from participation.votes.services import support_item

    reader, moderator, administrator = staff
    thread = ensure_item_thread(item.id)
    from participation.groups.services import seed_neighbourhoods

    seed_neighbourhoods()
    seed_statuses()
    neighbourhood = db.session.scalars(db.select(Neighbourhood).order_by(Neighbourhood.id)).first()
    for k in range(n):
        author = people[k % len(people)]
        comment, _created = post_comment(author, thread, f"Comment {tag} {k} about the buses.", "en")
        post_comment(people[(k + 1) % len(people)], thread, f"Reply {tag} {k}.", "en", parent=comment)
        report_target(reader, "comment", comment.id, "spam")
        if k < len(people):
            support_item(author, item, support=True)
        make_proposal(author, [item], title=f"Proposal {tag} {k}")
        group = create_group(author, f"Group {tag} {k}", neighbourhood, "Neighbours who care.")
        verify_group(administrator, group)
        notify(reader, "reply", comment_id=comment.id, thread_title=item.title, author=author.display_name)
        record_audit(administrator, "role_change", "user", author.id, note=f"{tag} {k}")
        record_comment_wish(comment)
        publish_progress_update(moderator, item, status=status_by_key("in_progress"), progress=10 + k,
                                text=f"Update {tag} {k}.", department=item.departments[0],
                                documents=[(f"{tag}-{k}.pdf", b"%PDF-1.4 query counts")])
        db.session.commit()


@pytest.fixture
def world(app, programme, make_user, make_proposal):
    from participation.programme.models import Department, ProgrammeItem

    item = db.session.scalars(db.select(ProgrammeItem).order_by(ProgrammeItem.id)).first()
    department = db.session.scalars(db.select(Department).order_by(Department.id)).first()
    staff = (make_user(name="Reader"), make_user(role="moderator", name="Moderator"),
             make_user(role="administrator", name="Administrator"))
    people = [make_user(name=f"Resident {n}") for n in range(12)]
    return {"item": item, "department": department, "staff": staff, "people": people,
            "make_proposal": make_proposal}


def _queries(client, login, logout, count_queries, path, who, staff):
    # The test shares the request's session: end its transaction so that each
    # measurement starts alike (with the request's own BEGIN).
    if who is None:
        logout()
    else:
        login({"reader": staff[0], "moderator": staff[1], "administrator": staff[2]}[who])
    db.session.commit()
    section_cache().clear()  # each page as it is built: what is kept is counted by the features' own tests
    with count_queries() as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return queries()


def _measure_all(client, login, logout, count_queries, world):
    counts = {}
    for name, (path, who) in PAGES.items():
        if name == "department":
            path = f"/en/departments/{world['department'].slug}"
        elif name == "item":
            path = f"/en/items/{world['item'].slug}"
        counts[name] = _queries(client, login, logout, count_queries, path, who, world["staff"])
    return counts


def test_list_pages_run_the_same_number_of_queries_as_data_grows(client, login, logout, count_queries, world, runner):
    args = (world["people"], world["item"], world["staff"], world["make_proposal"])
    _add_activity(2, *args, tag="a")
    small = _measure_all(client, login, logout, count_queries, world)

    _add_activity(10, *args, tag="b")
    seeded = runner.invoke(args=["dev", "seed", "--size", "T"])
    assert seeded.exit_code == 0, seeded.output
    large = _measure_all(client, login, logout, count_queries, world)

    from participation.audit.models import AuditEntry
    from participation.notifications.models import Notification

    # The larger data is really larger: more than one page of most lists.
    assert db.session.scalar(db.select(db.func.count()).select_from(Notification)) >= 12
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) >= 12

    assert large == small
