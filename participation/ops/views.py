"""Endpoints for load balancers and monitoring."""
from flask import current_app, jsonify

from ..extensions import limiter
from . import bp, services


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 when the database answers ``SELECT 1``, 503 otherwise (the balancer then skips this server)."""
    if services.database_answers():
        return jsonify({"status": "ok"})
    current_app.logger.warning("healthz: the database does not answer")
    return jsonify({"status": "unavailable", "message": "The database does not answer."}), 503
