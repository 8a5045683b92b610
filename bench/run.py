"""Load test: gunicorn (3 workers) on a seeded database, measured with wrk.

    python bench/run.py [--size M] [--duration 12] [--connections 8] [--label before]
    python bench/run.py --database-url postgresql://... --prepare --label postgresql

Prints requests/s, p50/p95/p99 latency, errors and each page's throughput as a
ratio of /healthz, and writes the table into bench/results.md under --label.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
import common  # noqa: E402

from participation.discussion.reading import PAGE_SIZE  # noqa: E402  (top-level comments per page)

RESULTS = common.ROOT / "bench" / "results.md"
LUA = common.ROOT / "bench" / "report.lua"
SESSIONS = 24


def targets(database_url):
    """The URLs to measure, read from the seeded database."""
    engine = create_engine(database_url)
    with engine.connect() as c:
        big_item, slug, thread_id = c.execute(text(
            "SELECT i.id, i.slug, t.id FROM discussion_thread t JOIN programme_item i ON i.id = t.programme_item_id "
            "ORDER BY t.comment_count DESC LIMIT 1")).one()
        roots = c.execute(text("SELECT count(*) FROM comment WHERE thread_id = :t AND parent_id IS NULL "
                               "AND status IN ('published', 'hidden')"), {"t": thread_id}).scalar()
        quiet_item, quiet_thread = c.execute(text(
            "SELECT t.programme_item_id, t.id FROM discussion_thread t WHERE t.kind = 'item' "
            "AND t.programme_item_id <> :big ORDER BY t.comment_count DESC, t.id LIMIT 1"), {"big": big_item}).one()
        vote_comments = list(c.execute(text(
            "SELECT id FROM comment WHERE thread_id = :t AND status = 'published' ORDER BY id LIMIT :n"),
            {"t": quiet_thread, "n": SESSIONS}).scalars())
        area = c.execute(text("SELECT number FROM area ORDER BY number LIMIT 1 OFFSET 2")).scalar()
        comments_before = c.execute(text("SELECT count(*) FROM comment")).scalar()
        departments = c.execute(text("SELECT count(*) FROM department")).scalar()
        # The department with the most questions: the fullest answers page and inbox.
        department = c.execute(text(
            "SELECT d.slug FROM department d JOIN answer_request_department r ON r.department_id = d.id "
            "GROUP BY d.id, d.slug ORDER BY count(*) DESC, d.id LIMIT 1")).scalar()
    engine.dispose()
    last_page = max(1, -(-roots // PAGE_SIZE))
    pages = [
        ("healthz (baseline)", "/healthz"),
        ("home", "/it/"),
        ("area page", f"/it/areas/{area}"),
        ("item, first comment page", f"/it/items/{slug}"),
        ("item, last comment page", f"/it/items/{slug}?page={last_page}"),
        ("proposals, filtered", f"/it/proposals?status=published&area={area}&sort=supported"),
        ("search", "/it/search?q=biblioteca+quartiere"),
        ("progress of the programme", "/it/progress"),
        ("progress feed (Atom)", "/it/progress/feed.atom"),
        ("answers of every department", "/it/answers"),
        ("answers of one department", f"/it/departments/{department}/answers"),
        ("open data: the programme (JSON)", "/api/v1/programme"),
        ("open data: the big item's opinion map", f"/api/v1/items/{big_item}/opinions"),
    ]
    signed_in = [
        ("item, first comment page, signed-in resident", f"/it/items/{slug}"),
        ("item, last comment page, signed-in resident", f"/it/items/{slug}?page={last_page}"),
        ("department inbox, department staff", "/it/inbox", "staff"),
    ]
    return {"pages": pages, "signed_in": signed_in, "quiet_item": quiet_item, "big_item": big_item,
            "vote_comments": vote_comments, "comments_before": comments_before, "big_slug": slug,
            "last_page": last_page, "departments": departments}


def wrk(url, duration, connections, sessions_file=None):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as report:
        report_path = report.name
    env = {**os.environ, "WRK_REPORT": report_path}
    if sessions_file:
        env["WRK_SESSIONS"] = str(sessions_file)
    threads = min(connections, max(1, os.cpu_count() or 1))
    subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
                    "-s", str(LUA), url], env=env, check=True, capture_output=True, text=True)
    data = json.loads(Path(report_path).read_text())
    os.unlink(report_path)
    errors = sum(v for k, v in data.items() if k.startswith("errors_"))
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6), "requests": data["requests"],
        "p50": data["p50_us"] / 1000, "p95": data["p95_us"] / 1000, "p99": data["p99_us"] / 1000,
        "errors": errors,
    }


def write_sessions(server, plan, kind, read_path=None, staff=False):
    """One line per signed-in resident (``staff``: department staff, two per department, as seeded):
    cookie, CSRF token, path, form body ("-": a GET of ``read_path``)."""
    lines = []
    offset = {"vote": 0, "comment": SESSIONS, "read": 2 * SESSIONS}[kind]
    for n in range(1, SESSIONS + 1):
        account = f"staff{(n - 1) // 2 % plan['departments'] + 1}-{(n - 1) % 2 + 1}" if staff else None
        cookies, token = common.sign_in(server.port, n + offset, account=account)
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if kind == "read":
            path, body = read_path, "-"
        elif kind == "vote":
            path, body = f"/it/comments/{plan['vote_comments'][n - 1]}/vote", "value={toggle}"
        else:
            # Into the discussion of 2,000 comments, with its followers to notify.
            path = f"/it/discussions/item/{plan['big_item']}/comments"
            body = ("body=Commento+di+prova+numero+{n}+sul+servizio+degli+autobus+del+quartiere."
                    "&language=it&position=&group_id=")
        lines.append(f"{cookie}\t{token}\t{path}\t{body}")
    path = common.OUT / f"sessions-{kind}.tsv"
    path.write_text("\n".join(lines) + "\n")
    return path


def page_weights(server, plan):
    """Bytes of HTML of the first comment page of the big discussion, for a visitor and a resident."""
    path = f"/it/items/{plan['big_slug']}"
    _s, _h, visitor = common.request("GET", server.port, path)
    cookies, _token = common.sign_in(server.port, 3 * SESSIONS + 1)
    _s, _h, resident = common.request("GET", server.port, path, cookies)
    return {"visitor": len(visitor.encode()), "resident": len(resident.encode()),
            "resident_forms": resident.count("<form")}


def measure(database_url, duration, connections, source=None):
    plan = targets(database_url)
    server = common.Server(database_url, source=source)
    worker = common.Worker(database_url, source=source)
    rows = []
    try:
        for name, path in plan["pages"]:
            common.log(f"  {name}: {path}")
            rows.append({"name": name, "path": path, **wrk(server.base + path, duration, connections)})
        for name, path, *who in plan["signed_in"]:
            sessions = write_sessions(server, plan, "read", path, staff=bool(who))
            common.log(f"  {name}: {path}")
            rows.append({"name": name, "path": path, **wrk(server.base + "/", duration, connections, sessions)})
        weights = page_weights(server, plan)
        for kind, name in (("vote", "vote toggle (POST)"),
                           ("comment", "comment post into the 2,000-comment discussion (POST)")):
            sessions = write_sessions(server, plan, kind)
            common.log(f"  {name}")
            rows.append({"name": name, "path": "(POST)", **wrk(server.base + "/", duration, connections, sessions)})
        done, pending, failed = common.wait_for_jobs(database_url)
    finally:
        server.stop()
        worker.stop()
    engine = create_engine(database_url)
    with engine.connect() as c:
        posted = c.execute(text("SELECT count(*) FROM comment")).scalar() - plan["comments_before"]
        followers = c.execute(text("SELECT count(*) FROM follow WHERE thread_id = (SELECT id FROM discussion_thread "
                                   "WHERE programme_item_id = :i)"), {"i": plan["big_item"]}).scalar()
    engine.dispose()
    comment_row = rows[-1]
    comment_row["note"] = (f"{posted} comments stored for {comment_row['requests']} requests; the discussion has "
                           f"{followers} followers, notified by the background worker: {done} jobs done, "
                           f"{pending} left, {failed} failed when the run ended")
    rows[len(plan["pages"])]["note"] = (
        f"first comment page: {weights['visitor'] / 1024:.0f} KiB of HTML for a visitor, "
        f"{weights['resident'] / 1024:.0f} KiB for a signed-in resident ({weights['resident_forms']} forms)")
    baseline = rows[0]["rps"]
    for row in rows:
        row["ratio"] = row["rps"] / baseline if baseline else 0
    return rows


def table(rows):
    lines = ["| Page | Requests/s | p50 ms | p95 ms | p99 ms | Errors | Ratio to /healthz |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['name']} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
                     f"{r['errors']} | {r['ratio']:.3f} |")
    notes = [r["note"] for r in rows if r.get("note")]
    return "\n".join(lines + [""] + [f"- {n}" for n in notes])


def record(label, title, machine, rows, args):
    block = "\n".join([
        f"<!-- results:{label} -->",
        f"### {title}",
        "",
        f"{machine['date']}; database: {args.db_description}; size {args.size}; {args.connections} connections, "
        f"{args.duration} s per row; gunicorn 3 sync workers; load average at start: {machine['load_average']}.",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}; {machine['os']}; "
        f"Python {machine['python']}; SQLite {machine['sqlite']}; {machine['wrk']}.",
        "",
        table(rows),
        f"<!-- /results:{label} -->",
    ])
    current = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"<!-- results:{re.escape(label)} -->.*?<!-- /results:{re.escape(label)} -->", re.S)
    current = pattern.sub(lambda _m: block, current) if pattern.search(current) else current.rstrip() + "\n\n" + block
    RESULTS.write_text(current.rstrip() + "\n")
    (common.OUT / f"results-{label}.json").write_text(json.dumps({"machine": machine, "rows": rows}, indent=1))


def export_commit(commit):
    """The tree of ``commit`` in bench/out/src-<commit>, for measuring an earlier version on the same data."""
    target = common.OUT / f"src-{commit}"
    if not target.exists():
        target.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", commit], cwd=common.ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="M", choices=["T", "S", "M", "L"])
    parser.add_argument("--duration", type=int, default=12)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--label", default="latest")
    parser.add_argument("--title", default=None)
    parser.add_argument("--database-url", default=None, help="measure this database instead of SQLite")
    parser.add_argument("--prepare", action="store_true", help="migrate, import and seed --database-url first")
    parser.add_argument("--commit", default=None,
                        help="serve the code of this commit (exported to bench/out/src-<commit>) to compare versions")
    args = parser.parse_args()
    if args.database_url:
        if args.prepare:
            common.prepare_database(args.database_url, args.size)
        database_url = args.database_url
        args.db_description = "PostgreSQL"
    else:
        database_url = common.prepare_sqlite(args.size)
        args.db_description = "SQLite"
    source = export_commit(args.commit) if args.commit else None
    # The catalogs (.mo files) are built, not committed: pages render in Italian as in production.
    subprocess.run([common.PYTHON, "-m", "flask", "translate", "compile"], cwd=source or common.ROOT, check=True,
                   capture_output=True, env={**os.environ, "FLASK_APP": "wsgi.py"})
    machine = common.machine_description()
    common.log(f"Measuring on {machine['cpu']} ({machine['cores']} cores), load {machine['load_average']}")
    rows = measure(database_url, args.duration, args.connections, source)
    print(table(rows))
    record(args.label, args.title or args.label, machine, rows, args)


if __name__ == "__main__":
    main()
