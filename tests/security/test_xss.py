"""Attack strings posted through every field that takes text render as text.

``xss_corpus.txt`` holds the attack strings. Each test posts them through
the real forms of one kind of field (many per request where the field is
long enough, as many as fit where it is short) and renders every page that
shows that text. Each page is parsed with html5lib, the parser that follows
the HTML standard as browsers do, and must contain:

- no ``<script>`` but the site's own (``src`` under /static/, with a nonce);
- no attribute named ``on...`` on any element;
- no URL attribute (href, src, action, formaction, xlink:href ...) starting
  with ``javascript:``, ``vbscript:`` or ``data:`` once whitespace and
  control characters are removed (the parser has decoded the entities);
- no ``<iframe>``, ``<object>``, ``<embed>``, ``<base>``, ``<meta>``,
  ``<form>``, ``<style>``, ``<link>`` ... that the same page with harmless
  text does not have;
- no evaluated template syntax (``tpl-a{{7*7}}z`` never shows as ``tpl-a49z``).

Refused input is fine (a title too long, a display name with signs): the
page that refuses it shows it back, and that page is checked too.
"""
import re
from pathlib import Path

import html5lib
import pytest
from sqlalchemy import select

from participation.extensions import db

CORPUS_PATH = Path(__file__).with_name("xss_corpus.txt")


def load_corpus():
    lines = CORPUS_PATH.read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line and not line.startswith("#")]


CORPUS = load_corpus()

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "lowsrc", "dynsrc",
                  "codebase", "srcdoc", "srcset", "cite", "longdesc", "usemap", "ping", "values", "to", "from"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
DANGEROUS_IN_STYLE = ("expression(", "javascript:", "vbscript:", "-moz-binding", "behavior:", "url(", "@import")
# Elements that must come from the site's templates only: compared with the same pages holding harmless text.
GUARDED_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "form", "style",
                    "link", "svg", "math", "img", "video", "audio", "source", "template", "isindex", "input",
                    "button", "textarea", "select", "noscript", "xmp", "plaintext", "marquee", "bgsound", "keygen"}
# What a template engine would make of the corpus's template strings, had it evaluated them.
EVALUATED_TEMPLATES = [re.compile(p) for p in (
    r"tpl-a49z", r"tpl-b49z", r"tpl-c7777777z", r"tpl-d1338337z", r"(?<!\})tpl-e\d", r"(?<!\})tpl-f-evaluated",
    r"tpl-h49z", r"tpl-i49z", r"tpl-j49z", r"SECRET_KEY", r"testing-secret-key", r"<Config ",
)]
CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]")


# --- the checks -----------------------------------------------------------------------


def local_name(name):
    return name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else ""


def parse(page):
    return html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)


def _where(url):
    """``own`` for an address of this site (path or this host), else the address itself."""
    if re.match(r"^(/(?!/)|https?://(localhost|127\.0\.0\.1)(:\d+)?/|$)", url.strip()):
        return "own"
    return url


def _signature(element):
    """What identifies a guarded element of the site's own templates: its kind and where it points."""
    keys = ("method", "name", "type", "rel", "http-equiv", "charset", "content")
    attributes = tuple((k, re.sub(r"\d+", "N", element.get(k, ""))) for k in keys if k in element.attrib)
    addresses = tuple((k, _where(element.get(k))) for k in ("action", "href", "src", "data") if k in element.attrib)
    return (local_name(element.tag), attributes, addresses)


def guarded_signatures(page):
    return {_signature(e) for e in parse(page).iter() if local_name(e.tag) in GUARDED_ELEMENTS}


