"""Every list that names a programme item, area or department does so in the reader's language,
the Italian original marked with lang where there is no translation."""
import json
import re

import pytest
from markupsafe import escape
from sqlalchemy import select

from participation.extensions import db
from participation.notifications.models import Notification
from participation.programme.models import Area, ProgrammeItem
from participation.translations.services import save_translation

SLUG = "polo-alta-formazione"


@pytest.fixture
def translated(runner, programme):
    result = runner.invoke(args=["programme", "import-translations"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == SLUG))


def _english_title(item):
    from participation.translations.services import show

    return show(item, "title", "en").value


def _options(html, select_id):
    block = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert block, select_id
    return re.findall(r"<option value=\"\d+\"[^>]*>[^<]*</option>", block.group(1))


def test_rankings_and_filters_show_english_titles(client, translated):
    title = _english_title(translated)
    priorities = client.get("/en/priorities").get_data(as_text=True)
    area_options = _options(priorities, "area")
    assert len(area_options) == 10 and not any('lang="it"' in option for option in area_options)
    area_three = db.session.scalar(select(Area).where(Area.number == 3))
    assert area_three.title not in priorities
    proposals = client.get("/en/proposals").get_data(as_text=True)
    item_options = _options(proposals, "f-item")
    assert len(item_options) == 91 and not any('lang="it"' in option for option in item_options)
    assert f"{translated.code} {title}</option>" in proposals
    assert translated.title not in proposals
    assert len(_options(proposals, "f-area")) == 10


def test_untranslated_titles_are_marked_italian_in_lists(client, programme):
    item = db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == SLUG))
    proposals = client.get("/en/proposals").get_data(as_text=True)
    assert f'<option value="{item.id}" lang="it">{item.code} {item.title}</option>' in proposals
    save_translation(item, "title", "ar", "قطب التعليم العالي")
    db.session.commit()
    arabic = client.get("/ar/proposals").get_data(as_text=True)
    assert f'<option value="{item.id}">{item.code} قطب التعليم العالي</option>' in arabic
    other = [option for option in _options(arabic, "f-item") if f'value="{item.id}"' not in option]
    assert all('lang="it" dir="ltr"' in option for option in other)


def test_the_proposal_form_offers_the_items_in_the_reader_language(client, translated, make_user, login):
    login(make_user())
    html = client.get("/zh/proposals/new").get_data(as_text=True)
    labels = re.findall(r'<label for="items(?:-\d+)?"([^>]*)>([^<]*)</label>', html)
    assert len(labels) == 91
    assert not any("lang=" in attrs for attrs, _label in labels)
    from participation.translations.services import show

    assert ("", show(translated, "title", "zh").value) in labels


def test_a_proposal_names_its_items_in_the_reader_language(client, translated, make_user, make_proposal):
    proposal = make_proposal(make_user(), [translated])
    html = client.get(f"/fr/proposals/{proposal.id}").get_data(as_text=True)
    from participation.translations.services import show

    french = show(translated, "title", "fr").value
    assert f'href="/fr/items/{SLUG}">{escape(french)}</a>' in html


def test_notifications_name_the_item_in_the_reader_language(client, translated, make_user, login, post):
    anna, bruno = make_user(name="Anna", language="uk"), make_user(name="Bruno")
    login(anna)
    post(translated, "Anna's thought")
    login(bruno)
    from participation.discussion.models import Comment

    parent = db.session.scalar(select(Comment).where(Comment.body == "Anna's thought"))
    post(translated, "Bruno replies", parent_id=str(parent.id))
    assert db.session.scalar(select(Notification).where(Notification.user_id == anna.id, Notification.kind == "reply"))
    login(anna)
    from participation.translations.services import show

    ukrainian = show(translated, "title", "uk").value
    html = client.get("/uk/notifications").get_data(as_text=True)
    assert ukrainian in html and translated.title not in html
    english = client.get("/en/notifications").get_data(as_text=True)
    assert f"“{_english_title(translated)}”" in english


def test_the_api_speaks_the_language_asked_for(client, translated):
    plain = client.get(f"/api/v1/items/{translated.id}").get_json()
    assert plain["title"] == translated.title and "languages" not in plain
    english = client.get(f"/api/v1/items/{translated.id}?lang=en").get_json()
    assert english["title"] == _english_title(translated)
    assert english["languages"] == {"title": "en", "objective": "en", "macro_actions": "en",
                                    "departments": ["en"] * len(translated.departments)}
    assert english["url"].endswith(f"/en/items/{SLUG}")
    chinese = client.get("/api/v1/programme?lang=zh").get_json()
    assert chinese["language"] == "zh"
    assert {area["languages"]["title"] for area in chinese["areas"]} == {"zh-Hans"}
    assert client.get("/api/v1/programme?lang=xx").status_code == 400
    json.dumps(chinese)  # plain JSON throughout


def test_the_api_marks_the_italian_fallback(client, programme):
    item = db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == SLUG))
    save_translation(item, "title", "en", "Higher education centre")
    db.session.commit()
    data = client.get(f"/api/v1/items/{item.id}?lang=en").get_json()
    assert data["title"] == "Higher education centre"
    assert data["languages"]["title"] == "en" and data["languages"]["objective"] == "it"
    assert data["objective"] == item.objective


def test_moderators_see_a_reported_proposal_items_in_their_language(client, translated, make_user, make_proposal,
                                                                     login):
    from participation.moderation.models import ModerationCase
    from participation.translations.services import show

    proposal = make_proposal(make_user(), [translated])
    login(make_user())
    client.post(f"/en/report/proposal/{proposal.id}", data={"reason": "spam", "note": "links"})
    case = db.session.scalar(select(ModerationCase).where(ModerationCase.target_type == "proposal"))
    login(make_user(role="moderator"))
    html = client.get(f"/fr/moderation/cases/{case.id}").get_data(as_text=True)
    context = html[html.index('<ul class="context">'):]
    context = context[:context.index("</ul>")]
    assert str(escape(show(translated, "title", "fr").value)) in context and translated.title not in context
