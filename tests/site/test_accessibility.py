"""The accessibility statement, its feedback form, the staff list and the plain-language page."""
import re

import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.extensions import db
from participation.permissions import can_read_accessibility_feedback
from participation.site import services
from participation.site.models import AccessibilityFeedback
from tests.conftest import empty_database, make_config, release_database

ROLES = ["resident", "translator", "moderator", "administrator"]


def feedback_count():
    return db.session.scalar(select(func.count()).select_from(AccessibilityFeedback))


def feedback(message="The menu cannot be opened with the keyboard.", **fields):
    entry = services.record_accessibility_feedback(
        None, message=message, email=fields.get("email", ""), page_url=fields.get("page_url", ""),
        language=fields.get("language", "it"),
    )
    db.session.commit()
    return entry


# --- the statement page ---


@pytest.mark.parametrize("lang", ["it", "en", "ar"])
def test_statement_page_has_the_sections_of_the_agid_model(client, lang):
    html = client.get(f"/{lang}/accessibility").get_data(as_text=True)
    for section in ("conformance-title", "non-accessible-title", "method-title", "feedback-title", "enforcement-title"):
        assert f'id="{section}"' in html
    assert f'action="/{lang}/accessibility"' in html
    assert 'name="message"' in html
    assert "https://form.agid.gov.it/" in html


def test_statement_states_partial_conformance_and_how_it_was_checked(client):
    html = client.get("/en/accessibility").get_data(as_text=True)
    assert "partially compliant with the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA" in html
    assert "axe-core" in html and "Nu HTML Checker" in html
    assert "24 November 2026" in html  # the date, formatted for the language (English as read in Italy)


def test_statement_date_is_formatted_for_italian(client):
    assert "24 novembre 2026" in client.get("/it/accessibility").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/it/", "/en/about", "/ar/terms", "/en/no-such-page"])
def test_footer_links_to_the_statement_and_the_plain_language_page(client, path):
    html = client.get(path).get_data(as_text=True)
    lang = path.split("/")[1]
    footer = html[html.index('<footer'):]
    assert f'href="/{lang}/accessibility"' in footer
    assert f'href="/{lang}/how-to-take-part"' in footer


def test_home_links_to_the_plain_language_page(client):
    html = client.get("/en/").get_data(as_text=True)
    main = html[html.index("<main"):html.index("</main>")]
    assert 'href="/en/how-to-take-part"' in main


def test_plain_language_page(client):
    response = client.get("/en/how-to-take-part")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>How to take part</h1>" in html
    assert "Everyone can read. You do not need an account." in html
    assert 'href="/en/accessibility#feedback"' in html
    # Plain language: short sentences in the body of the page.
    main = re.sub(r"<[^>]+>", " ", html[html.index("<main"):html.index("</main>")])
    sentences = [s for s in re.split(r"[.?!:]\s", main) if s.strip()]
    assert max(len(sentence.split()) for sentence in sentences) <= 20


# --- the feedback form ---


def test_feedback_is_stored_with_its_language_and_thanked(client):
    response = client.post(
        "/en/accessibility",
        data={"message": "  The map has no text alternative.  ", "email": "anna@example.org", "page_url": "/en/areas/2"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/accessibility")
    entry = db.session.scalars(select(AccessibilityFeedback)).one()
    assert (entry.message, entry.email, entry.page_url, entry.language) == (
        "The map has no text alternative.", "anna@example.org", "/en/areas/2", "en"
    )
    assert entry.created_at is not None and entry.handled_at is None and entry.author_id is None
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you. We have received your message" in html
    assert 'role="status"' in html


def test_feedback_of_a_signed_in_resident_records_the_author(client, make_user, login):
    resident = login(make_user())
    client.post("/it/accessibility", data={"message": "Il contrasto è basso."})
    entry = db.session.scalars(select(AccessibilityFeedback)).one()
    assert entry.author_id == resident.id and entry.email is None and entry.language == "it"


def test_empty_message_shows_the_error_summary_and_saves_nothing(client):
    response = client.post(
        "/en/accessibility", data={"message": "   ", "email": "anna@example.org", "page_url": "/en/about"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert feedback_count() == 0
    assert re.search(r"<title>Error: Accessibility statement", html)
    summary = re.search(r'<div class="error-summary"[^>]*>', html).group(0)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert '<a href="#message">Describe the problem you found.</a>' in html
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in textarea
    assert 'aria-describedby="message-hint message-error"' in textarea
    assert 'id="message-error"' in html
    # What the person typed is kept.
    assert 'value="anna@example.org"' in html and 'value="/en/about"' in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"message": "Hello", "email": "not-an-email"}, "email", "Enter an email address like name@example.org."),
        ({"message": "Hello", "page_url": "https://elsewhere.example/"}, "page_url", "starting with /"),
        ({"message": "Hello", "page_url": "//elsewhere.example/"}, "page_url", "starting with /"),
        ({"message": "x" * 5001}, "message", "Write at most 5000 characters."),
    ],
)
def test_invalid_feedback_is_refused_with_a_message_and_kept(client, data, field, message):
    response = client.post("/en/accessibility", data=data)
    html = response.get_data(as_text=True)
    assert feedback_count() == 0
    assert f'<a href="#{field}">' in html and message in html
    assert 'aria-invalid="true"' in re.search(rf'<(input|textarea)[^>]*name="{field}"[^>]*>', html).group(0)
    if field != "message":
        assert "Hello" in html


