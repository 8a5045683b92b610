"""A deterministic generator of residents, comments, votes and proposals.

Everything comes from one ``random.Random(seed)``, identifiers are assigned
here and timestamps count from a fixed date, so the same seed on the same
imported programme always gives the same rows. Rows are inserted with
SQLAlchemy Core in batches (one transaction per batch) and every counter is
computed from the generated rows, so ``flask votes recount`` finds no drift.
"""
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, insert, select, text

from ..accounts.models import Role, User
from ..accounts.normalize import display_name_key, email_key
from ..core.sanitize import plain_text_to_html
from ..discussion.models import Comment, Thread
from ..extensions import db
from ..notifications.models import Follow
from ..programme.models import ProgrammeItem
from ..proposals.models import Proposal, ProposalEvent, ProposalItem
from ..votes.models import CommentVote, ItemSupport, ProposalSupport
from . import seed_answers

# Every generated resident signs in with this password (the load test uses it).
SEED_PASSWORD = "partecipa-bench-2026"
# argon2id of SEED_PASSWORD with the production parameters (m=19456, t=2, p=1),
# computed once: hashing 50,000 times would take minutes and a fixed salt keeps
# the data deterministic.
SEED_PASSWORD_HASH = (
    "$argon2id$v=19$m=19456,t=2,p=1$cGFydGVjaXBhLXNlZWQxNg$ryhZ4cfyCXl1a10oivloGznEvvcUkHfhrwgvdRgRKaE"
)
SEED_EMAIL_DOMAIN = "seed.example.org"
BATCH = 2000
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Size:
    residents: int
    comments: int
    votes: int
    big_item_comments: int
    proposals: int


SIZES = {
    "T": Size(residents=60, comments=120, votes=600, big_item_comments=40, proposals=30),
    "S": Size(residents=500, comments=900, votes=5_000, big_item_comments=200, proposals=150),
    "M": Size(residents=5_000, comments=20_000, votes=100_000, big_item_comments=2_000, proposals=3_000),
    "L": Size(residents=50_000, comments=200_000, votes=1_000_000, big_item_comments=20_000, proposals=30_000),
}

WORDS = (
    "città quartiere strada piazza scuola parco bambini anziani autobus bicicletta pista ciclabile "
    "comune sindaco giunta consiglio progetto proposta servizio cittadini famiglie lavoro cultura "
    "biblioteca museo teatro sport piscina verde alberi traffico parcheggio sicurezza illuminazione "
    "marciapiede centro periferia mercato commercio negozi turismo ambiente rifiuti raccolta "
    "differenziata energia acqua casa affitto giovani associazioni volontari salute ospedale "
    "trasporto pubblico orari risorse bilancio investimento manutenzione cantiere"
).split()
VERBS = ("serve", "manca", "migliora", "aiuta", "rallenta", "costa", "funziona", "cambia", "protegge", "unisce")
LINKS = ("e", "ma", "perché", "quindi", "anche se", "mentre", "oppure")
FIRST_NAMES = ("Anna", "Marco", "Giulia", "Luca", "Sara", "Paolo", "Elena", "Davide", "Chiara", "Matteo",
               "Francesca", "Andrea", "Laura", "Stefano", "Marta", "Giorgio", "Silvia", "Fatima", "Ion", "Mei")
STATUS_WEIGHTS = (("published", 70), ("under_evaluation", 10), ("accepted", 6), ("rejected", 5),
                  ("already_planned", 4), ("implemented", 3), ("withdrawn", 2))


class SeedError(Exception):
    pass


def _sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 8))]
    words.insert(rng.randint(1, len(words)), rng.choice(VERBS))
    if rng.random() < 0.4:
        words += [rng.choice(LINKS)] + [rng.choice(WORDS) for _ in range(rng.randint(2, 6))]
    return " ".join(words).capitalize() + rng.choice(".....?!")


def _paragraph(rng, low=1, high=6):
    return " ".join(_sentence(rng) for _ in range(rng.randint(low, high)))


def _at(rng, days=300):
    return EPOCH + timedelta(seconds=rng.randint(0, days * 86400))


def _next_id(model):
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def _insert(model, rows):
    """Insert ``rows`` (dicts) with executemany, one transaction per batch."""
    table = model.__table__
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start:start + BATCH])
        db.session.commit()


def _item_threads(items, now):
    """The thread of every programme item, created where missing; returns {item_id: thread_id}."""
    existing = dict(db.session.execute(
        select(Thread.programme_item_id, Thread.id).where(Thread.kind == "item")).all())
    # Explicit ids, like every other generated row (PostgreSQL's sequences are moved past them at the end).
    first = _next_id(Thread)
    missing = [{"id": first + n, "kind": "item", "programme_item_id": item_id, "closing_note": "",
                "last_activity_at": now, "created_at": now}
               for n, item_id in enumerate(i for i in items if i not in existing)]
    if missing:
        _insert(Thread, missing)
        existing = dict(db.session.execute(
            select(Thread.programme_item_id, Thread.id).where(Thread.kind == "item")).all())
    return existing


