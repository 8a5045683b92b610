"""Generated department staff and answer requests for ``flask dev seed``: most answered (some late), some overdue.

A part of the seed of its own, with its own ``random.Random`` so the rest of
the generated data stays the same for a seed. Works on the rows the seed is
building: answers are added to its comments (and to its threads' counters)
before they are inserted in bulk.
"""
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ..accounts.models import Role
from ..accounts.normalize import display_name_key, email_key
from ..answers.deadlines import due_at
from ..answers.models import AnswerRequest, AnswerRequestDepartment
from ..core.sanitize import plain_text_to_html
from ..extensions import db
from ..programme.models import Department, ItemDepartment
from ..programme.staff import DepartmentMember

# The day the generated answers are seen from (fixed, so a seed always gives the same rows).
AS_OF = datetime(2026, 12, 1, tzinfo=UTC)
STAFF_PER_DEPARTMENT = 2
ASKED_SHARE = 0.2  # of the top-level comments on items
ANSWERED_SHARE = 0.7
LATE_SHARE = 0.2  # of the answered ones
ANSWERS = ("Grazie della domanda: il progetto è in corso e i lavori inizieranno nei prossimi mesi.",
           "L'ufficio ha verificato: l'intervento è previsto nel bilancio del prossimo anno.",
           "Abbiamo inoltrato la segnalazione ai tecnici, che faranno un sopralluogo.")


def _first_id(model):
    from sqlalchemy import func

    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def plan_answers(seed, comments, first_comment_id, item_threads, threads, insert, password_hash, email_domain):
    """Insert department staff; add the answers to ``comments`` (and ``threads``' counters); return what to insert
    after the comments: ``(staff accounts, requests, request departments)``."""
    rng = random.Random(seed * 7919 + 14)
    departments = list(db.session.scalars(select(Department.id).order_by(Department.id)))
    if not departments:
        return [], [], []
    item_departments = {}
    for item_id, department_id in db.session.execute(
            select(ItemDepartment.item_id, ItemDepartment.department_id).order_by(ItemDepartment.position)):
        item_departments.setdefault(item_id, []).append(department_id)

    from ..accounts.models import User

    first_user, staff, users, members = _first_id(User), {}, [], []
    joined = datetime(2026, 1, 1, tzinfo=UTC)
    for n, department_id in enumerate(departments):
        for k in range(STAFF_PER_DEPARTMENT):
            uid = first_user + len(users)
            name = f"Ufficio {n + 1}.{k + 1}"
            email = f"staff{n + 1}-{k + 1}@{email_domain}"
            users.append({"id": uid, "display_name": name, "display_name_key": display_name_key(name),
                          "email": email, "email_key": email_key(email), "password_hash": password_hash,
                          "language": "it", "role": Role.RESIDENT.value, "email_verified_at": joined,
                          "session_version": 1, "terms_accepted_at": joined, "created_at": joined,
                          "updated_at": joined})
            members.append({"id": _first_id(DepartmentMember) + len(members), "user_id": uid,
                            "department_id": department_id, "added_at": joined})
            staff.setdefault(department_id, []).append(uid)
    insert(User, users)
    insert(DepartmentMember, members)

    thread_items = {thread_id: item_id for item_id, thread_id in item_threads.items()}
    now = AS_OF
    first_request = _first_id(AnswerRequest)
    requests, links = [], []
    for comment in list(comments):
        item_id = thread_items.get(comment["thread_id"])
        if item_id is None or comment["parent_id"] is not None or not item_departments.get(item_id):
            continue
        if rng.random() >= ASKED_SHARE:
            continue
        created = comment["created_at"]
        # Asked when written, or marked by staff later in the year (so every month has questions).
        asked = created if rng.random() < 0.4 else min(created + timedelta(days=rng.randint(0, 330)), now)
        due = due_at(asked)
        request = {"id": first_request + len(requests), "comment_id": comment["id"], "thread_id": comment["thread_id"],
                   "item_id": item_id, "reason": "resident" if asked == created else "staff",
                   "asked_by_id": comment["author_id"] if asked == created else None, "asked_at": asked,
                   "due_at": due, "answered_at": None, "answer_comment_id": None, "answered_by_department_id": None,
                   "reminded_week_at": None, "reminded_day_at": None, "overdue_noted_at": None}
        answered = rng.random() < ANSWERED_SHARE
        late = rng.random() < LATE_SHARE
        days = rng.uniform(31, 60) if late else rng.uniform(0.5, 29)
        answered_at = asked + timedelta(days=days)
        if answered and answered_at < now:
            department_id = rng.choice(item_departments[item_id])
            answer_id = first_comment_id + len(comments)
            body = rng.choice(ANSWERS)
            comments.append({
                "id": answer_id, "thread_id": comment["thread_id"], "author_id": rng.choice(staff[department_id]),
                "parent_id": comment["id"], "root_id": comment["root_id"], "depth": 1, "body": body,
                "body_html": plain_text_to_html(body), "language": "it", "position": None, "status": "published",
                "is_official": True, "department_id": department_id, "up_count": 0, "down_count": 0,
                "created_at": answered_at})
            threads[comment["thread_id"]]["comment_count"] += 1
            request.update(answered_at=answered_at, answer_comment_id=answer_id,
                           answered_by_department_id=department_id)
        requests.append(request)
        links.extend({"request_id": request["id"], "department_id": d, "position": p}
                     for p, d in enumerate(item_departments[item_id]))
    return users, requests, links


def insert_requests(insert, requests, links):
    insert(AnswerRequest, requests)
    insert(AnswerRequestDepartment, links)


SEQUENCES = (DepartmentMember, AnswerRequest)
