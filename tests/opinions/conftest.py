from tests.participation_fixtures import *  # noqa: F401,F403