def seed_database(size_name, seed):
    """Add generated data of size ``size_name`` (T, S, M, L); returns the number of rows per table.

    Needs the imported programme; refuses a database that was already seeded.
    """
    size = SIZES[size_name]
    rng = random.Random(seed)
    items = list(db.session.scalars(select(ProgrammeItem.id).order_by(ProgrammeItem.id)))
    if not items:
        raise SeedError("Import the programme first (flask programme import).")
    if db.session.scalar(select(User.id).where(User.email.like(f"%@{SEED_EMAIL_DOMAIN}")).limit(1)):
        raise SeedError("This database is already seeded.")

    # Residents
    first_user = _next_id(User)
    users = []
    for n in range(size.residents):
        uid = first_user + n
        name = f"{rng.choice(FIRST_NAMES)} {n + 1}"
        email = f"resident{n + 1}@{SEED_EMAIL_DOMAIN}"
        joined = _at(rng, 60)
        users.append({
            "id": uid, "display_name": name, "display_name_key": display_name_key(name), "email": email,
            "email_key": email_key(email), "password_hash": SEED_PASSWORD_HASH,
            "language": rng.choice(("it", "it", "it", "en", "ar", "ro")), "role": Role.RESIDENT.value,
            "email_verified_at": joined, "session_version": 1, "terms_accepted_at": joined,
            "created_at": joined, "updated_at": joined,
        })
    user_ids = [u["id"] for u in users]
    _insert(User, users)

    # Proposals, each with its items, its "published" event and its thread
    first_proposal = _next_id(Proposal)
    proposals, links, events = [], [], []
    status_names = [s for s, _w in STATUS_WEIGHTS]
    status_weights = [w for _s, w in STATUS_WEIGHTS]
    for n in range(size.proposals):
        pid = first_proposal + n
        body = "\n\n".join(_paragraph(rng, 2, 5) for _ in range(rng.randint(1, 3)))
        at = _at(rng)
        status = rng.choices(status_names, status_weights)[0]
        proposals.append({
            "id": pid, "author_id": rng.choice(user_ids), "title": _sentence(rng)[:150],
            "body": body, "body_html": plain_text_to_html(body), "language": "it", "status": status,
            "answer": "", "answer_html": "", "withdrawal_reason": "", "support_count": 0,
            "published_at": at, "created_at": at, "updated_at": at,
        })
        for item_id in sorted(rng.sample(items, rng.randint(1, 3))):
            links.append({"proposal_id": pid, "programme_item_id": item_id})
        events.append({"proposal_id": pid, "actor_id": proposals[-1]["author_id"], "kind": "published",
                       "to_status": "published", "note": "", "created_at": at})
    proposal_ids = [p["id"] for p in proposals]

    now = EPOCH
    first_thread = _next_id(Thread)
    proposal_threads = {pid: first_thread + n for n, pid in enumerate(proposal_ids)}
    threads = {tid: {"id": tid, "kind": "proposal", "proposal_id": pid, "closing_note": "",
                     "last_activity_at": now, "created_at": now, "comment_count": 0, "support_count": 0,
                     "for_count": 0, "against_count": 0, "neutral_count": 0}
               for pid, tid in proposal_threads.items()}

    _insert(Proposal, proposals)
    _insert(ProposalItem, links)
    _insert(ProposalEvent, events)
    _insert(Thread, list(threads.values()))
    item_threads_map = _item_threads(items, now)
    big_item = items[len(items) // 2]
    for tid in item_threads_map.values():
        threads[tid] = {"comment_count": 0, "support_count": 0, "for_count": 0, "against_count": 0,
                        "neutral_count": 0, "last_activity_at": now}
    other_item_threads = [item_threads_map[i] for i in items if i != big_item]
    proposal_thread_ids = list(proposal_threads.values())

    # Comments: the big item first, then the others spread over items and proposals
    targets = [item_threads_map[big_item]] * size.big_item_comments
    for _ in range(size.comments - size.big_item_comments):
        pool = other_item_threads if rng.random() < 0.75 or not proposal_thread_ids else proposal_thread_ids
        targets.append(rng.choice(pool))
    first_comment = _next_id(Comment)
    comments = []
    by_thread = {}
    clock = EPOCH
    for n, tid in enumerate(targets):
        cid = first_comment + n
        clock += timedelta(seconds=rng.randint(30, 900))
        earlier = by_thread.setdefault(tid, [])
        parent = rng.choice(earlier) if earlier and rng.random() < 0.35 else None
        if parent is not None and parent["depth"] >= 3:
            parent = comments[parent["root_id"] - first_comment]
        body = _paragraph(rng)
        position = rng.choice((None, None, "for", "against", "neutral"))
        comment = {
            "id": cid, "thread_id": tid, "author_id": rng.choice(user_ids),
            "parent_id": parent["id"] if parent else None, "root_id": parent["root_id"] if parent else cid,
            "depth": parent["depth"] + 1 if parent else 0, "body": body, "body_html": plain_text_to_html(body),
            "language": "it", "position": position, "status": "published", "is_official": False,
            "department_id": None, "up_count": 0, "down_count": 0, "created_at": clock,
        }
        comments.append(comment)
        earlier.append(comment)
        counters = threads[tid]
        counters["comment_count"] += 1
        if position:
            counters[f"{position}_count"] += 1
        counters["last_activity_at"] = clock

    # Votes: supports of items, votes on comments, supports of proposals (one per person and target)
    item_support_n = size.votes // 5
    proposal_support_n = size.votes // 5 if proposal_ids else 0
    comment_vote_n = size.votes - item_support_n - proposal_support_n
    supports, seen = [], set()
    while len(supports) < item_support_n:
        pair = (rng.choice(user_ids), rng.choice(items))
        if pair not in seen:
            seen.add(pair)
            supports.append({"user_id": pair[0], "programme_item_id": pair[1], "created_at": _at(rng)})
            threads[item_threads_map[pair[1]]]["support_count"] += 1
    # On the big item residents in latent opinion groups vote (half the comment votes at most), the
    # other comments get the rest.
    seen = set()
    big_thread = item_threads_map[big_item]
    latent = _LatentOpinions(rng, [c for c in comments if c["thread_id"] == big_thread], user_ids)
    votes = latent.cohort_votes(seen, budget=comment_vote_n // 2)
    while len(votes) < comment_vote_n:
        # Skewed towards early comments, as in real discussions.
        comment = comments[min(int(rng.expovariate(4 / len(comments))), len(comments) - 1)]
        if comment["thread_id"] == big_thread and latent.comments:
            continue  # the big item's votes are its readers', in their opinion groups (above)
        pair = (rng.choice(user_ids), comment["id"])
        if pair not in seen:
            seen.add(pair)
            value = 1 if rng.random() < 0.75 else -1
            comment["up_count" if value == 1 else "down_count"] += 1
            votes.append({"user_id": pair[0], "comment_id": pair[1], "value": value, "created_at": _at(rng)})
    proposal_supports, seen = [], set()
    support_counts = dict.fromkeys(proposal_ids, 0)
    while len(proposal_supports) < proposal_support_n:
        proposal = proposal_ids[min(int(rng.expovariate(5 / len(proposal_ids))), len(proposal_ids) - 1)]
        pair = (rng.choice(user_ids), proposal)
        if pair not in seen:
            seen.add(pair)
            support_counts[proposal] += 1
            proposal_supports.append({"user_id": pair[0], "proposal_id": proposal, "created_at": _at(rng)})

    # Department staff, and answer requests on top-level comments: most answered (some late), some overdue.
    staff, requests, request_departments = seed_answers.plan_answers(
        seed, comments, first_comment, item_threads_map, threads, _insert, SEED_PASSWORD_HASH, SEED_EMAIL_DOMAIN)
    _insert(Comment, comments)
    seed_answers.insert_requests(_insert, requests, request_departments)
    # Whoever comments follows the discussion, as when commenting in the site.
    follows = sorted({(c["author_id"], c["thread_id"]) for c in comments})
    _insert(Follow, [{"user_id": user_id, "thread_id": thread_id, "created_at": EPOCH}
                     for user_id, thread_id in follows])
    _insert(ItemSupport, supports)
    _insert(CommentVote, votes)
    _insert(ProposalSupport, proposal_supports)
    _set_counters(threads, support_counts)
    from ..progress.seed import seed_progress

    progress_updates = seed_progress(random.Random(seed + 14))
    _reset_sequences()
    # The rows above were inserted in bulk, past the session's indexing hooks.
    from ..core.sql import refresh_statistics
    from ..search.services import rebuild_index

    indexed = rebuild_index()
    refresh_statistics()  # as the nightly job would: the planner knows the tables' sizes
    db.session.commit()
    maps = _opinion_maps(list(item_threads_map.values()))
    return {
        "search documents": sum(indexed.values()), "opinion maps": maps,
        "residents": len(users), "department staff": len(staff), "answer requests": len(requests),
        "answered": sum(r["answered_at"] is not None for r in requests), "proposals": len(proposals),
        "comments": len(comments), "follows": len(follows),
        "item supports": len(supports), "comment votes": len(votes),
        "proposal supports": len(proposal_supports),
        "votes": len(supports) + len(votes) + len(proposal_supports),
        "progress updates": progress_updates,
    }


# Latent opinion groups on the big item: their shares of the residents who vote there, and how often
# a resident votes against their group's stance.
OPINION_GROUP_SHARES = (0.45, 0.35, 0.2)
OPINION_NOISE = 0.15


class _LatentOpinions:
    """Residents in latent opinion groups and each group's stance on each comment of the big item.

    The second group mostly opposes the first, the third sides with either; one comment in twenty
    pleases everyone. A resident votes with their group's stance, against it now and then.
    """

    def __init__(self, rng, comments, user_ids):
        self.rng = rng
        self.comments = comments
        self.stances = {}
        for comment in comments:
            first = rng.choice((1, -1))
            second = -first if rng.random() < 0.75 else first
            everyone = rng.random() < 0.05
            self.stances[comment["id"]] = (1, 1, 1) if everyone else (first, second, rng.choice((first, second)))
        self.group = {user_id: rng.choices((0, 1, 2), OPINION_GROUP_SHARES)[0] for user_id in user_ids}

    def vote(self, user_id, comment):
        """+1 or -1: the stance of the resident's group on the comment, now and then the opposite."""
        stance = self.stances[comment["id"]][self.group[user_id]]
        return -stance if self.rng.random() < OPINION_NOISE else stance

    def cohort_votes(self, seen, budget):
        """Votes by residents who read much of the big item: 15 to 45 comments each, the early ones more
        often; ``budget`` votes at most. Counts them on the comments; pairs in ``seen`` are skipped and added."""
        comments = self.comments
        if not comments:
            return []
        cohort = self.rng.sample(sorted(self.group), min(len(self.group), max(30, len(comments) // 5)))
        rows = []
        for user_id in cohort:
            for _ in range(min(self.rng.randint(15, 45), len(comments), max(3, budget // len(cohort)))):
                if len(rows) >= budget:
                    return rows
                comment = comments[min(int(self.rng.expovariate(3 / len(comments))), len(comments) - 1)]
                if (user_id, comment["id"]) in seen or user_id == comment["author_id"]:
                    continue
                seen.add((user_id, comment["id"]))
                value = self.vote(user_id, comment)
                comment["up_count" if value == 1 else "down_count"] += 1
                rows.append({"user_id": user_id, "comment_id": comment["id"], "value": value,
                             "created_at": _at(self.rng)})
        return rows


def _opinion_maps(thread_ids):
    """The opinion map of every item's discussion, as the worker computes them; returns how many are drawn."""
    from ..opinions.services import compute_map

    drawn = 0
    for thread_id in sorted(thread_ids):
        drawn += compute_map(thread_id).is_ready
        db.session.commit()
    return drawn


def _set_counters(threads, support_counts):
    """Add the generated rows to the counters, in SQL (``count = count + n``)."""
    thread_table = Thread.__table__
    c = thread_table.c
    rows = [{"tid": tid, "comments": t["comment_count"], "supports": t["support_count"], "for_n": t["for_count"],
             "against_n": t["against_count"], "neutral_n": t["neutral_count"], "active": t["last_activity_at"]}
            for tid, t in threads.items()]
    stmt = thread_table.update().where(c.id == db.bindparam("tid")).values(
        comment_count=c.comment_count + db.bindparam("comments"),
        support_count=c.support_count + db.bindparam("supports"),
        for_count=c.for_count + db.bindparam("for_n"), against_count=c.against_count + db.bindparam("against_n"),
        neutral_count=c.neutral_count + db.bindparam("neutral_n"), last_activity_at=db.bindparam("active"))
    for start in range(0, len(rows), BATCH):
        db.session.execute(stmt, rows[start:start + BATCH])
        db.session.commit()
    threshold = current_app.config.get("PROPOSAL_SUPPORT_THRESHOLD", 50)
    proposal_table = Proposal.__table__
    rows = [{"pid": pid, "n": n, "reached": EPOCH if n >= threshold else None} for pid, n in support_counts.items()]
    stmt = proposal_table.update().where(proposal_table.c.id == db.bindparam("pid")).values(
        support_count=db.bindparam("n"), threshold_reached_at=db.bindparam("reached"),
        updated_at=proposal_table.c.updated_at)  # counting is no edit
    for start in range(0, len(rows), BATCH):
        db.session.execute(stmt, rows[start:start + BATCH])
        db.session.commit()


def _reset_sequences():
    """PostgreSQL: identifiers were given explicitly, so move each sequence past them."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in (User, Proposal, ProposalEvent, Thread, Comment, ItemSupport, CommentVote, ProposalSupport,
                  *seed_answers.SEQUENCES):
        name = model.__tablename__
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE((SELECT MAX(id) FROM {name}), 1))"))
    db.session.commit()
