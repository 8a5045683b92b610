"""Long threads: pagination, permalinks and a fixed number of queries."""
from datetime import timedelta

from sqlalchemy import select

from participation.core.models import utcnow
from participation.discussion.models import Comment
from participation.discussion.services import ensure_item_thread
from participation.extensions import db


def fill_thread(item, users, roots, replies_per_root=0):
    """Insert comments directly (fast); counters as the service would leave them."""
    thread = ensure_item_thread(item.id)
    start = utcnow() - timedelta(days=1)
    created = []
    for n in range(roots):
        author = users[n % len(users)]
        root = Comment(thread_id=thread.id, author_id=author.id, depth=0, body=f"Root {n}",
                       body_html=f"<p>Root {n}</p>", language="it", created_at=start)
        db.session.add(root)
        db.session.flush()
        root.root_id = root.id
        created.append(root)
        parent = root
        for r in range(replies_per_root):
            reply = Comment(thread_id=thread.id, author_id=users[(n + r + 1) % len(users)].id, parent_id=parent.id,
                            root_id=root.id, depth=parent.depth + 1, body=f"Reply {n}.{r}",
                            body_html=f"<p>Reply {n}.{r}</p>", language="it", created_at=start)
            db.session.add(reply)
            db.session.flush()
            created.append(reply)
            parent = reply
    thread.comment_count += len(created)
    db.session.commit()
    return created


def test_top_level_comments_are_paginated_with_their_replies(client, item, make_user):
    from participation.discussion.reading import PAGE_SIZE

    users = [make_user() for _ in range(3)]
    fill_thread(item, users, roots=PAGE_SIZE + 1, replies_per_root=1)
    first = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    last = PAGE_SIZE - 1
    assert f"Root {last}<" in first and f"Reply {last}.0<" in first and f"Root {PAGE_SIZE}<" not in first
    assert 'href="/en/items/polo-alta-formazione?page=2#discussion"' in first
    second = client.get(f"/en/items/{item.slug}?page=2").get_data(as_text=True)
    assert f"Root {PAGE_SIZE}<" in second and f"Reply {PAGE_SIZE}.0<" in second and "Root 0<" not in second


def test_permalink_leads_to_the_page_and_anchor_of_a_deep_comment(client, item, make_user):
    users = [make_user() for _ in range(2)]
    created = fill_thread(item, users, roots=200, replies_per_root=2)
    deep_reply = next(c for c in created if c.body == "Reply 190.1")
    response = client.get(f"/en/c/{deep_reply.id}")
    assert response.status_code == 302
    from participation.discussion.reading import PAGE_SIZE

    assert response.headers["Location"] == f"/en/items/{item.slug}?page={190 // PAGE_SIZE + 1}#comment-{deep_reply.id}"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'id="comment-{deep_reply.id}"' in html
    first = next(c for c in created if c.body == "Root 0")
    assert client.get(f"/en/c/{first.id}").headers["Location"] == f"/en/items/{item.slug}#comment-{first.id}"


def test_permalink_without_language_redirects_to_the_visitors_language(client, item, make_user):
    comment = fill_thread(item, [make_user()], roots=1)[0]
    response = client.get(f"/c/{comment.id}", headers={"Accept-Language": "fr"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/fr/c/{comment.id}"
    assert client.get(f"/en/c/{comment.id}").headers["Location"].startswith("/en/items/")


def test_permalink_to_missing_or_held_comment_is_404_and_hidden_shows_the_placeholder(client, item, make_user):
    comment = fill_thread(item, [make_user()], roots=1)[0]
    assert client.get("/en/c/99999").status_code == 404
    comment.status = "pending"
    db.session.commit()
    assert client.get(f"/en/c/{comment.id}").status_code == 404
    assert "Root 0" not in client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    comment.status, comment.moderation_reason = "hidden", "spam"
    db.session.commit()
    assert client.get(f"/en/c/{comment.id}").status_code == 302
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert "Root 0" not in page and "Hidden by the moderators: Spam or advertising" in page


def _item_page_queries(client, item, count_queries, fresh=False, **params):
    # The test shares the request's session: end its transaction so that each
    # measurement starts alike (with the request's own BEGIN).
    db.session.commit()
    if fresh:  # measure the page as rendered, not as kept (discussion/section.py)
        from participation.discussion.cache import section_cache

        section_cache().clear()
    with count_queries() as queries:
        response = client.get(f"/en/items/{item.slug}", query_string=params)
    assert response.status_code == 200
    return queries()


def test_item_page_runs_a_fixed_number_of_queries(client, item, make_user, login, count_queries):
    users = [make_user() for _ in range(5)]
    reader = make_user(name="Reader")
    login(reader)
    from participation.votes.models import CommentVote

    first = fill_thread(item, users, roots=4, replies_per_root=1)
    db.session.add(CommentVote(user_id=reader.id, comment_id=first[0].id, value=1))
    small = _item_page_queries(client, item, count_queries, fresh=True)
    small_again = _item_page_queries(client, item, count_queries)  # the comments rendered for residents are kept
    # Grow the thread to 300 comments, with deep replies, votes and an official answer.
    created = fill_thread(item, users, roots=60, replies_per_root=4)

    for comment in created[:50]:
        db.session.add(CommentVote(user_id=reader.id, comment_id=comment.id, value=1))
    created[0].is_official = True
    db.session.commit()
    assert db.session.scalar(select(db.func.count()).select_from(Comment)) == 308
    large = _item_page_queries(client, item, count_queries, fresh=True)
    large_again = _item_page_queries(client, item, count_queries)
    assert small == large and small_again == large_again
    # The programme's revision, the item, the discussion page, the reader's votes and own comments awaiting
    # approval, the actions of the comments the reader voted on, the City's answer requests, proposals,
    # support, the item's progress and its timeline with the timeline's documents, the opinion map with the
    # reader's group on it, translations, the header.
    assert large <= 21
    # Kept: the item with its areas, departments, translations and progress, and the page of comments
    # with its replies, are not read again.
    assert large_again <= large - 8


def test_anonymous_item_page_query_count_is_fixed(client, item, make_user, count_queries):
    users = [make_user() for _ in range(3)]
    fill_thread(item, users, roots=10)
    small = _item_page_queries(client, item, count_queries, fresh=True)
    fill_thread(item, users, roots=100, replies_per_root=2)
    # As for a resident, without the reader's own parts: the discussion section is kept whole.
    assert _item_page_queries(client, item, count_queries, fresh=True) == small <= 15
    kept = _item_page_queries(client, item, count_queries)
    assert kept <= small - 8


def test_every_order_and_filter_runs_the_queries_of_the_plain_page(client, item, make_user, login, count_queries):
    from participation.discussion.reading import SORTS

    users = [make_user() for _ in range(4)]
    login(make_user(name="Reader"))
    fill_thread(item, users, roots=4, replies_per_root=1)
    plain = _item_page_queries(client, item, count_queries)
    choices = [{"sort": sort, "position": position} for sort in SORTS for position in ("", "for", "against")]
    small = [_item_page_queries(client, item, count_queries, fresh=True, **choice) for choice in choices]
    created = fill_thread(item, users, roots=60, replies_per_root=3)
    for n, comment in enumerate(created):
        comment.position = ("for", "against", None)[n % 3] if comment.parent_id is None else None
        comment.up_count, comment.down_count = n % 7, n % 5
    db.session.commit()
    large = [_item_page_queries(client, item, count_queries, fresh=True, **choice) for choice in choices]
    assert small == large == [plain] * len(choices)