def problems(page, allowed_signatures):
    """Every piece of executable or foreign markup in ``page``, described for the failure message."""
    found = []
    root = parse(page)
    for element in root.iter():
        tag = local_name(element.tag)
        if not tag:
            continue  # a comment or a processing instruction
        attributes = {local_name(k): v for k, v in element.attrib.items()}
        if tag == "script" and not (attributes.get("src", "").startswith("/static/") and attributes.get("nonce")
                                    and not (element.text or "").strip()):
            found.append(f"script element {attributes} {(element.text or '')[:80]!r}")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"event handler {name}={value[:80]!r} on <{tag}>")
            compact = CONTROL_OR_SPACE.sub("", value).lower()
            if name in URL_ATTRIBUTES or name.endswith(":href") or name == "href":
                if compact.startswith(DANGEROUS_SCHEMES):
                    found.append(f"{name}={value[:80]!r} on <{tag}>")
            if name == "style" and any(marker in compact for marker in DANGEROUS_IN_STYLE):
                found.append(f"style={value[:80]!r} on <{tag}>")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            found.append(f"meta refresh {attributes}")
        if tag in GUARDED_ELEMENTS and _signature(element) not in allowed_signatures:
            found.append(f"<{tag}> not made by the site: {_signature(element)}")
    text = " ".join(root.itertext())
    for pattern in EVALUATED_TEMPLATES:
        if pattern.search(text):
            found.append(f"template syntax evaluated: {pattern.pattern}")
    return found


def page_text(page):
    return " ".join(parse(page).itertext())


class Pages:
    """Renders pages, first with harmless text (the baseline), then with the corpus, and checks them."""

    def __init__(self, client):
        self.client = client
        self.allowed = set()
        self.checked = 0

    def get(self, url, **kwargs):
        response = self.client.get(url, follow_redirects=True, **kwargs)
        assert response.status_code < 500, (url, response.status_code)
        return response

    def learn(self, page):
        """A page with harmless text: its guarded elements are the site's own."""
        self.allowed |= guarded_signatures(page)

    def learn_url(self, url):
        self.learn(self.get(url).get_data(as_text=True))

    def check(self, page, where):
        assert page.strip(), where
        found = problems(page, self.allowed)
        assert not found, f"{where}:\n" + "\n".join(found[:20])
        self.checked += 1

    def check_url(self, url):
        response = self.get(url)
        page = response.get_data(as_text=True)
        self.check(page, url)
        return page

    def check_response(self, response, where):
        assert response.status_code < 500, (where, response.status_code)
        page = response.get_data(as_text=True)
        self.check(page, where)
        return page


@pytest.fixture
def pages(client):
    return Pages(client)


# --- packing the corpus into fields ----------------------------------------------------


def packed(payloads, limit, separator="\n", per_batch=None):
    """Payloads joined by ``separator`` into strings of at most ``limit`` characters
    (and ``per_batch`` payloads); a payload longer than ``limit`` is cut as a form would."""
    batches, current = [], []
    for payload in payloads:
        payload = payload[:limit]
        candidate = separator.join([*current, payload])
        if current and (len(candidate) > limit or (per_batch and len(current) >= per_batch)):
            batches.append(separator.join(current))
            current = [payload]
        else:
            current.append(payload)
    if current:
        batches.append(separator.join(current))
    return batches


def test_corpus_is_large_and_distinct():
    assert len(CORPUS) >= 300
    assert len(set(CORPUS)) == len(CORPUS)
    assert not any(line.startswith("#") for line in CORPUS)


def test_packing_keeps_every_payload_within_the_limit():
    batches = packed(["a" * 10, "b" * 10, "c" * 30, "d"], 25)
    assert batches == ["a" * 10 + "\n" + "b" * 10, "c" * 25, "d"]
    assert packed(CORPUS, 5000, per_batch=20) and all(len(b) <= 5000 for b in packed(CORPUS, 5000, per_batch=20))


