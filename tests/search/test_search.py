"""Full-text search through the results page, on a real database (SQLite FTS5 or PostgreSQL)."""
import re

import pytest
from sqlalchemy import select

from participation.discussion.models import Comment
from participation.extensions import db
from participation.proposals.models import Proposal


def _comment(text):
    return db.session.scalar(select(Comment).where(Comment.body == text))


def _search(client, query, **params):
    response = client.get("/en/search", query_string={"q": query, **params})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _count(page):
    match = re.search(r'<p role="status">(\d+) results?</p>', page)
    assert match, "the result count is announced"
    return int(match.group(1))


def test_italian_stems_find_each_other(client, item, make_user, login, post):
    login(make_user())
    post(item, "Serve una migliore programmazione degli zanzariferi estivi.")
    for query in ("programma", "programmi", "programmazione", "PROGRAMMAZIONE"):
        page = _search(client, f"{query} zanzariferi", kind="comment")
        assert _count(page) == 1, query
        assert "<mark>programmazione</mark>" in page


def test_programme_items_are_found_by_stem_and_other_forms(client, programme):
    by_singular = _search(client, "programma", kind="item")
    by_plural = _search(client, "programmi", kind="item")
    assert _count(by_singular) == _count(by_plural) > 0
    assert "/en/items/polo-alta-formazione" in by_singular  # says "programmi condivisi"


def test_accents_are_folded_both_ways(client, item, make_user, login, post):
    login(make_user())
    post(item, "La città ha bisogno di più panchine verdognole.")
    assert _count(_search(client, "citta piu verdognole")) == 1
    post(item, "Una perche senza accenti verdognola.")
    assert _count(_search(client, "perché verdognola", kind="comment")) == 1


def test_kind_and_area_filters(client, item, other_item, make_user, login, post, make_proposal):
    author = login(make_user())
    post(item, "Commento sul quadrifoglio")
    post(other_item, "Altro commento sul quadrifoglio")
    make_proposal(author, [item], title="Proposta quadrifoglio", body="Un quadrifoglio per tutti.")
    assert _count(_search(client, "quadrifoglio")) == 3
    assert _count(_search(client, "quadrifoglio", kind="comment")) == 2
    only_proposals = _search(client, "quadrifoglio", kind="proposal")
    assert _count(only_proposals) == 1 and "Proposta quadrifoglio" in only_proposals
    both = client.get("/en/search?q=quadrifoglio&kind=proposal&kind=comment").get_data(as_text=True)
    assert _count(both) == 3
    item_area = item.primary_area.number
    assert item_area != other_item.primary_area.number
    in_area = _search(client, "quadrifoglio", area=str(item_area))
    assert _count(in_area) == 2 and "Altro commento" not in in_area
    # Nonsense filters are ignored rather than failing.
    assert _count(_search(client, "quadrifoglio", kind="nonsense", area="abc")) == 3


def test_hidden_pending_and_deleted_comments_are_never_found(client, item, make_user, login, post):
    author = login(make_user())
    post(item, "Nascosto ornitorinco")
    post(item, "Cancellato ornitorinco")
    hidden, deleted = _comment("Nascosto ornitorinco"), _comment("Cancellato ornitorinco")
    assert _count(_search(client, "ornitorinco")) == 2
    client.post(f"/en/comments/{deleted.id}/delete")
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/hide/comment/{hidden.id}", data={"reason": "spam"})
    assert _count(_search(client, "ornitorinco")) == 0
    assert _count(_search(client, "nascosto")) == 0
    client.post(f"/en/moderation/restore/comment/{hidden.id}", data={"reason": "other"})
    assert _count(_search(client, "ornitorinco")) == 1
    login(author)
    assert _count(_search(client, "cancellato")) == 0


def test_pending_comment_is_found_once_approved(client, item, make_user, login, post):
    login(make_user(role="moderator"))
    client.post(f"/en/discussions/item/{item.id}/premoderation", data={"premoderated": "1"})
    author = login(make_user())
    post(item, "In attesa di armadillo")
    comment = _comment("In attesa di armadillo")
    assert comment.status == "pending"
    assert _count(_search(client, "armadillo")) == 0  # not even for its author
    login(make_user(role="moderator"))
    from participation.moderation.models import ModerationCase

    case = db.session.scalar(select(ModerationCase).where(ModerationCase.target_id == comment.id))
    client.post(f"/en/moderation/cases/{case.id}/decide", data={"action": "approve", "reason": "other"})
    login(author)
    assert _count(_search(client, "armadillo")) == 1


