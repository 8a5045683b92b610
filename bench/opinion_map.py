"""How long the background worker takes to compute the opinion map of the 2,000-comment item.

    python bench/opinion_map.py [--size M] [--repeat 3]

Seeds (or reuses, from bench/out/) a SQLite database of size ``--size``, then
computes the map of the discussion with the most comments ``--repeat`` times,
as the worker's job does (``opinions.compute``: read the votes, group, store),
and prints the fastest and the slowest run with the map's size.
"""
import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
import common  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="M")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = common.prepare_sqlite(args.size)
    os.environ["DATABASE_URL"] = url
    from sqlalchemy import select

    from participation import create_app
    from participation.discussion.models import Thread
    from participation.extensions import db
    from participation.opinions.jobs import compute_in_background

    app = create_app()
    with app.app_context():
        thread = db.session.scalars(select(Thread).order_by(Thread.comment_count.desc()).limit(1)).one()
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            compute_in_background(thread.id)
            db.session.commit()
            times.append(time.perf_counter() - started)
        from participation.opinions.models import OpinionMap

        data = db.session.scalar(select(OpinionMap.data).where(OpinionMap.thread_id == thread.id))
        sizes = [group["size"] for group in data.get("groups", [])]
        print(f"thread {thread.id}: {thread.comment_count} comments, {data.get('participants')} participants "
              f"on {data.get('comments')} comments, groups {sizes}; "
              f"fastest {min(times):.2f} s, slowest {max(times):.2f} s (first run includes importing numpy "
              f"and scikit-learn)")


if __name__ == "__main__":
    main()
