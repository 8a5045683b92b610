"""Reading a big discussion: sorted five ways and filtered by position, through the address, without JavaScript."""
import re

import pytest
from sqlalchemy import select

from participation.discussion.models import Comment
from participation.extensions import db

# Top-level comment: (position, up votes, down votes, replies).
THREAD = {
    "Alpha": ("for", 3, 0, 0),
    "Bravo": ("against", 5, 4, 1),
    "Charlie": ("neutral", 2, 2, 3),
    "Delta": ("for", 0, 0, 2),
    "Echo": ("", 6, 1, 0),
}


@pytest.fixture
def thread(client, item, make_user, login, logout, post):
    """The comments of THREAD, each by its own author, with real replies and real votes through HTTP."""
    voters = [make_user(name=f"Voter {n}") for n in range(6)]
    for name, (position, up, down, replies) in THREAD.items():
        login(make_user(name=f"Author {name}"))
        assert post(item, f"{name} speaks.", position=position).status_code == 302
        comment = db.session.scalar(select(Comment).where(Comment.body == f"{name} speaks."))
        for n in range(replies):
            login(voters[n])
            assert post(item, f"Reply {n} to {name}.", parent_id=str(comment.id)).status_code == 302
        for n, value in enumerate(["up"] * up + ["down"] * down):
            login(voters[n % 6] if n < 6 else make_user(name=f"Voter {name} {n}"))
            assert client.post(f"/en/comments/{comment.id}/vote", data={"value": value}).status_code == 302
    logout()
    return voters


def order(html):
    """The top-level comments of a page, in the order shown."""
    found = sorted((html.index(f"{name} speaks."), name) for name in THREAD if f"{name} speaks." in html)
    return [name for _at, name in found]


def discussion(client, item, **params):
    return client.get(f"/en/items/{item.slug}", query_string=params).text


@pytest.mark.parametrize(("sort", "expected"), [
    ("oldest", ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]),
    ("newest", ["Echo", "Delta", "Charlie", "Bravo", "Alpha"]),
    ("supported", ["Echo", "Alpha", "Bravo", "Charlie", "Delta"]),  # up minus down: 5, 3, 1, 0, 0
    ("discussed", ["Charlie", "Delta", "Bravo", "Alpha", "Echo"]),  # replies: 3, 2, 1, 0, 0
    ("controversial", ["Bravo", "Charlie", "Echo", "Alpha", "Delta"]),  # the smaller side: 4, 2, 1, 0 (3 votes), 0
])
def test_a_visitor_sorts_the_discussion(client, item, thread, sort, expected):
    html = discussion(client, item, sort=sort)
    assert order(html) == expected
    assert re.search(rf'<option value="{sort}" selected>', html), "the form does not show the order chosen"


def test_unknown_orders_and_positions_fall_back_to_everything_oldest_first(client, item, thread):
    html = discussion(client, item, sort="loudest", position="maybe")
    assert order(html) == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


@pytest.mark.parametrize(("position", "sort", "expected"), [
    ("for", "oldest", ["Alpha", "Delta"]),
    ("for", "discussed", ["Delta", "Alpha"]),
    ("against", "oldest", ["Bravo"]),
    ("neutral", "newest", ["Charlie"]),
])
def test_a_visitor_filters_by_position(client, item, thread, position, sort, expected):
    html = discussion(client, item, position=position, sort=sort)
    assert order(html) == expected
    assert f'<option value="{position}" selected>' in html
    if position == "neutral":
        assert "Reply 2 to Charlie." in html  # the replies come with their conversation


def test_the_choice_is_a_get_form_that_keeps_it_in_the_address(client, item, thread):
    html = discussion(client, item)
    form = re.search(r'<form method="get" action="/en/items/polo-alta-formazione#discussion"[^>]*>(.*?)</form>',
                     html, re.S)
    assert form, "no GET form for the order of the discussion"
    fields = form.group(1)
    assert '<select id="discussion-sort" name="sort">' in fields
    assert '<select id="discussion-position" name="position">' in fields
    assert '<button type="submit">Show</button>' in fields
    assert '<label for="discussion-sort">Sort comments</label>' in fields


def test_a_filter_with_nothing_to_show_keeps_the_form(client, item, make_user, login, logout, post):
    login(make_user())
    post(item, "Only in favour.", position="for")
    logout()
    html = discussion(client, item, position="against")
    assert "Only in favour." not in html
    assert "No comments take this position yet." in html
    assert '<option value="against" selected>' in html


def test_pages_keep_the_order_and_the_filter(client, item, make_user):
    from participation.discussion.reading import PAGE_SIZE
    from tests.discussion.test_pages import fill_thread

    created = fill_thread(item, [make_user(), make_user()], roots=2 * PAGE_SIZE + 2)
    for comment in created:
        comment.position = "against"
    db.session.commit()
    html = discussion(client, item, position="against", sort="newest")
    assert 'href="/en/items/polo-alta-formazione?page=2&amp;sort=newest&amp;position=against#discussion"' in html
    second = discussion(client, item, position="against", sort="newest", page=2)
    assert f"Root {PAGE_SIZE + 1}<" in second and "Root 2<" in second and f"Root {2 * PAGE_SIZE + 1}<" not in second
    assert "Root 1<" not in second


def test_a_proposal_discussion_sorts_but_has_no_positions(client, item, make_user, login, logout, make_proposal):
    author = make_user(name="Proposer")
    proposal = make_proposal(author, [item])
    login(make_user(name="Anna"))
    client.post(f"/en/discussions/proposal/{proposal.id}/comments", data={"body": "First thought.", "language": "en"})
    client.post(f"/en/discussions/proposal/{proposal.id}/comments", data={"body": "Second thought.", "language": "en"})
    logout()
    html = client.get(f"/en/proposals/{proposal.id}", query_string={"sort": "newest", "position": "for"}).text
    assert html.index("Second thought.") < html.index("First thought.")
    assert 'name="position"' not in html


def test_visitors_get_each_order_and_filter_fresh_from_the_cache(client, item, thread, make_user, login, logout):
    """The visitors' cache keeps one entry per order and filter, and a vote reorders them at once."""
    assert order(discussion(client, item, position="for")) == ["Alpha", "Delta"]
    assert order(discussion(client, item, position="against")) == ["Bravo"]
    assert order(discussion(client, item, position="for")) == ["Alpha", "Delta"]
    assert order(discussion(client, item, sort="controversial"))[:2] == ["Bravo", "Charlie"]
    charlie = db.session.scalar(select(Comment).where(Comment.body == "Charlie speaks."))
    for n, value in enumerate(["up"] * 3 + ["down"] * 3):  # Charlie: 5 up, 5 down, more divided than Bravo's 5, 4
        login(make_user(name=f"Late voter {n}"))
        assert client.post(f"/en/comments/{charlie.id}/vote", data={"value": value}).status_code == 302
    logout()
    assert order(discussion(client, item, sort="controversial"))[:2] == ["Charlie", "Bravo"]
