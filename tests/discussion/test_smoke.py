from participation.discussion.models import Comment
from participation.extensions import db


def test_comment_appears_on_item_page(client, item, make_user, login, post):
    login(make_user(name="Anna"))
    response = post(item, "Hello\n\nhttp://example.org", position="for")
    assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Anna" in html
    assert db.session.query(Comment).count() == 1
