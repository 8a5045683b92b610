"""Configuration classes; every setting can be overridden from the environment."""
import os
import secrets
from datetime import timedelta
from pathlib import Path


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class Config:
    ENV_NAME = "development"
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # default set in create_app
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # The public address, which every link in mail and every hreflang link starts with
    # (core/addresses.py). Unset, it is derived from PORT (public_base_url, below).
    BASE_URL = os.environ.get("BASE_URL") or None
    PROGRAMME_PATH = os.environ.get(
        "PROGRAMME_PATH",
        str(Path(__file__).resolve().parent.parent / "data" / "linee-programmatiche-2014-2019.txt"),
    )
    BABEL_DEFAULT_LOCALE = "it"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Europe/Rome")
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent.parent / "translations")
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 1024 * 1024)
    # Each document attached to a progress update (PDF, PNG, JPEG): at most this many bytes.
    PROGRESS_DOCUMENT_MAX_BYTES = _env_int("PROGRESS_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    WTF_CSRF_TIME_LIMIT = None
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    PROXY_FIX_HOPS = _env_int("PROXY_FIX_HOPS", 0)
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = _env_int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Partecipa <noreply@localhost>")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    # Machine translation (a LibreTranslate-compatible server); off when no URL.
    MACHINE_TRANSLATION_URL = os.environ.get("MACHINE_TRANSLATION_URL")
    MACHINE_TRANSLATION_KEY = os.environ.get("MACHINE_TRANSLATION_KEY")
    MACHINE_TRANSLATION_TIMEOUT = _env_int("MACHINE_TRANSLATION_TIMEOUT", 20)
    MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 20)
    MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 12)
    # Seconds after which a sender's claim on a message is taken over (the sender died);
    # keep it well above the time one delivery can take (about 10 x MAIL_TIMEOUT).
    MAIL_CLAIM_TIMEOUT = _env_int("MAIL_CLAIM_TIMEOUT", 900)
    # Deliver queued mail right after the request that queued it (development
    # convenience); production runs `flask mail send` from a timer instead.
    MAIL_SEND_AFTER_REQUEST = _env_bool("MAIL_SEND_AFTER_REQUEST", True)
    # Background jobs (core/jobs.py): run right after the request that queued them
    # (development convenience); production runs `flask jobs work` beside the app servers.
    JOBS_RUN_AFTER_REQUEST = _env_bool("JOBS_RUN_AFTER_REQUEST", True)
    JOBS_MAX_ATTEMPTS = _env_int("JOBS_MAX_ATTEMPTS", 8)
    # The daily digest email is sent by the background worker at this hour of the City's time zone.
    DIGEST_HOUR = _env_int("DIGEST_HOUR", 18)
    # The database's statistics are refreshed by the background worker at this hour (ops/maintenance.py).
    MAINTENANCE_HOUR = _env_int("MAINTENANCE_HOUR", 4)
    # Argon2id at OWASP's minimum (m=19 MiB, t=2, p=1); hashes made with other
    # parameters are upgraded at the next successful login.
    ARGON2_TIME_COST = _env_int("ARGON2_TIME_COST", 2)
    ARGON2_MEMORY_COST = _env_int("ARGON2_MEMORY_COST", 19456)
    ARGON2_PARALLELISM = _env_int("ARGON2_PARALLELISM", 1)
    COMMON_PASSWORDS_PATH = os.environ.get(
        "COMMON_PASSWORDS_PATH", str(Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt")
    )
    EMAIL_VERIFICATION_MAX_AGE = 48 * 3600
    PASSWORD_RESET_MAX_AGE = 3600
    # The link sent to the old address after a change, to undo it (accounts/address_change.py).
    EMAIL_RESTORE_MAX_AGE = 7 * 24 * 3600
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    # Operations (participation/core/request_log.py, security.py)
    REQUEST_LOG = _env_bool("REQUEST_LOG", True)
    HSTS_SECONDS = _env_int("HSTS_SECONDS", 63072000)
    PROPOSAL_SUPPORT_THRESHOLD = _env_int("PROPOSAL_SUPPORT_THRESHOLD", 50)
    # Days the City's departments have to answer a question (answers/deadlines.py), to the end of that
    # day in the City's time zone; their staff are reminded a week before and on the day, at this hour.
    ANSWER_DEADLINE_DAYS = _env_int("ANSWER_DEADLINE_DAYS", 30)
    ANSWER_REMINDER_HOUR = _env_int("ANSWER_REMINDER_HOUR", 8)
    # Limits on writing (participation/moderation/write_limits.py: check_write_rate).
    WRITE_RATE_LIMITS = _env_bool("WRITE_RATE_LIMITS", True)
    MODERATION_AUTO_HIDE_THRESHOLD = _env_int("MODERATION_AUTO_HIDE_THRESHOLD", 3)
    MODERATION_PREMODERATE_FIRST_N = _env_int("MODERATION_PREMODERATE_FIRST_N", 0)
    # Rendered discussion pages for readers who are not signed in, kept in each
    # app process up to this many characters of HTML (0 turns the cache off).
    DISCUSSION_CACHE_BYTES = _env_int("DISCUSSION_CACHE_BYTES", 32 * 1024 * 1024)
    # The opinion map of a discussion (participation/opinions): drawn once at least
    # OPINION_MIN_PARTICIPANTS residents voted on at least OPINION_MIN_VOTES of its comments
    # each; groups of fewer than OPINION_MIN_GROUP_SIZE people are merged into the nearest;
    # recomputed by the background worker at most once every OPINION_MIN_INTERVAL seconds.
    OPINION_MIN_PARTICIPANTS = _env_int("OPINION_MIN_PARTICIPANTS", 7)
    OPINION_MIN_VOTES = _env_int("OPINION_MIN_VOTES", 3)
    OPINION_MIN_GROUP_SIZE = _env_int("OPINION_MIN_GROUP_SIZE", 3)
    OPINION_MIN_INTERVAL = _env_int("OPINION_MIN_INTERVAL", 300)


class DevelopmentConfig(Config):
    DEBUG = False


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    MAIL_SEND_AFTER_REQUEST = _env_bool("MAIL_SEND_AFTER_REQUEST", False)
    JOBS_RUN_AFTER_REQUEST = _env_bool("JOBS_RUN_AFTER_REQUEST", False)


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = None
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    SERVER_NAME = None
    MACHINE_TRANSLATION_URL = None
    MACHINE_TRANSLATION_KEY = None
    MAIL_SERVER = None
    MAIL_SEND_AFTER_REQUEST = False
    # Cheap hashing keeps the suite fast; tests/accounts asserts the production values.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    ARGON2_PARALLELISM = 1
    REQUEST_LOG = False
    WRITE_RATE_LIMITS = False  # tests that need them turn them on
    BASE_URL = "http://127.0.0.1:5000"  # the same links whatever PORT the shell exports


def config_for_environment():
    """Pick the config class named by PARTICIPATION_ENV (development by default)."""
    name = os.environ.get("PARTICIPATION_ENV", "development").lower()
    return {"production": ProductionConfig, "testing": TestingConfig}.get(name, DevelopmentConfig)


def public_base_url(config):
    """The site's public address: ``BASE_URL``, else (development) where ``make run`` serves.

    ``make run`` serves on 127.0.0.1:``PORT`` (the Makefile exports ``PORT``,
    5000 by default), so links in mail lead back to the server that sent
    them. In production nothing can be guessed: raises RuntimeError.
    """
    if config.get("BASE_URL"):
        return config["BASE_URL"].rstrip("/")
    if config.get("ENV_NAME") == "production":
        raise RuntimeError(
            "BASE_URL must be set when PARTICIPATION_ENV=production: the public address of the site, "
            "e.g. BASE_URL=https://partecipa.example.org (links in emails start with it)."
        )
    return f"http://127.0.0.1:{_env_int('PORT', 5000)}"


def load_or_create_secret_key(instance_path):
    """Development only: a random key kept in instance/ so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
