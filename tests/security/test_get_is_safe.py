"""GET never changes anything, and every GET route is reached with real data."""
from tests.security.walk import database_digest, get_routes

# Routes that may answer 404 with the walk's data (each with the reason).
MAY_BE_NOT_FOUND = {}


def test_every_get_route_is_reached_with_real_path_arguments(app, client, populated):
    unreached = [
        str(route) for route in get_routes(app, client)
        if client.get(route.url).status_code == 404 and route.endpoint not in MAY_BE_NOT_FOUND
    ]
    assert not unreached, (
        "These routes answer 404 with every guessed argument: add rows of their tables to the "
        "`populated` fixture, or a value to PATH_ARGUMENTS in tests/security/walk.py:\n" + "\n".join(unreached)
    )


def test_no_get_route_changes_the_database(app, client, populated, as_user):
    routes = get_routes(app, client)
    before = database_digest()
    assert before["programme_item"], "the walk needs data to be meaningful"
    for user in (None, *populated.values()):
        visitor = as_user(user)
        for route in routes:
            assert visitor.get(route.url).status_code < 500, route
    after = database_digest()
    changed = [table for table in before if before[table] != after[table]]
    assert not changed, f"GET requests changed the tables {changed}"


def test_the_digest_sees_a_changed_row(app, populated):
    from participation.extensions import db

    before = database_digest()
    populated["resident"].display_name = "Renamed"
    db.session.commit()
    assert database_digest()["user_account"] != before["user_account"]
