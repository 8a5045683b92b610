"""From report to decision to appeal, through real HTTP requests."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from participation.audit.models import AuditEntry, AuditLogIsAppendOnly
from participation.core.models import utcnow
from participation.extensions import db
from participation.moderation.models import (
    Action,
    Appeal,
    AppealStatus,
    Decision,
    HiddenTarget,
    ModerationCase,
)


def _hidden(target_id):
    return db.session.scalar(
        select(HiddenTarget).where(HiddenTarget.target_type == "profile", HiddenTarget.target_id == target_id)
    )


@pytest.fixture
def reported(client, make_user, login, report_url, open_case):
    """A profile reported three times (so hidden pending review) and its open case."""

    def make(name="Spam Shop", reports=3):
        target = make_user(name=name)
        for _ in range(reports):
            login(make_user())
            client.post(report_url("profile", target.id), data={"reason": "spam", "note": "shop links"})
        client.get("/en/")  # a plain request ends the last reporter's session use
        return target, open_case("profile", target.id)

    return make


def _decide(client, case, **data):
    return client.post(f"/en/moderation/cases/{case.id}/decide", data=data, follow_redirects=True)


def test_queue_shows_open_cases_with_reports_and_history(client, make_user, login, reported):
    target, case = reported()
    login(make_user(role="moderator"))
    queue = client.get("/en/moderation")
    assert queue.status_code == 200
    html = queue.get_data(as_text=True)
    assert f"/en/moderation/cases/{case.id}" in html
    assert "Hidden pending review" in html
    detail = client.get(f"/en/moderation/cases/{case.id}").get_data(as_text=True)
    assert "Spam Shop" in detail
    assert "3 reports" in detail and "shop links" in detail
    assert "No earlier decisions against this person." in detail


def test_queue_sorts_by_most_reported(client, make_user, login, reported):
    first, _ = reported(name="Once", reports=1)
    second, _ = reported(name="Twice", reports=2)
    login(make_user(role="moderator"))
    oldest = client.get("/en/moderation?sort=oldest").get_data(as_text=True)
    most = client.get("/en/moderation?sort=most_reported").get_data(as_text=True)
    case_links = lambda html: [part.split('"')[0] for part in html.split('href="/en/moderation/cases/')[1:]]  # noqa: E731
    assert case_links(oldest) == list(reversed(case_links(most)))


def test_residents_cannot_see_the_queue(client, make_user, login):
    login(make_user())
    assert client.get("/en/moderation").status_code == 403


def test_dismiss_makes_content_visible_again_and_tells_reporters(client, make_user, login, reported):
    target, case = reported()
    assert _hidden(target.id) is not None
    login(make_user(role="moderator"))
    response = _decide(client, case, action="dismiss", reason="other", note="Not spam")
    assert "Decision recorded" in response.get_data(as_text=True)
    db.session.expire_all()
    assert _hidden(target.id) is None
    case = db.session.get(ModerationCase, case.id)
    assert case.status.value == "closed" and case.open_marker is None
    assert all(r.outcome_notified_at is not None for r in case.reports)


def test_hide_keeps_content_hidden_with_a_reason_and_allows_a_new_case_later(client, make_user, login, reported, report_url, open_case):
    target, case = reported()
    login(make_user(role="moderator"))
    _decide(client, case, action="hide", reason="spam")
    db.session.expire_all()
    assert _hidden(target.id) is not None
    decision = db.session.scalar(select(Decision).where(Decision.case_id == case.id))
    assert decision.action == Action.HIDE and decision.subject_id == target.id
    # A later report opens a new case: one open case per target, any number of closed ones.
    login(make_user())
    client.post(report_url("profile", target.id), data={"reason": "spam"})
    assert open_case("profile", target.id).id != case.id


def test_edit_out_personal_data_replaces_the_text_and_keeps_the_original_in_the_audit(client, make_user, login, reported):
    target, case = reported(name="Mario Rossi via Roma 3")
    login(make_user(role="moderator"))
    _decide(client, case, action="edit", reason="personal_data", edited_text="Mario R.")
    db.session.expire_all()
    assert db.session.get(type(target), target.id).display_name == "Mario R."
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "edit"))
    assert entry.before_text == "Mario Rossi via Roma 3"


def test_edit_without_text_is_refused(client, make_user, login, reported):
    target, case = reported()
    login(make_user(role="moderator"))
    response = _decide(client, case, action="edit", reason="personal_data", edited_text="  ")
    assert "Write the text as it should be published" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ModerationCase, case.id).status.value == "open"


def test_warn_records_a_decision_the_author_can_see(client, make_user, login, reported):
    target, case = reported()
    login(make_user(role="moderator"))
    _decide(client, case, action="warn", reason="off_topic", note="Please stay on topic")
    login(target)
    html = client.get("/en/account/decisions").get_data(as_text=True)
    assert "Warning" in html and "Please stay on topic" in html and "Appeal this decision" in html


@pytest.mark.parametrize("days", [1, 3, 7, 30, 0])
def test_suspension_lengths(client, make_user, login, reported, days):
    target, case = reported()
    login(make_user(role="moderator"))
    _decide(client, case, action="suspend", reason="offensive", suspension_days=str(days))
    db.session.expire_all()
    user = db.session.get(type(target), target.id)
    assert user.is_suspended
    until = user.suspended_until if user.suspended_until.tzinfo else user.suspended_until.replace(tzinfo=utcnow().tzinfo)
    expected = timedelta(days=days) if days else timedelta(days=365 * 100)
    assert until - utcnow() >= expected - timedelta(minutes=5)


def test_suspended_resident_sees_why_and_until_when_and_cannot_report(client, make_user, login, reported, report_url, open_case):
    target, case = reported()
    login(make_user(role="moderator"))
    _decide(client, case, action="suspend", reason="offensive", suspension_days="7")
    other = make_user(name="Someone")
    login(target)
    page = client.get("/en/").get_data(as_text=True)
    assert "Your account is suspended" in page and "Offensive or hateful" in page
    response = client.post(report_url("profile", other.id), data={"reason": "spam"})
    assert response.status_code == 403
    assert open_case("profile", other.id) is None


def test_suspension_takes_effect_on_an_existing_session(client, make_user, login, reported, report_url, open_case):
    target, case = reported()
    victim = make_user(name="Victim")
    moderator = make_user(role="moderator")
    from flask.testing import FlaskClient

    target_client = FlaskClient(client.application, client.response_wrapper, use_cookies=True)
    with target_client.session_transaction() as session:
        session["_user_id"] = target.get_id()
    assert target_client.get(report_url("profile", victim.id)).status_code == 200
    login(moderator)
    _decide(client, case, action="suspend", reason="offensive", suspension_days="1")
    # The suspension ended the session: the report is sent to the sign-in page and not recorded.
    refused = target_client.post(report_url("profile", victim.id), data={"reason": "spam"})
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert open_case("profile", victim.id) is None


def test_a_moderator_cannot_suspend_an_administrator_or_another_moderator(client, make_user, login, report_url, open_case):
    admin = make_user(role="administrator", name="Admin")
    other_mod = make_user(role="moderator", name="Other mod")
    for target in (admin, other_mod):
        login(make_user())
        client.post(report_url("profile", target.id), data={"reason": "spam"})
    login(make_user(role="moderator"))
    for target in (admin, other_mod):
        case = open_case("profile", target.id)
        response = _decide(client, case, action="suspend", reason="offensive", suspension_days="7")
        assert "You cannot suspend this account" in response.get_data(as_text=True)
        db.session.expire_all()
        assert not db.session.get(type(target), target.id).is_suspended


def test_an_administrator_can_suspend_a_moderator_but_not_an_administrator(client, make_user, login, report_url, open_case):
    other_admin = make_user(role="administrator")
    moderator = make_user(role="moderator")
    for target in (other_admin, moderator):
        login(make_user())
        client.post(report_url("profile", target.id), data={"reason": "spam"})
    login(make_user(role="administrator"))
    _decide(client, open_case("profile", moderator.id), action="suspend", reason="offensive", suspension_days="1")
    _decide(client, open_case("profile", other_admin.id), action="suspend", reason="offensive", suspension_days="1")
    db.session.expire_all()
    assert db.session.get(type(moderator), moderator.id).is_suspended
    assert not db.session.get(type(other_admin), other_admin.id).is_suspended


def test_nobody_moderates_their_own_content(client, make_user, login, report_url, open_case):
    moderator = make_user(role="moderator")
    login(make_user())
    client.post(report_url("profile", moderator.id), data={"reason": "spam"})
    login(moderator)
    response = _decide(client, open_case("profile", moderator.id), action="dismiss", reason="other")
    assert "your own contributions" in response.get_data(as_text=True)
    assert open_case("profile", moderator.id) is not None


def test_claimed_case_is_closed_to_other_moderators(client, make_user, login, reported):
    target, case = reported()
    first, second = make_user(role="moderator", name="First"), make_user(role="moderator", name="Second")
    login(first)
    client.post(f"/en/moderation/cases/{case.id}/claim")
    login(second)
    assert "Taken by <bdi>First</bdi>" in client.get(f"/en/moderation/cases/{case.id}").get_data(as_text=True)
    response = client.post(f"/en/moderation/cases/{case.id}/claim", follow_redirects=True)
    assert "Another moderator is working on this case" in response.get_data(as_text=True)
    response = _decide(client, case, action="hide", reason="spam")
    assert "Another moderator is working on this case" in response.get_data(as_text=True)
    login(first)
    client.post(f"/en/moderation/cases/{case.id}/release")
    login(second)
    response = _decide(client, case, action="hide", reason="spam")
    assert "Decision recorded" in response.get_data(as_text=True)


def test_staff_hide_and_restore_directly(client, make_user, login):
    target = make_user(name="Visible")
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/hide/profile/{target.id}", data={"reason": "offensive", "next": "/en/"})
    assert _hidden(target.id) is not None
    client.post(f"/en/moderation/restore/profile/{target.id}", data={"reason": "other", "next": "/en/"})
    db.session.expire_all()
    assert _hidden(target.id) is None
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["hide", "restore"]


def test_direct_action_next_cannot_leave_the_site(client, make_user, login):
    target = make_user()
    login(make_user(role="moderator"))
    response = client.post(f"/en/moderation/hide/profile/{target.id}", data={"reason": "spam", "next": "https://evil.example/"})
    assert "evil.example" not in response.headers["Location"]


def test_residents_cannot_hide_directly(client, make_user, login):
    target = make_user()
    login(make_user())
    assert client.post(f"/en/moderation/hide/profile/{target.id}", data={"reason": "spam"}).status_code == 403
    assert _hidden(target.id) is None


# --- appeals ----------------------------------------------------------------------

def _decided(client, make_user, login, reported, action="hide", **extra):
    target, case = reported()
    decider = make_user(role="moderator", name="Decider")
    login(decider)
    _decide(client, case, action=action, reason="spam", **extra)
    decision = db.session.scalar(select(Decision).where(Decision.case_id == case.id))
    return target, decider, decision


def test_appeal_goes_to_another_moderator_and_overturning_restores(client, make_user, login, reported):
    target, decider, decision = _decided(client, make_user, login, reported)
    reviewer = make_user(role="moderator", name="Reviewer")
    login(target)
    response = client.post(f"/en/decisions/{decision.id}/appeal", data={"text": "It was not spam"}, follow_redirects=True)
    assert "Your appeal was sent" in response.get_data(as_text=True)
    appeal = db.session.scalar(select(Appeal))
    assert appeal.assigned_to_id == reviewer.id
    login(decider)
    response = client.post(f"/en/moderation/appeals/{appeal.id}/decide", data={"outcome": "overturn"})
    assert response.status_code == 403
    login(reviewer)
    client.post(f"/en/moderation/appeals/{appeal.id}/decide", data={"outcome": "overturn", "note": "Fair point"})
    db.session.expire_all()
    appeal = db.session.get(Appeal, appeal.id)
    assert appeal.status == AppealStatus.OVERTURNED and appeal.decided_by_id == reviewer.id
    assert _hidden(target.id) is None
    # Final: no second appeal, no second answer.
    login(target)
    again = client.post(f"/en/decisions/{decision.id}/appeal", data={"text": "again"})
    assert again.status_code == 403
    login(reviewer)
    response = client.post(f"/en/moderation/appeals/{appeal.id}/decide", data={"outcome": "uphold"}, follow_redirects=True)
    assert "already been decided" in response.get_data(as_text=True)


def test_overturned_suspension_is_lifted(client, make_user, login, reported):
    target, decider, decision = _decided(client, make_user, login, reported, action="suspend", suspension_days="30")
    reviewer = make_user(role="moderator")
    login(target)
    client.post(f"/en/decisions/{decision.id}/appeal", data={"text": "Please review"})
    appeal = db.session.scalar(select(Appeal))
    login(reviewer)
    client.post(f"/en/moderation/appeals/{appeal.id}/decide", data={"outcome": "overturn"})
    db.session.expire_all()
    assert not db.session.get(type(target), target.id).is_suspended


def test_upheld_appeal_keeps_the_decision(client, make_user, login, reported):
    target, decider, decision = _decided(client, make_user, login, reported)
    reviewer = make_user(role="moderator")
    login(target)
    client.post(f"/en/decisions/{decision.id}/appeal", data={"text": "Please review"})
    appeal = db.session.scalar(select(Appeal))
    login(reviewer)
    client.post(f"/en/moderation/appeals/{appeal.id}/decide", data={"outcome": "uphold"})
    db.session.expire_all()
    assert db.session.get(Appeal, appeal.id).status == AppealStatus.UPHELD
    assert _hidden(target.id) is not None


def test_when_no_other_moderator_exists_the_decider_reviews(client, make_user, login, reported):
    target, decider, decision = _decided(client, make_user, login, reported)
    login(target)
    client.post(f"/en/decisions/{decision.id}/appeal", data={"text": "Please"})
    appeal = db.session.scalar(select(Appeal))
    assert appeal.assigned_to_id is None
    login(decider)
    client.post(f"/en/moderation/appeals/{appeal.id}/decide", data={"outcome": "uphold"})
    db.session.expire_all()
    assert db.session.get(Appeal, appeal.id).status == AppealStatus.UPHELD


def test_only_the_person_concerned_appeals(client, make_user, login, reported):
    target, decider, decision = _decided(client, make_user, login, reported)
    login(make_user())
    assert client.post(f"/en/decisions/{decision.id}/appeal", data={"text": "me too"}).status_code == 403
    assert db.session.scalar(select(Appeal)) is None


def test_empty_appeal_is_refused(client, make_user, login, reported):
    target, decider, decision = _decided(client, make_user, login, reported)
    login(target)
    response = client.post(f"/en/decisions/{decision.id}/appeal", data={"text": "   "})
    assert response.status_code == 400
    assert "Explain why the decision should be reviewed" in response.get_data(as_text=True)
    assert db.session.scalar(select(Appeal)) is None


def test_suspended_resident_can_still_appeal(client, make_user, login, reported):
    target, decider, decision = _decided(client, make_user, login, reported, action="suspend", suspension_days="7")
    login(target)
    response = client.post(f"/en/decisions/{decision.id}/appeal", data={"text": "Please"}, follow_redirects=True)
    assert "Your appeal was sent" in response.get_data(as_text=True)


# --- audit log, figures, dashboard --------------------------------------------------

def test_audit_log_is_append_only(app, make_user):
    from participation.audit.services import record_audit

    entry = record_audit(make_user(role="moderator"), "hide", "profile", 1, reason="spam", before_text="x")
    db.session.commit()
    entry.note = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_every_moderation_action_is_audited(client, make_user, login, reported):
    target, decider, decision = _decided(client, make_user, login, reported)
    reviewer = make_user(role="moderator")
    login(target)
    client.post(f"/en/decisions/{decision.id}/appeal", data={"text": "Please"})
    login(reviewer)
    appeal = db.session.scalar(select(Appeal))
    client.post(f"/en/moderation/appeals/{appeal.id}/decide", data={"outcome": "uphold", "note": "ok"})
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["auto_hide", "hide", "appeal", "appeal_upheld"]
    hide = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "hide"))
    assert hide.actor_name == "Decider" and hide.reason == "spam" and hide.before_text == "Spam Shop"


def test_audit_browse_filter_and_csv_for_administrators_only(client, make_user, login, reported):
    _decided(client, make_user, login, reported)
    login(make_user(role="moderator"))
    assert client.get("/en/admin/audit").status_code == 403
    assert client.get("/en/admin/audit.csv").status_code == 403
    login(make_user(role="administrator"))
    html = client.get("/en/admin/audit?action=hide").get_data(as_text=True)
    assert "Decider" in html and "auto_hide</td>" not in html
    assert client.get("/en/admin/audit?since=not-a-date").status_code == 400
    csv_text = client.get("/en/admin/audit.csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("id,created_at,actor_id,actor,action")
    assert "Spam Shop" in csv_text


def test_public_figures_have_no_personal_data(client, make_user, login, reported):
    target, decider, decision = _decided(client, make_user, login, reported)
    login(make_user())
    html = client.get("/en/transparency").get_data(as_text=True)
    assert "Spam Shop" not in html and "Decider" not in html and "@" not in html.split("<main")[1]
    assert "<td>3</td>" in html and "<td>1</td>" in html  # three reports, one hidden


def test_dashboard_counts(client, make_user, login, reported):
    reported(name="A")
    reported(name="B")
    login(make_user(role="moderator"))
    html = client.get("/en/moderation").get_data(as_text=True)
    assert "Open cases" in html and "<dd>2</dd>" in html


def test_settings_and_blocked_phrases(client, make_user, login):
    login(make_user(role="moderator"))
    response = client.post("/en/moderation/settings", data={"auto_hide_threshold": "0", "premoderate_first_n": "0"})
    assert response.status_code == 400
    assert "from 1 to 100" in response.get_data(as_text=True)
    client.post("/en/moderation/settings", data={"auto_hide_threshold": "5", "premoderate_first_n": "2"})
    from participation.moderation.settings import get_setting

    assert get_setting("auto_hide_threshold") == 5 and get_setting("premoderate_first_n") == 2
    client.post("/en/moderation/phrases", data={"phrase-phrase": "compra subito"})
    response = client.post("/en/moderation/phrases", data={"phrase-phrase": "COMPRA subito"}, follow_redirects=True)
    assert "already on the list" in response.get_data(as_text=True)
    from participation.moderation.screening import matching_phrase

    assert matching_phrase("Offerta: compra subito!") == "compra subito"
    assert matching_phrase("COMPRA   subìto") == "compra subito"  # case, spacing and accents do not matter
    assert matching_phrase("non comprare") is None


def test_hidden_profile_shows_the_reason_to_the_public(client, make_user, login):
    target = make_user(name="Shown Name")
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/hide/profile/{target.id}", data={"reason": "offensive"})
    client.post("/en/logout")
    with client.session_transaction() as session:
        session.clear()
    html = client.get(f"/en/users/{target.id}").get_data(as_text=True)
    assert "Hidden by the moderators: Offensive or hateful" in html
    assert "Shown Name" not in html.split("<main")[1]


def test_group_can_be_reported_and_hidden(client, make_user, login, report_url, open_case):
    from participation.groups.models import Group, Neighbourhood

    founder = make_user(name="Founder")
    neighbourhood = Neighbourhood(name="Centro", slug="centro")
    db.session.add(neighbourhood)
    db.session.flush()
    group = Group(name="Amici del Po", name_key="amici del po", slug="amici-del-po", neighbourhood=neighbourhood,
                  description="Puliamo le rive", created_by=founder)
    db.session.add(group)
    db.session.commit()
    login(make_user())
    page = client.get("/en/groups/amici-del-po").get_data(as_text=True)
    assert f"/en/report/group/{group.id}" in page
    client.post(report_url("group", group.id), data={"reason": "spam"})
    assert open_case("group", group.id).report_count == 1
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/hide/group/{group.id}", data={"reason": "spam"})
    login(make_user())
    html = client.get("/en/groups/amici-del-po").get_data(as_text=True)
    assert "Hidden by the moderators: Spam or advertising" in html and "Puliamo le rive" not in html


def test_role_changes_and_group_verification_are_audited(client, make_user, login):
    from participation.groups.models import Group, Neighbourhood

    admin = make_user(role="administrator", name="Boss")
    resident = make_user(name="Future mod")
    neighbourhood = Neighbourhood(name="Po", slug="po")
    db.session.add(neighbourhood)
    db.session.flush()
    group = Group(name="Gruppo", name_key="gruppo", slug="gruppo", neighbourhood=neighbourhood, created_by=resident)
    db.session.add(group)
    db.session.commit()
    login(admin)
    client.post(f"/en/admin/roles/{resident.id}", data={"role": "moderator"})
    client.post("/en/groups/gruppo/verify")
    entries = {e.action: e for e in db.session.scalars(select(AuditEntry))}
    assert entries["role_change"].actor_name == "Boss" and entries["role_change"].before_text == "resident"
    assert entries["group_verified"].target_id == group.id