def test_the_checks_find_executable_markup():
    """The checker itself: each of these pages must be refused, the harmless one accepted."""
    site = '<html><head><script src="/static/js/a.js" nonce="n"></script></head><body><form action="/it/logout" method="post"></form>'
    allowed = guarded_signatures(site)
    assert problems(site + "<p>fine {{7*7}}</p>", allowed) == []
    for bad in ("<script>alert(1)</script>", '<img src=x onerror=alert(1)>', '<a href=" jav&#x09;ascript:alert(1)">x</a>',
                '<svg><a xlink:href="data:text/html,x">s</a></svg>', '<iframe src="https://example.org"></iframe>',
                '<form action="https://evil.example"></form>', '<meta http-equiv="refresh" content="0;url=/">',
                '<p>tpl-a49z</p>', '<div style="width:expression(alert(1))">', '<base href="/">',
                '<script src="/static/js/a.js"></script>', '<a href="VBScript:x">v</a>'):
        assert problems(site + bad, allowed), bad


# --- the fields ---------------------------------------------------------------------------


def _first_item():
    from participation.programme.models import ProgrammeItem

    return db.session.scalar(select(ProgrammeItem).order_by(ProgrammeItem.id))


COMMENT_BATCHES = packed(CORPUS, 5000, per_batch=20)


def test_comment_bodies_render_as_text(app, programme, client, make_user, login, pages):
    from participation.discussion.models import Comment

    item = _first_item()
    author = login(make_user(name="Commenter"))
    url = f"/it/discussions/item/{item.id}/comments"
    item_url = f"/it/items/{item.slug}"
    client.post(url, data={"body": "A harmless comment", "language": "it", "position": ""})
    harmless = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    pages.learn_url(item_url)
    pages.learn_url(f"/it/comments/{harmless.id}/edit")
    pages.learn_url(f"/it/comments/{harmless.id}/versions")

    for number, batch in enumerate(COMMENT_BATCHES):
        body = f"comment-batch-{number}\n{batch}"
        response = client.post(url, data={"body": body, "language": "it", "position": "for"})
        pages.check_response(response, f"comment form, batch {number}")
    # One more, longer than a comment can be: refused, and shown back in the form.
    response = client.post(url, data={"body": "\n".join(CORPUS)[:6000], "language": "it"})
    assert response.status_code == 400
    pages.check_response(response, "refused comment")

    comments = db.session.scalars(select(Comment).where(Comment.author_id == author.id, Comment.id != harmless.id)).all()
    assert len(comments) >= len(COMMENT_BATCHES) - 3  # a batch may hit a blocked phrase: its refusal was checked
    seen = ""
    for comment in comments:
        seen += page_text(pages.check_url(f"/it/c/{comment.id}"))
        pages.check_url(f"/it/comments/{comment.id}/edit")
    # Each comment is edited once, so its versions page shows the corpus too.
    edited = comments[0]
    client.post(f"/it/comments/{edited.id}/edit", data={"body": COMMENT_BATCHES[1]})
    pages.check_url(f"/it/comments/{edited.id}/versions")
    pages.check_url(item_url)
    assert sum(f"comment-batch-{n}" in seen for n in range(len(COMMENT_BATCHES))) >= len(comments)
    assert "tpl-a{{7*7}}z" in seen


