"""Notifications name the person who acted when they are read, in a fixed number of statements."""
from participation.extensions import db
from participation.notifications.services import notify


def _notify_from(reader, actors):
    for n, actor in enumerate(actors):
        notify(reader, "followed_comment", actor_id=actor.id, title=f"Thread {n}", comment_id=n + 1)
    db.session.commit()


def test_the_list_shows_each_actors_name_of_today(client, login, make_user):
    reader = make_user(name="Reader")
    actor = make_user(name="Old Name")
    _notify_from(reader, [actor])
    actor.display_name = "New Name"  # as a moderator's edit of a profile name does
    db.session.commit()
    login(reader)
    page = client.get("/en/notifications").text
    assert "New Name commented on “Thread 0”." in page
    assert "Old Name" not in page


def test_the_list_runs_as_many_statements_for_one_actor_as_for_thirty(client, login, make_user, count_queries):
    def statements(reader):
        login(reader)
        db.session.commit()
        with count_queries() as counted:
            response = client.get("/en/notifications")
        assert response.status_code == 200
        return counted(), response.text

    one, many = make_user(name="One"), make_user(name="Many")
    actors = [make_user(name=f"Actor {n}") for n in range(30)]
    _notify_from(one, actors[:1])
    _notify_from(many, actors)
    few_count, _ = statements(one)
    many_count, page = statements(many)
    assert many_count == few_count
    assert all(f"Actor {n} commented" in page for n in range(30))
