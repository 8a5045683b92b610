"""A throwaway Redis server for a test, the way tests/pgserver.py gives PostgreSQL.

    with redis_server() as url:   # redis://127.0.0.1:PORT/0
        ...

It starts Debian's ``redis-server`` on a free port of 127.0.0.1 with a new
temporary directory as its working directory and nothing written to disk
(no snapshots, no append-only file), waits until it answers PING, and always
stops it and removes the directory afterwards.
"""
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from tests.pgserver import free_port

REDIS_SERVER = "redis-server"


def redis_server_path():
    """The ``redis-server`` program, or None when it is not installed."""
    return shutil.which(REDIS_SERVER)


def _wait_until_ready(port, process, log_file, timeout=30.0):
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2, socket_connect_timeout=2)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"redis-server stopped at once:\n{Path(log_file).read_text(errors='replace')}")
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not answer PING")
            time.sleep(0.1)
    finally:
        client.close()


@contextmanager
def redis_server():
    """Start a private Redis; yield its URL (database 0); stop it and delete its directory afterwards."""
    program = redis_server_path()
    if program is None:
        raise RuntimeError(
            "redis-server is not installed. Install it with `apt-get install redis-server` "
            "(scripts/system-packages.sh does it)."
        )
    root = tempfile.mkdtemp(prefix="partecipa-redis-")
    log_file = Path(root) / "redis.log"
    port = free_port()
    process = None
    try:
        with open(log_file, "w") as log:
            process = subprocess.Popen(
                [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", root],
                cwd=root, stdout=log, stderr=subprocess.STDOUT,
            )
        _wait_until_ready(port, process, log_file)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)
