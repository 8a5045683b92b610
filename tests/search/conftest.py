from tests.participation_fixtures import fresh_request_globals, item, make_proposal, other_item, post  # noqa: F401
