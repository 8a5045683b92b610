"""A deleted account has one name everywhere: the one its delete page promises."""
from participation.extensions import db
from tests.participation_fixtures import *  # noqa: F401,F403

PASSWORD = "the current password"


def test_contributions_of_a_deleted_account_say_what_the_delete_page_promised(client, item, make_user, login,
                                                                                logout, post, make_proposal):
    anna = make_user(name="Anna Rossi", email="anna@example.org", password=PASSWORD)
    login(anna)
    post(item, "The buses are late.")
    proposal = make_proposal(anna, [item], title="Earlier buses")
    from participation.discussion.models import Comment

    comment = db.session.scalar(db.select(Comment).where(Comment.author_id == anna.id))
    login(make_user(name="Bruno"))
    post(item, "They are.", parent_id=str(comment.id))

    login(anna)
    delete_page = client.get("/en/account/delete").text
    assert 'shown as "Deleted account"' in delete_page.replace("&#34;", '"').replace("&quot;", '"')
    deleted = client.post("/en/account/delete", data={"password": PASSWORD}, follow_redirects=True).text
    assert "Deleted account" in deleted.replace("&#34;", '"')

    logout()
    for path in (f"/en/items/{item.slug}", f"/en/proposals/{proposal.id}"):
        html = client.get(path).text
        assert "Deleted account" in html, path
        assert "Former resident" not in html and "Anna Rossi" not in html, path