def test_draft_hidden_proposals_and_their_comments_are_never_found(client, item, make_user, login, make_proposal):
    author = make_user()
    draft = make_proposal(author, [item], title="Bozza di pellicano", publish=False)
    published = make_proposal(author, [item], title="Pubblica di pellicano", body="Idea con pellicano.")
    login(make_user())
    client.post(f"/en/discussions/proposal/{published.id}/comments", data={"body": "Commento sul fenicottero",
                                                                           "language": "it"})
    assert _count(_search(client, "fenicottero")) == 1
    page = _search(client, "pellicano")
    assert _count(page) == 1 and "Bozza" not in page
    login(make_user(role="moderator"))
    client.post(f"/en/moderation/hide/proposal/{published.id}", data={"reason": "spam"})
    assert _count(_search(client, "pellicano")) == 0
    assert _count(_search(client, "fenicottero")) == 0  # the comments of a hidden proposal go with it
    client.post(f"/en/moderation/restore/proposal/{published.id}", data={"reason": "other"})
    assert _count(_search(client, "pellicano")) == 1 and _count(_search(client, "fenicottero")) == 1
    # Publishing the draft makes it findable.
    login(author)
    client.post(f"/en/proposals/{draft.id}/edit", data={"title": "Bozza di pellicano", "body": "Ora pubblica.",
                                                        "items": [str(item.id)], "language": "it",
                                                        "action": "publish"})
    assert db.session.get(Proposal, draft.id).status == "published"
    assert _count(_search(client, "pellicano")) == 2


def test_an_edited_comment_is_found_by_its_new_text_only(client, item, make_user, login, post):
    login(make_user())
    post(item, "Prima versione con giraffa")
    comment = _comment("Prima versione con giraffa")
    client.post(f"/en/comments/{comment.id}/edit", data={"body": "Seconda versione con elefante"})
    assert _comment("Seconda versione con elefante") is not None
    assert _count(_search(client, "giraffa")) == 0
    assert _count(_search(client, "elefante")) == 1


def test_reindex_command_rebuilds_the_same_index(client, runner, item, make_user, login, post):
    login(make_user())
    post(item, "Un riccio nel parco")
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "91 items" in result.output
    assert _count(_search(client, "ricci", kind="comment")) == 1
    assert _count(_search(client, "programmi", kind="item")) > 0


HOSTILE = [
    '"', "'", '"unterminated', "a\"b'c", "AND", "OR NOT", "NEAR(a b)", "*", "^start", "col:value", "-minus", "+plus",
    "(((", ")", "a AND OR b", "NOT", '"" AND ""', "programm*", "title:programma",
    "😀 programma 🏛️", "ﷺ العربية", "𝔭𝔯𝔬𝔤𝔯𝔞𝔪𝔪𝔞", "a" * 10_000, "programma " * 2_000,
    "' OR 1=1 --", "<script>alert(1)</script>", "%", "_", "\\", "   ", "",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_break_the_page(client, programme, query):
    response = client.get("/en/search", query_string={"q": query})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page
    assert 'role="status"' in page


@pytest.mark.parametrize("query", ["citta\x00 programma", "\x00"])
def test_null_bytes_get_a_clear_answer_not_an_error(client, query):
    response = client.get("/en/search", query_string={"q": query})
    assert response.status_code == 400  # the site refuses NUL in any request, before search sees it
    assert "<html" in response.get_data(as_text=True)


def test_operators_are_plain_words(client, item, make_user, login, post):
    login(make_user())
    post(item, "Il gatto nero")
    assert _count(_search(client, 'gatto OR "cane"')) == 0  # OR is a word, not an operator: every word must match
    assert _count(_search(client, '"gatto" -nero')) == 1


def test_search_box_in_every_page_header(client):
    page = client.get("/en/about").get_data(as_text=True)
    form = re.search(r'<form class="site-search"[^>]*role="search"[^>]*>.*?</form>', page, re.S)
    assert form and '<label for="site-search-q">Search</label>' in form.group(0)


def test_query_count_does_not_grow_with_results(client, item, make_user, login, post, make_proposal, count_queries):
    author = login(make_user())
    post(item, "Primo lampione")
    _search(client, "lampione")  # both measurements follow a same request, with the same session state
    with count_queries() as few:
        _search(client, "lampione")
    for n in range(12):
        post(item, f"Lampione numero {n}")
        make_proposal(author, [item], title=f"Lampione {n}")
    _search(client, "lampione")
    with count_queries() as many:
        page = _search(client, "lampione")
    assert _count(page) == 25
    assert many() == few()
