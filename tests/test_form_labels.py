"""Labels say "(optional)" exactly when a field is optional, on every form of the site.

A field is required when a DataRequired or InputRequired validator says so:
its label has no "(optional)" and its input the ``required`` attribute. Any
other field's label says "(optional)" once, never twice.
"""
import importlib
import inspect
import pkgutil
import re

from flask import get_template_attribute
from flask_babel import force_locale
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms.validators import DataRequired, InputRequired

import participation
from participation.extensions import db
from tests.participation_fixtures import *  # noqa: F401,F403

OPTIONAL = "(optional)"
# Fields a template draws itself (a button, a box ticked to agree) rather than through field() or radio_group().
NOT_LABELLED = ("HiddenField", "CSRFTokenField", "BooleanField", "SubmitField")


def _form_classes():
    classes = []
    for module_info in pkgutil.walk_packages(participation.__path__, "participation."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        classes += [value for value in vars(module).values()
                    if inspect.isclass(value) and issubclass(value, FlaskForm) and value.__module__ == module.__name__]
    return classes


def _all_forms():
    from participation.notifications.forms import preferences_form

    forms = [form_class(formdata=None) for form_class in _form_classes()]
    return [*forms, preferences_form({})]


def _required_by_validators(field):
    return any(isinstance(validator, DataRequired | InputRequired) for validator in field.validators)


def _label(html):
    match = re.search(r"<(label|legend)\b[^>]*>(.*?)</\1>", html, re.S)
    assert match, html
    return re.sub(r"<[^>]+>", "", match.group(2))


def _rendered(field):
    if field.type == "RadioField":
        return get_template_attribute("_forms.html", "radio_group")(field)
    if field.type == "SelectField" and not field.choices:
        field.choices = [("1", "One")]  # choices the view fills from the database
    return get_template_attribute("_forms.html", "field")(field)


def test_every_form_marks_exactly_its_optional_fields(app):
    with app.test_request_context("/en/"), force_locale("en"):
        forms = _all_forms()
        assert len(forms) >= 25, "the walk found too few forms"
        checked = []
        for form in forms:
            for field in form:
                if field.type in NOT_LABELLED:
                    continue
                name = f"{type(form).__name__}.{field.name}"
                required = _required_by_validators(field)
                assert bool(field.flags.required) == required, name
                assert OPTIONAL not in str(field.label.text), f"{name}: the label text says (optional) itself"
                html = _rendered(field)
                label = _label(html)
                assert label.count(OPTIONAL) == (0 if required else 1), f"{name}: {label!r}"
                if required and field.type in ("StringField", "TextAreaField", "EmailField", "PasswordField",
                                               "IntegerField"):
                    assert re.search(r"<(input|textarea)\b[^>]*\brequired\b", html), f"{name}: no required attribute"
                checked.append(name)
    for name in ("CommentForm.body", "ProposalForm.title", "ProposalForm.body", "WithdrawForm.reason",
                 "StatusForm.status", "ReportForm.note", "AccessibilityFeedbackForm.page_url"):
        assert name in checked


def _label_for(html, field_id):
    match = re.search(rf'<label for="{field_id}">(.*?)</label>', html, re.S)
    assert match, f"no label for {field_id}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def _legend_of(html, field_id):
    match = re.search(rf'<fieldset[^>]*id="{field_id}"[^>]*>\s*<legend>(.*?)</legend>', html, re.S)
    assert match, f"no fieldset {field_id}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_a_resident_sees_required_fields_without_optional(client, item, make_user, login, make_proposal):
    author = login(make_user(name="Anna"))
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert _label_for(page, "body") == "Your comment"
    assert re.search(r'<textarea[^>]*id="body"[^>]*required', page) or re.search(
        r'<textarea[^>]*required[^>]*id="body"', page)
    assert _legend_of(page, "position") == "Your position on this item (optional)"
    assert _label_for(page, "language") == "Language of your comment"

    form = client.get("/en/proposals/new").get_data(as_text=True)
    assert _label_for(form, "title") == "Title"
    assert _label_for(form, "body") == "Your proposal"
    assert _label_for(form, "language") == "Language of your proposal"
    assert _label_for(form, "neighbourhood") == "Neighbourhood (optional)"

    proposal = make_proposal(author, [item])
    withdraw = client.get(f"/en/proposals/{proposal.id}/withdraw").get_data(as_text=True)
    assert _label_for(withdraw, "reason") == "Why do you withdraw the proposal?"

    login(make_user(role="moderator", name="Mara"))
    detail = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert _label_for(detail, "status") == "New status"
    assert _label_for(detail, "answer") == "Official answer (optional)"


def test_labels_never_say_optional_twice(client, item, make_user, login):
    from participation.discussion.models import Comment

    feedback = client.get("/en/accessibility").get_data(as_text=True)
    assert _label_for(feedback, "page_url") == "Address of the page (optional)"
    assert _label_for(feedback, "email") == "Your email address (optional)"
    assert _label_for(feedback, "message") == "What problem did you find?"

    login(make_user(name="Bruno"))
    client.post(f"/en/discussions/item/{item.id}/comments", data={"body": "Buses are late.", "language": "en"})
    comment_id = db.session.scalar(select(Comment.id))
    login(make_user(name="Carla"))
    report = client.get(f"/en/report/comment/{comment_id}").get_data(as_text=True)
    assert _label_for(report, "note") == "Anything the moderators should know (optional)"
    assert _legend_of(report, "reason") == "Why are you reporting this?"


def test_empty_required_fields_are_refused_with_their_messages(client, item, make_user, login):
    login(make_user())
    response = client.post("/en/proposals/new", data={"title": "  ", "body": "", "language": "it", "action": "publish"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give your proposal a title." in html and "Describe your proposal." in html
    assert "Choose at least one programme item the proposal relates to." in html
