"""`GET /healthz`: 200 when the app can reach its database, 503 when it cannot."""

from __future__ import annotations

import logging

from quart import Blueprint, Response, jsonify

from app.db import setup as db
from app.web.application import sleuth_app

log = logging.getLogger(__name__)
blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
async def healthz() -> tuple[Response, int]:
    try:
        await db.ping()
    except Exception as error:  # any driver failure means "not healthy", never a 500
        log.warning("Health check failed: the database did not answer (%s)", type(error).__name__)
        return jsonify({"status": "unavailable", "database": "unreachable"}), 503
    jobs = "running" if sleuth_app().settings.background_jobs else "off (serve --no-worker)"
    return jsonify({"status": "ok", "database": "ok", "background_jobs": jobs}), 200
