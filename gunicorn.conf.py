"""Gunicorn settings for `make serve` and production: `gunicorn --config gunicorn.conf.py wsgi:app`.

Every value comes from the environment:

- PORT (default 8000): the server listens on 127.0.0.1:PORT only; a reverse
  proxy or load balancer on the same host forwards to it (set PROXY_FIX_HOPS).
  GUNICORN_BIND replaces the whole address (e.g. 0.0.0.0:8000 in a container).
- WEB_CONCURRENCY (default 2 x CPUs + 1): worker processes.
- GUNICORN_THREADS (default 1): threads per worker (more than 1 uses gthread).
- GUNICORN_TIMEOUT (default 30 s): a worker silent this long is restarted.
- GUNICORN_MAX_REQUESTS (default 5000): a worker is recycled after this many
  requests (with jitter), which bounds slow memory growth.

Logs are JSON lines on stderr. The application writes the access log itself,
one line per request (participation/core/request_log.py: method, path
without query string, status, duration, request id, user id), so gunicorn's
own access log is off; gunicorn's error log uses the same JSON format.
"""
import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{_int('PORT', 8000)}"
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
preload_app = False  # each worker opens its own database connections
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "participation.core.request_log.JsonFormatter"}},
    "handlers": {
        "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
    },
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error_console"], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": ["error_console"]},
}
