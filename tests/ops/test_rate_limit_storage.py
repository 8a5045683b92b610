"""Rate limits are shared between servers through Redis when RATELIMIT_STORAGE_URI says so."""
from participation import create_app
from participation.extensions import limiter
from tests.conftest import make_config


def test_redis_storage_is_used_when_configured(tmp_path):
    app = create_app(make_config(tmp_path, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0", RATELIMIT_ENABLED=True))
    with app.app_context():
        assert type(limiter.storage).__name__ == "RedisStorage"
        assert limiter.storage.check() is False  # nothing listens on port 1: the client is real


def test_memory_storage_is_the_default(tmp_path):
    app = create_app(make_config(tmp_path, RATELIMIT_ENABLED=True))
    with app.app_context():
        assert type(limiter.storage).__name__ == "MemoryStorage"
