"""Profile one page on the seeded benchmark database (bench/out/seeded-M.db, never changed here).

    python bench/profile_page.py /it/items/<slug> [--signed-in 3] [--repeat 3] [--html out.html]

Prints the SQL statements the request ran (count and total time) and pyinstrument's call tree.
"""
import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import common  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--size", default="M")
    parser.add_argument("--signed-in", type=int, default=0, help="seeded resident number to sign in as")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--html", default=None)
    args = parser.parse_args()
    seeded = common.OUT / f"seeded-{args.size}.db"
    copy = common.OUT / "profile.db"
    for leftover in common.OUT.glob("profile.db*"):  # a stale -wal file would be replayed onto the fresh copy
        leftover.unlink()
    shutil.copyfile(seeded, copy)
    os.environ.update({"DATABASE_URL": f"sqlite:///{copy}", "REQUEST_LOG": "0", "PARTICIPATION_ENV": "development"})

    from pyinstrument import Profiler
    from sqlalchemy import event

    from participation import create_app
    from participation.extensions import db

    app = create_app()
    client = app.test_client()
    if args.signed_in:
        from participation.accounts.models import User

        with app.app_context():
            user = db.session.scalar(db.select(User).where(
                User.email == f"resident{args.signed_in}@{common.SEED_EMAIL_DOMAIN}"))
            user_id = user.get_id()
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
    client.get(args.path)  # warm up: templates, caches
    statements = []
    with app.app_context():
        engine = db.engine

    def before(conn, cursor, statement, parameters, context, executemany):
        context._started = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append((time.perf_counter() - context._started, statement))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _ in range(args.repeat):
            response = client.get(args.path)
    elapsed = (time.perf_counter() - started) / args.repeat
    print(f"HTTP {response.status_code}, {elapsed * 1000:.1f} ms per request, "
          f"{len(statements) // args.repeat} SQL statements, "
          f"{sum(t for t, _ in statements) / args.repeat * 1000:.1f} ms in SQL")
    for duration, statement in sorted(statements, reverse=True)[:8]:
        print(f"  {duration * 1000:7.1f} ms  {' '.join(statement.split())[:220]}")
    # Python function calls per request: a measure of the work that does not depend on the machine's load.
    import cProfile
    import pstats

    counter = cProfile.Profile()
    counter.enable()
    client.get(args.path)
    counter.disable()
    print(f"{pstats.Stats(counter).total_calls} Python function calls per request")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html())


if __name__ == "__main__":
    main()
