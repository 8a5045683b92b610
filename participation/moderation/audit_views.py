"""Thin routes of the audit log (administrators) and the public moderation figures."""
import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import permissions
from ..audit.labels import action_label, describe_targets, reason_label, target_label
from ..audit.models import AuditEntry
from ..core.models import as_utc
from ..core.pagination import page_arg
from ..extensions import db
from ..permissions import require
from . import bp
from .figures import monthly_figures

AUDIT_PAGE_SIZE = 50


def _audit_query():
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    action = request.args.get("action", "").strip()
    actor = request.args.get("actor", "").strip()
    target_type = request.args.get("target_type", "").strip()
    since = request.args.get("since", "").strip()
    until = request.args.get("until", "").strip()
    if action:
        query = query.where(AuditEntry.action == action[:40])
    if actor:
        query = query.where(AuditEntry.actor_name.ilike(f"%{actor[:120]}%"))
    if target_type:
        query = query.where(AuditEntry.target_type == target_type[:20])
    for value, op in ((since, "ge"), (until, "lt")):
        if value:
            try:
                day = datetime.strptime(value, "%Y-%m-%d")
            except ValueError:
                abort(400)
            if op == "ge":
                query = query.where(AuditEntry.created_at >= day)
            else:
                query = query.where(AuditEntry.created_at < day + timedelta(days=1))
    return query


@bp.get("/admin/audit")
@login_required
def audit():
    require(permissions.can_view_audit, current_user)
    page = page_arg()
    entries = db.session.scalars(_audit_query().limit(AUDIT_PAGE_SIZE + 1).offset((page - 1) * AUDIT_PAGE_SIZE)).all()
    entries = entries[:AUDIT_PAGE_SIZE]
    codes = db.session.scalars(select(AuditEntry.action).distinct()).all()
    actions = sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1].casefold())
    return render_template(
        "moderation/audit.html", entries=entries, has_next=len(entries) > AUDIT_PAGE_SIZE,
        page=page, actions=actions, args=request.args, targets=describe_targets(entries),
        action_label=action_label, reason_label=reason_label, target_label=target_label,
    )


@bp.get("/admin/audit.csv")
@login_required
def audit_csv():
    require(permissions.can_view_audit, current_user)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # Times with their offset: in UTC, and in the City's time zone as the page shows them.
    city = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    writer.writerow(["id", "created_at", "actor_id", "actor", "action", "target_type", "target_id", "reason", "note",
                     "before_text", "created_at_local", "action_label"])
    for entry in db.session.scalars(_audit_query()):
        when = as_utc(entry.created_at)
        writer.writerow([
            entry.id, when.isoformat(), entry.actor_id or "", entry.actor_name, entry.action, entry.target_type,
            entry.target_id or "", entry.reason, entry.note, entry.before_text, when.astimezone(city).isoformat(),
            action_label(entry.action),
        ])
    return Response(
        "\ufeff" + buffer.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=audit-log.csv"},
    )


@bp.get("/transparency")
def transparency():
    return render_template("moderation/transparency.html", months=monthly_figures())
