"""`make serve` for real: gunicorn with gunicorn.conf.py, /healthz and JSON logs."""
import json
import os
import runpy
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from participation.extensions import db
from tests.pgserver import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_the_config_reads_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "5099")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["bind"] == "127.0.0.1:5099"
    assert settings["workers"] == 3
    assert settings["accesslog"] is None  # the application writes the access log


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_gunicorn_serves_healthz_and_logs_json(app, tmp_path):
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=db.engine.url.render_as_string(hide_password=False),
        PORT=str(port),
        WEB_CONCURRENCY="1",
        SECRET_KEY="gunicorn-test",
        BASE_URL=f"http://127.0.0.1:{port}",
        INSTANCE_PATH=str(tmp_path / "instance"),
        PARTICIPATION_ENV="production",
    )
    env.pop("GUNICORN_BIND", None)
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    status, body = _get(f"http://127.0.0.1:{port}/healthz?token=s3cr3t")
                    break
                except OSError:
                    assert server.poll() is None, log.read_text()
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert status == 200 and json.loads(body) == {"status": "ok"}
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    requests = [line for line in lines if line.get("event") == "request"]
    assert requests and requests[-1]["path"] == "/healthz" and requests[-1]["status"] == 200
    assert "s3cr3t" not in log.read_text()
    assert any(line.get("logger") == "gunicorn.error" for line in lines)  # gunicorn's own log is JSON too
