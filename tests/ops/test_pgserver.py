"""tests/pgserver.py: a private PostgreSQL for one command, always removed afterwards."""
import glob
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import os, sys, psycopg
url = os.environ["TEST_DATABASE_URL"]
assert url.startswith("postgresql+psycopg://postgres@127.0.0.1:"), url
with psycopg.connect(url.replace("+psycopg", "")) as conn:
    print("answer", conn.execute("SELECT 6 * 7").fetchone()[0])
    print("dir", conn.execute("SHOW data_directory").fetchone()[0])
    print("listen", conn.execute("SHOW listen_addresses").fetchone()[0])
sys.exit(3)
"""

pytestmark = pytest.mark.skipif(
    not (glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb")),
    reason="PostgreSQL is not installed (scripts/system-packages.sh installs it)",
)


def test_runs_the_command_against_a_private_server_and_removes_it():
    result = subprocess.run(
        [sys.executable, "-m", "tests.pgserver", "--", sys.executable, "-c", SCRIPT],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 3, result.stderr  # the command's exit code is passed on
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["answer"] == "42"
    assert lines["listen"] == "127.0.0.1"
    data_directory = Path(lines["dir"])
    assert data_directory.name == "data" and data_directory.parent.name.startswith("partecipa-pg-")
    assert not data_directory.parent.exists()