def test_proposal_titles_and_bodies_render_as_text(app, programme, client, make_user, login, pages):
    from participation.proposals.models import MAX_TITLE_LENGTH, Proposal

    item = _first_item()
    login(make_user(name="Proposer"))
    form = {"items": str(item.id), "language": "it", "neighbourhood": "", "group_id": ""}
    harmless = client.post("/it/proposals/new", data={**form, "title": "A bench", "body": "Put a bench", "action": "publish"})
    assert harmless.status_code == 302
    first = db.session.scalar(select(Proposal))
    for url in (f"/it/proposals/{first.id}", "/it/proposals", "/it/proposals/mine", f"/it/proposals/{first.id}/edit",
                f"/it/items/{item.slug}", "/it/proposals/new"):
        pages.learn_url(url)

    titles = packed(CORPUS, MAX_TITLE_LENGTH, separator=" ")
    bodies = packed(CORPUS, 10_000, per_batch=20)
    count = max(len(titles), len(bodies))
    for number in range(count):
        data = {**form, "title": titles[number % len(titles)], "body": f"proposal-batch-{number}\n{bodies[number % len(bodies)]}"}
        preview = client.post("/it/proposals/new", data={**data, "action": "preview"})
        if number < len(bodies):
            pages.check_response(preview, f"proposal preview {number}")
        response = client.post("/it/proposals/new", data={**data, "action": "publish"})
        if response.status_code != 302:
            pages.check_response(response, f"proposal form {number}")
    refused = client.post("/it/proposals/new", data={**form, "title": "\n".join(CORPUS)[:400],
                                                    "body": "\n".join(CORPUS)[:12_000], "action": "publish"})
    assert refused.status_code == 400
    pages.check_response(refused, "refused proposal")

    proposals = db.session.scalars(select(Proposal).where(Proposal.id != first.id)).all()
    assert len(proposals) >= count - 5  # a few titles may be refused; the refusal page was checked
    seen = ""
    for proposal in proposals:
        seen += page_text(pages.check_url(f"/it/proposals/{proposal.id}"))
        pages.check_url(f"/it/proposals/{proposal.id}/edit")
    list_pages = -(-len(proposals) // 20) + 1
    for page in range(1, list_pages + 1):
        pages.check_url(f"/it/proposals?page={page}&sort=newest")
    pages.check_url("/it/proposals/mine")
    pages.check_url(f"/it/items/{item.slug}")
    assert "tpl-a{{7*7}}z" in seen


def test_group_names_and_descriptions_render_as_text(app, client, make_user, login, pages):
    from participation.groups import services as groups
    from participation.groups.models import Group

    groups.seed_neighbourhoods()
    neighbourhood = groups.list_neighbourhoods()[0]
    founder = login(make_user(name="Founder"))
    moderator = make_user(role="moderator", name="Verifier")
    form = {"neighbourhood": str(neighbourhood.id), "contact_email": ""}
    client.post("/it/groups/new", data={**form, "name": "Friends of the park", "description": "We meet on Sundays"})
    harmless = db.session.scalar(select(Group))
    groups.verify_group(moderator, harmless)
    db.session.commit()
    for url in (f"/it/groups/{harmless.slug}", "/it/groups", "/it/groups/new", f"/it/groups/{harmless.slug}/edit",
                "/it/proposals/new"):
        pages.learn_url(url)

    names = packed(CORPUS, 80, separator=" ")
    descriptions = packed(CORPUS, 2000, per_batch=20)
    for number in range(max(len(names), len(descriptions))):
        data = {**form, "name": names[number % len(names)] if number < len(names) else f"group-{number}",
                "description": f"group-batch-{number}\n{descriptions[number % len(descriptions)]}"}
        response = client.post("/it/groups/new", data=data)
        if response.status_code != 302:
            pages.check_response(response, f"group form {number}")
    created = db.session.scalars(select(Group).where(Group.id != harmless.id)).all()
    assert len(created) >= len(descriptions)
    seen = ""
    for group in created:
        groups.verify_group(moderator, group)
    db.session.commit()
    for group in created:
        seen += page_text(pages.check_url(f"/it/groups/{group.slug}"))
        pages.check_url(f"/it/groups/{group.slug}/edit")
    pages.check_url("/it/groups")
    # The groups a resident speaks for are offered in the proposal and comment forms.
    pages.check_url("/it/proposals/new")
    assert founder.id
    assert "tpl-a{{7*7}}z" in seen


def test_display_names_render_as_text(app, programme, client, make_user, login, pages):
    from participation.accounts.models import User
    from participation.accounts.normalize import display_name_key
    from participation.discussion import services as discussion

    pages.learn_url("/it/register")
    for number, name in enumerate(packed(CORPUS, 60, separator=" ")):
        response = client.post("/it/register", data={
            "display_name": name, "email": f"person{number}@example.org", "password": "a long enough passphrase 42",
            "language": "it", "accept_terms": "y"})
        if response.status_code != 302:
            pages.check_response(response, f"registration form {number}")

    # The form refuses signs in names; names made before that rule, or by staff
    # tools, must render as text all the same: set them on the accounts directly.
    item = _first_item()
    thread = discussion.ensure_item_thread(item.id)
    viewer = make_user(name="Viewer")
    # Written by someone else, so the learned page has the vote forms the viewer sees.
    discussion.post_comment(make_user(name="Harmless writer"), thread, "A harmless comment", "it")
    db.session.commit()
    login(viewer)
    pages.learn_url(f"/it/items/{item.slug}")
    pages.learn_url(f"/it/users/{viewer.id}")

    keys, users = {key for key in db.session.scalars(select(User.display_name_key)) if key}, []
    for name in packed(CORPUS, 60, separator=" "):
        key = display_name_key(name)
        if not key or key in keys:
            continue
        keys.add(key)
        user = make_user(name=name)
        discussion.post_comment(user, thread, "Signed with an odd name", "it")
        users.append(user)
    db.session.commit()
    assert len(users) >= 100

    seen = ""
    # Every name appears in the item page's bylines; profiles are checked for a sample.
    for user in users[::5]:
        seen += page_text(pages.check_url(f"/it/users/{user.id}"))
    from participation.discussion.reading import PAGE_SIZE

    for page in range(1, -(-(len(users) + 1) // PAGE_SIZE) + 1):
        seen += page_text(pages.check_url(f"/it/items/{item.slug}?page={page}"))
    assert "tpl-a{{7*7}}z" in seen


def test_report_notes_render_as_text_to_moderators(app, client, make_user, login, pages):
    from participation.moderation.models import ModerationCase

    author = make_user(name="Reported author")
    moderator = make_user(role="moderator", name="Moderator")
    notes = packed(CORPUS, 1000, per_batch=20)
    accepted = []

    login(make_user(name="Harmless reporter"))
    client.post(f"/it/report/profile/{author.id}", data={"reason": "spam", "note": "Looks like an advertisement"})
    case = db.session.scalar(select(ModerationCase))
    login(moderator)
    pages.learn_url(f"/it/moderation/cases/{case.id}")
    pages.learn_url("/it/moderation")

    for number, note in enumerate(notes):
        login(make_user(name=f"Reporter {number}"))
        pages.learn_url(f"/it/report/profile/{author.id}")
        response = client.post(f"/it/report/profile/{author.id}", data={"reason": "spam", "note": f"note-batch-{number}\n{note}"})
        assert response.status_code < 500
        if response.status_code == 302:
            accepted.append(number)
        else:
            pages.check_response(response, f"report form {number}")
    refused = client.post(f"/it/report/profile/{author.id}", data={"reason": "spam", "note": "\n".join(CORPUS)[:1500]})
    pages.check_response(refused, "refused report")

    login(moderator)
    seen = page_text(pages.check_url(f"/it/moderation/cases/{case.id}"))
    pages.check_url("/it/moderation")
    assert sum(f"note-batch-{n}" in seen for n in range(len(notes))) >= len(accepted) > 0
    assert "tpl-a{{7*7}}z" in seen


def test_search_boxes_and_filters_render_as_text(app, make_user, login, pages):
    """There is no site search: the search boxes are the filters of lists (proposals,
    staff's user search, audit log, translations) and the pages' query strings."""
    login(make_user(role="administrator", name="Administrator"))
    urls = ("/it/proposals", "/it/admin/roles", "/it/admin/audit", "/it/admin/translations", "/it/accessibility")
    for url in urls:
        pages.learn_url(url)
    for query in packed(CORPUS, 250, separator=" "):
        for url, fields in (
            ("/it/proposals", ("status", "sort", "item", "area", "neighbourhood", "group", "page", "q")),
            ("/it/admin/roles", ("q",)),
            ("/it/admin/audit", ("action", "actor", "target_type", "since", "until")),
            ("/it/admin/translations", ("language", "status", "type")),
            ("/it/accessibility", ("page",)),
        ):
            response = pages.client.get(url, query_string={field: query for field in fields})
            pages.check_response(response, f"{url} searching {query[:40]!r}")


def test_translation_editor_text_renders_as_text(app, programme, client, make_user, login, pages):
    item = _first_item()
    login(make_user(role="administrator", name="Administrator"))
    edit_url = f"/it/admin/translations/item/{item.id}/en"
    client.post(edit_url, data={"title": "A harmless title", "objective": "A harmless objective",
                                "macro_actions": "A harmless block\n\n- a list entry"})
    for url in (edit_url, f"/en/items/{item.slug}", "/it/admin/translations", f"/en/areas/{item.area_id}"
                if hasattr(item, "area_id") else "/en/about", "/en/"):
        pages.learn_url(url)

    titles = packed(CORPUS, 300, separator=" ")
    texts = packed(CORPUS, 5000, per_batch=20)
    seen = ""
    for number in range(max(len(titles), len(texts))):
        text = f"translation-batch-{number}\n{texts[number % len(texts)]}"
        blocks = "\n\n".join(f"- {line}" if i % 3 == 0 else line for i, line in enumerate(text.split("\n")))
        response = client.post(edit_url, data={"title": titles[number % len(titles)], "objective": text,
                                               "macro_actions": blocks})
        if response.status_code not in (302, 303):
            pages.check_response(response, f"translation form {number}")
            continue
        pages.check_url(edit_url)
        if number < len(texts):
            seen += page_text(pages.check_url(f"/en/items/{item.slug}"))
    pages.check_url("/it/admin/translations")
    pages.check_url("/en/")
    assert "translation-batch-0" in seen
    assert "tpl-a{{7*7}}z" in seen


def test_accessibility_feedback_renders_as_text_to_staff(app, client, make_user, login, pages):
    from participation.site.forms import MESSAGE_MAX

    staff = make_user(role="administrator", name="Administrator")
    client.post("/it/accessibility", data={"message": "The menu is hard to reach", "page_url": "/it/", "email": ""})
    login(staff)
    pages.learn_url("/it/admin/accessibility-feedback")
    pages.learn_url("/it/accessibility")
    with client.session_transaction() as session:
        session.clear()

    messages = packed(CORPUS, MESSAGE_MAX, per_batch=20)
    addresses = packed(CORPUS, 500, separator=" ")
    for number in range(max(len(messages), len(addresses))):
        data = {"message": f"feedback-batch-{number}\n{messages[number % len(messages)]}",
                "page_url": "/it/" if number < len(messages) else addresses[number], "email": ""}
        response = client.post("/it/accessibility", data=data)
        if response.status_code != 302:
            pages.check_response(response, f"accessibility form {number}")
        # The address field refuses what is not a page of the site; it is shown back in the form.
        refused = client.post("/it/accessibility", data={"message": "x", "page_url": addresses[number % len(addresses)],
                                                         "email": addresses[number % len(addresses)][:254]})
        pages.check_response(refused, f"accessibility form, address {number}")

    login(staff)
    seen = ""
    for page in range(1, 20):
        response = client.get(f"/it/admin/accessibility-feedback?page={page}")
        if response.status_code == 404:
            break
        page_html = pages.check_response(response, f"feedback list page {page}")
        seen += page_text(page_html)
        if "feedback-batch-" not in page_html:
            break
    assert sum(f"feedback-batch-{n}" in seen for n in range(len(messages))) >= 1
    assert "tpl-a{{7*7}}z" in seen