def test_feedback_without_csrf_token_is_refused(tmp_path):
    app = create_app(make_config(tmp_path, WTF_CSRF_ENABLED=True))
    with app.app_context():
        empty_database()
        client = app.test_client()
        page = client.get("/en/accessibility").get_data(as_text=True)
        assert 'name="csrf_token"' in page
        response = client.post("/en/accessibility", data={"message": "Hello"})
        assert response.status_code == 400
        assert feedback_count() == 0
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        assert client.post("/en/accessibility", data={"message": "Hello", "csrf_token": token}).status_code == 302
        assert feedback_count() == 1
        release_database()


def test_page_address_is_prefilled_from_the_link(client):
    html = client.get("/en/accessibility?page=/en/areas/3").get_data(as_text=True)
    assert 'value="/en/areas/3"' in html


# --- the staff list ---


@pytest.mark.parametrize("role", [None, *ROLES])
def test_only_staff_read_the_feedback(client, make_user, login, role):
    feedback("<script>alert(1)</script> the button is unlabelled")
    if role:
        login(make_user(role=role))
    response = client.get("/en/admin/accessibility-feedback")
    if role in ("moderator", "administrator"):
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "&lt;script&gt;alert(1)&lt;/script&gt; the button is unlabelled" in html
        assert "<script>alert(1)" not in html
    elif role is None:
        assert response.headers["Location"].startswith("/en/login?next=")
    else:
        assert response.status_code == 403


def test_unverified_or_suspended_staff_role_is_still_staff_only_when_signed_in(client):
    """The predicate: anonymous visitors are never staff."""
    from flask_login import AnonymousUserMixin

    assert can_read_accessibility_feedback(AnonymousUserMixin()) is False
    assert can_read_accessibility_feedback(None) is False


def test_feedback_list_shows_open_messages_first(client, make_user, login):
    moderator = login(make_user(role="moderator"))
    first = feedback("Old and handled")
    services.mark_accessibility_feedback_handled(moderator, first)
    db.session.commit()
    feedback("New and open", email="anna@example.org", page_url="/it/areas/1")
    html = client.get("/it/admin/accessibility-feedback").get_data(as_text=True)
    assert html.index("New and open") < html.index("Old and handled")
    assert 'href="mailto:anna@example.org"' in html and 'href="/it/areas/1"' in html
    main = html[html.index("<main"):html.index("</main>")]
    assert main.count("<form") == 1  # only the open message can be marked handled


def test_feedback_list_is_paginated(client, make_user, login):
    login(make_user(role="administrator"))
    for number in range(services.FEEDBACK_PER_PAGE + 1):
        feedback(f"Message number {number}")
    first = client.get("/en/admin/accessibility-feedback").get_data(as_text=True)
    second = client.get("/en/admin/accessibility-feedback?page=2").get_data(as_text=True)
    assert first.count('class="card"') == services.FEEDBACK_PER_PAGE
    assert second.count('class="card"') == 1 and "Message number 0" in second
    assert 'rel="next"' in first and 'rel="prev"' in second


@pytest.mark.parametrize("role", [None, "resident", "translator"])
def test_others_cannot_mark_feedback_handled(client, make_user, login, role):
    entry = feedback()
    if role:
        login(make_user(role=role))
    response = client.post(f"/en/admin/accessibility-feedback/{entry.id}/handled")
    assert response.status_code == 403 if role else response.headers["Location"].startswith("/en/login?next=")
    db.session.refresh(entry)
    assert entry.handled_at is None


@pytest.mark.parametrize("role", ["moderator", "administrator"])
def test_staff_mark_feedback_handled(client, make_user, login, role):
    staff = login(make_user(role=role))
    entry = feedback()
    response = client.post(f"/en/admin/accessibility-feedback/{entry.id}/handled")
    assert response.status_code == 302
    db.session.refresh(entry)
    assert entry.handled_at is not None and entry.handled_by_id == staff.id
    handled_at = entry.handled_at
    client.post(f"/en/admin/accessibility-feedback/{entry.id}/handled")
    db.session.refresh(entry)
    assert entry.handled_at == handled_at  # marking again changes nothing


def test_marking_unknown_feedback_is_not_found(client, make_user, login):
    login(make_user(role="moderator"))
    assert client.post("/en/admin/accessibility-feedback/999/handled").status_code == 404


def test_record_feedback_stores_empty_optional_fields_as_null(app):
    entry = services.record_accessibility_feedback(None, message=" Hi ", email="  ", page_url="", language="ar")
    assert (entry.message, entry.email, entry.page_url, entry.language) == ("Hi", None, None, "ar")
    assert repr(entry) == f"<AccessibilityFeedback {entry.id} ar open>"


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_not_found_page_speaks_the_language_of_the_address(client, lang, direction):
    response = client.get(f"/{lang}/no-such-page")
    assert response.status_code == 404
    assert f'<html lang="{lang}" dir="{direction}">' in response.get_data(as_text=True)


def test_error_pages_have_a_descriptive_title(client, make_user, login):
    login(make_user())
    html = client.get("/en/admin/accessibility-feedback").get_data(as_text=True)
    assert "<title>You are not allowed to do this · Partecipa</title>" in html
    assert "<h1>You are not allowed to do this</h1>" in html


@pytest.mark.parametrize(("role", "shown"), [(None, False), ("resident", False), ("moderator", True)])
def test_footer_links_staff_to_the_feedback(client, make_user, login, role, shown):
    if role:
        login(make_user(role=role))
    html = client.get("/en/").get_data(as_text=True)
    assert ('href="/en/admin/accessibility-feedback"' in html) is shown
