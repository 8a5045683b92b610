"""Run a command against a throwaway PostgreSQL server.

    python -m tests.pgserver -- python -m pytest -q

It runs ``initdb`` in a new temporary directory, starts ``postgres`` on a
free port of 127.0.0.1 (its unix socket also lives in the temporary
directory, so nothing outside it is touched), creates the database
``partecipa_test``, runs the command with
``TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/partecipa_test``
in its environment, then always stops the server and removes the directory,
and exits with the command's exit code.

PostgreSQL refuses to run as root. When started as root (as on CI), the
server runs as the unprivileged ``postgres`` user that Debian's package
creates (``runuser -u postgres``), and the temporary directory is handed to
that user. Run as any other user, the server runs as that user.

The server trades durability for speed (``fsync=off``): it lives only as
long as the command.
"""
import glob
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

DATABASE = "partecipa_test"
SUPERUSER = "postgres"
SERVER_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "idle_in_transaction_session_timeout": "60s",
}


def find_bin_dir():
    """The directory holding initdb/pg_ctl: $PG_BIN_DIR, Debian's newest, or PATH."""
    if os.environ.get("PG_BIN_DIR"):
        return os.environ["PG_BIN_DIR"]
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0,
    )
    if candidates:
        return os.path.dirname(candidates[-1])
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    raise SystemExit(
        "PostgreSQL is not installed (no initdb found). Install it with "
        "`apt-get install postgresql` (scripts/system-packages.sh does it) or set PG_BIN_DIR."
    )


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prefix_argv(prefix, argv):
    """``argv`` run through ``runuser -u postgres --`` or ``su postgres -c``."""
    if prefix and prefix[0] == "su":
        return prefix + [shlex.join(argv)]
    return prefix + argv


def _server_account():
    """(uid, gid, argv prefix) to run the server as; root hands over to ``postgres``."""
    if os.geteuid() != 0:
        return None, None, []
    try:
        account = pwd.getpwnam(SUPERUSER)
    except KeyError:
        raise SystemExit(
            "Running as root, but there is no 'postgres' user to run the server as "
            "(Debian's postgresql package creates it)."
        ) from None
    runuser = shutil.which("runuser")
    prefix = [runuser, "-u", SUPERUSER, "--"] if runuser else ["su", SUPERUSER, "-s", "/bin/sh", "-c"]
    return account.pw_uid, account.pw_gid, prefix


def _run_as(prefix, argv, cwd, **kwargs):
    # The working directory is the temporary one: PostgreSQL's tools fail when the
    # server's user cannot enter the current directory (a checkout under /root).
    return subprocess.run(prefix_argv(prefix, argv), check=True, cwd=cwd, **kwargs)


def _wait_until_ready(port, timeout=30.0):
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(host="127.0.0.1", port=port, user=SUPERUSER, dbname="postgres", connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def postgres_server(database=DATABASE):
    """Start a private server; yield its SQLAlchemy URL; stop and delete it afterwards."""
    import psycopg

    bin_dir = find_bin_dir()
    uid, gid, prefix = _server_account()
    # As root, the server's user must reach the directory: not under a private TMPDIR like /root/tmp.
    root = tempfile.mkdtemp(prefix="partecipa-pg-", dir=os.environ.get("PG_TMPDIR", "/tmp") if uid is not None else None)
    data_dir = os.path.join(root, "data")
    socket_dir = os.path.join(root, "socket")
    log_file = os.path.join(root, "server.log")
    os.mkdir(socket_dir)
    if uid is not None:
        for path in (root, socket_dir):
            os.chown(path, uid, gid)
    port = free_port()
    options = " ".join(
        ["-h 127.0.0.1", f"-p {port}", f"-k {socket_dir}"] + [f"-c {key}={value}" for key, value in SERVER_SETTINGS.items()]
    )
    started = False
    try:
        _run_as(
            prefix,
            [os.path.join(bin_dir, "initdb"), "-D", data_dir, "-U", SUPERUSER, "--auth=trust",
             "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
            root,
            stdout=subprocess.DEVNULL,
        )
        _run_as(prefix, [os.path.join(bin_dir, "pg_ctl"), "-D", data_dir, "-l", log_file, "-o", options, "-w", "start"],
                root, stdout=subprocess.DEVNULL)
        started = True
        _wait_until_ready(port)
        with psycopg.connect(host="127.0.0.1", port=port, user=SUPERUSER, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{database}"
    except subprocess.CalledProcessError:
        if os.path.exists(log_file):
            with open(log_file, encoding="utf-8", errors="replace") as log:
                sys.stderr.write(log.read())
        raise
    finally:
        if started:
            subprocess.run(
                prefix_argv(prefix, [os.path.join(bin_dir, "pg_ctl"), "-D", data_dir, "-m", "immediate", "-w", "stop"]),
                cwd=root,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


def _terminate(signum, _frame):
    raise SystemExit(128 + signum)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _terminate)
    with postgres_server() as url:
        print(f"PostgreSQL test server: {url}", file=sys.stderr, flush=True)
        env = dict(os.environ, TEST_DATABASE_URL=url)
        return subprocess.run(argv, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
