"""Reporting, automatic hiding and the threshold under concurrent reports."""
import threading
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import select

from participation.audit.models import AuditEntry
from participation.extensions import db
from participation.moderation.models import HiddenTarget, ModerationCase
from participation.moderation.settings import set_setting


def _hidden(target_type, target_id):
    return db.session.scalar(
        select(HiddenTarget).where(HiddenTarget.target_type == target_type, HiddenTarget.target_id == target_id)
    )


def test_resident_reports_a_profile(client, make_user, login, report_url, open_case):
    target = make_user(name="Spammer")
    login(make_user())
    page = client.get(report_url("profile", target.id))
    assert page.status_code == 200
    assert "Spammer" in page.get_data(as_text=True)
    response = client.post(report_url("profile", target.id), data={"reason": "spam", "note": "Links to a shop"},
                           follow_redirects=True)
    assert "your report was received" in response.get_data(as_text=True)
    case = open_case("profile", target.id)
    assert case is not None and case.report_count == 1
    assert case.reports[0].note == "Links to a shop"
    assert _hidden("profile", target.id) is None  # one report does not hide


def test_one_report_per_person_and_target(client, make_user, login, report_url, open_case):
    target = make_user()
    login(make_user())
    client.post(report_url("profile", target.id), data={"reason": "spam"})
    response = client.post(report_url("profile", target.id), data={"reason": "offensive"}, follow_redirects=True)
    assert "already reported" in response.get_data(as_text=True)
    db.session.expire_all()
    assert open_case("profile", target.id).report_count == 1


def test_note_over_1000_characters_is_refused(client, make_user, login, report_url, open_case):
    target = make_user()
    login(make_user())
    response = client.post(report_url("profile", target.id), data={"reason": "spam", "note": "x" * 1001})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "At most 1000 characters" in html
    assert "<title>Error:" in html
    assert 'aria-invalid="true"' in html
    assert open_case("profile", target.id) is None


def test_reason_is_required(client, make_user, login, report_url, open_case):
    target = make_user()
    login(make_user())
    response = client.post(report_url("profile", target.id), data={"note": "hm"})
    assert response.status_code == 400
    assert "Choose a reason" in response.get_data(as_text=True)
    assert open_case("profile", target.id) is None


def test_unknown_reason_is_refused(client, make_user, login, report_url, open_case):
    target = make_user()
    login(make_user())
    response = client.post(report_url("profile", target.id), data={"reason": "because"})
    assert response.status_code == 400
    assert open_case("profile", target.id) is None


def test_nobody_reports_themselves(client, make_user, login, report_url, open_case):
    me = login(make_user())
    response = client.post(report_url("profile", me.id), data={"reason": "spam"}, follow_redirects=True)
    assert "your own contributions" in response.get_data(as_text=True)
    assert open_case("profile", me.id) is None


@pytest.mark.parametrize("kind", ["anonymous", "unverified", "suspended"])
def test_who_cannot_report(client, make_user, login, report_url, open_case, kind):
    from datetime import timedelta

    from participation.core.models import utcnow

    target = make_user()
    if kind == "unverified":
        login(make_user(verified=False))
    elif kind == "suspended":
        login(make_user(suspended_until=utcnow() + timedelta(days=3)))
    response = client.post(report_url("profile", target.id), data={"reason": "spam"})
    assert response.status_code in (302, 401, 403)
    if kind == "anonymous":
        assert response.status_code in (302, 401)
    else:
        assert response.status_code == 403
    assert open_case("profile", target.id) is None


def test_unknown_target_is_404(client, make_user, login, report_url):
    login(make_user())
    assert client.post(report_url("profile", 999999), data={"reason": "spam"}).status_code == 404
    assert client.post(report_url("nothing", 1), data={"reason": "spam"}).status_code == 404


def test_third_resident_hides_pending_review(client, make_user, login, report_url, open_case):
    target = make_user()
    for n in range(3):
        login(make_user())
        client.post(report_url("profile", target.id), data={"reason": "offensive"})
        db.session.expire_all()
        assert (_hidden("profile", target.id) is not None) == (n == 2)
    case = open_case("profile", target.id)
    assert case.auto_hidden and case.report_count == 3
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auto_hide")) is not None


def test_threshold_is_a_setting(client, make_user, login, report_url):
    set_setting("auto_hide_threshold", 1)
    db.session.commit()
    target = make_user()
    login(make_user())
    client.post(report_url("profile", target.id), data={"reason": "spam"})
    assert _hidden("profile", target.id) is not None


def test_staff_report_hides_at_once(client, make_user, login, report_url):
    target = make_user()
    login(make_user(role="moderator"))
    client.post(report_url("profile", target.id), data={"reason": "illegal"})
    assert _hidden("profile", target.id) is not None


@pytest.mark.parametrize("threshold", [3, 12])
def test_concurrent_reports_cannot_miss_the_threshold(app, make_user, live_server, session_cookie, threshold):
    """Many residents report at the same moment over real HTTP; the count is exact and the target hidden."""
    set_setting("auto_hide_threshold", threshold)
    db.session.commit()
    target = make_user(name="Target")
    reporters = [make_user() for _ in range(12)]
    cookies = [session_cookie(user) for user in reporters]
    target_id = target.id
    db.session.commit()
    barrier = threading.Barrier(len(reporters))
    statuses = []

    def send(cookie):
        data = urllib.parse.urlencode({"reason": "spam"}).encode()
        request = urllib.request.Request(
            f"{live_server}/it/report/profile/{target_id}", data=data, headers={"Cookie": f"session={cookie}"}
        )
        opener = urllib.request.build_opener(_NoRedirect)
        barrier.wait()
        try:
            with opener.open(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=send, args=(cookie,)) for cookie in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] * len(reporters)
    db.session.rollback()  # end this thread's read snapshot to see the server's commits
    cases = db.session.scalars(select(ModerationCase).where(ModerationCase.target_id == target_id)).all()
    assert len(cases) == 1
    assert cases[0].report_count == len(cases[0].reports) == len(reporters)
    assert cases[0].auto_hidden
    assert _hidden("profile", target_id) is not None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
