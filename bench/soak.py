"""Soak run: a few minutes of mixed load on loopback, sampling the gunicorn workers' memory.

    python bench/soak.py [--minutes 3] [--clients 8] [--max-requests 50000]

Bounded in time and in number of requests. Reports errors and each worker's
resident memory (RSS) over time, and writes them into bench/results.md.
"""
import argparse
import random
import re
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402
import run  # noqa: E402


def rss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="M", choices=["T", "S", "M", "L"])
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--sample-seconds", type=float, default=5)
    args = parser.parse_args()

    database_url = common.prepare_sqlite(args.size)
    plan = run.targets(database_url)
    machine = common.machine_description()
    first_new_notification = _last_notification_id(database_url) + 1
    server = common.Server(database_url, log_name="gunicorn-soak.log")
    job_worker = common.Worker(database_url, log_name="worker-soak.log")
    lock = threading.Lock()
    counts = {"requests": 0, "errors": 0}
    errors = {}
    samples = []
    try:
        sessions = [common.sign_in(server.port, 100 + n) for n in range(args.clients)]
        gets = [path for _name, path in plan["pages"]] + ["/it/priorities", "/it/groups", "/en/proposals?page=3"]
        deadline = time.monotonic() + args.minutes * 60

        def client(number):
            rng = random.Random(number)
            cookies, token = sessions[number]
            sent = 0
            while time.monotonic() < deadline:
                with lock:
                    if counts["requests"] >= args.max_requests:
                        return
                    counts["requests"] += 1
                roll = rng.random()
                try:
                    if roll < 0.75:
                        status, _h, _b = common.request("GET", server.port, rng.choice(gets), dict(cookies))
                    elif roll < 0.9:
                        comment = rng.choice(plan["vote_comments"])
                        status, _h, _b = common.request(
                            "POST", server.port, f"/it/comments/{comment}/vote", dict(cookies),
                            {"csrf_token": token, "value": rng.choice(("up", "down", "none"))})
                    else:
                        sent += 1
                        status, _h, _b = common.request(
                            "POST", server.port, f"/it/discussions/item/{plan['quiet_item']}/comments", dict(cookies),
                            {"csrf_token": token, "language": "it", "position": "", "group_id": "",
                             "body": f"Prova di carico {number}-{sent}: il servizio degli autobus serve al quartiere."})
                    failed = status >= 400
                    key = f"HTTP {status}"
                except OSError as error:
                    failed, key = True, type(error).__name__
                if failed:
                    with lock:
                        counts["errors"] += 1
                        errors[key] = errors.get(key, 0) + 1

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            pids = server.worker_pids()
            samples.append((time.monotonic() - started, {pid: rss_kib(pid) for pid in pids}, counts["requests"]))
            time.sleep(args.sample_seconds)
        pids = server.worker_pids()
        samples.append((time.monotonic() - started, {pid: rss_kib(pid) for pid in pids}, counts["requests"]))
        elapsed = time.monotonic() - started
        jobs_done, jobs_pending, jobs_failed = common.wait_for_jobs(database_url)
    finally:
        server.stop()
        job_worker.stop()
    doubled = _notifications_told_twice(database_url, first_new_notification)

    workers = sorted({pid for _t, rss, _n in samples for pid in rss})
    lines = ["| Worker | RSS after 1st sample (MiB) | RSS at the middle (MiB) | RSS at the end (MiB) | Growth, 2nd half (MiB) |",
             "|---|---:|---:|---:|---:|"]
    middle = samples[len(samples) // 2]
    for pid in workers:
        first = next((rss[pid] for _t, rss, _n in samples if rss.get(pid)), None)
        mid = middle[1].get(pid)
        last = samples[-1][1].get(pid)
        if None in (first, mid, last):
            lines.append(f"| {pid} | restarted or missing in some samples | | | |")
            continue
        lines.append(f"| {pid} | {first / 1024:.1f} | {mid / 1024:.1f} | {last / 1024:.1f} | {(last - mid) / 1024:+.1f} |")
    summary = (f"{counts['requests']} requests in {elapsed:.0f} s ({counts['requests'] / elapsed:.1f}/s) by "
               f"{args.clients} clients (75% page views, 15% votes, 10% comments); errors: {counts['errors']}"
               + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(errors.items()))})" if errors else "")
               + f"; {len(samples)} memory samples every {args.sample_seconds:.0f} s. Background worker running: "
               f"{jobs_done} jobs done, {jobs_pending} left and {jobs_failed} failed after the run; "
               f"notifications written twice for the same person and comment: {doubled}.")
    print(summary)
    print("\n".join(lines))
    block = "\n".join([
        "<!-- results:soak -->", "### Soak run", "",
        f"{machine['date']}; SQLite, size {args.size}; gunicorn 3 sync workers, no worker recycling "
        f"(GUNICORN_MAX_REQUESTS=0, so growth would show); load average at start: {machine['load_average']}.", "",
        summary, "", *lines, "<!-- /results:soak -->"])
    current = run.RESULTS.read_text() if run.RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(r"<!-- results:soak -->.*?<!-- /results:soak -->", re.S)
    current = pattern.sub(lambda _m: block, current) if pattern.search(current) else current.rstrip() + "\n\n" + block
    run.RESULTS.write_text(current.rstrip() + "\n")
    return 1 if counts["errors"] or doubled or jobs_pending else 0


def _last_notification_id(database_url):
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as c:
        last = c.execute(text("SELECT coalesce(max(id), 0) FROM notification")).scalar()
    engine.dispose()
    return last


def _notifications_told_twice(database_url, first_id):
    """Notifications written by the run, of one kind about one comment, more than once for the same person."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as c:
        doubled = c.execute(text(
            "SELECT count(*) FROM (SELECT user_id, kind, json_extract(data, '$.comment_id') AS comment "
            "FROM notification WHERE id >= :first AND json_extract(data, '$.comment_id') IS NOT NULL "
            "GROUP BY user_id, kind, comment HAVING count(*) > 1)"), {"first": first_id}).scalar()
    engine.dispose()
    return doubled


if __name__ == "__main__":
    sys.exit(main())
