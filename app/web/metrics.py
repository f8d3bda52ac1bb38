"""`GET /metrics` in Prometheus' text format, when SLEUTH_METRICS=1; 404 otherwise, so nothing is public
by default (app/web/app_metrics.py says what it holds)."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from quart import Blueprint, Response

from app.web.application import sleuth_app
from app.web.errors import error_response

blueprint = Blueprint("metrics", __name__)


@blueprint.get("/metrics")
async def metrics() -> Response | tuple[Response, int]:
    app = sleuth_app()
    if not app.settings.metrics:
        return error_response(404, "There is nothing at this address.")
    await app.metrics.refresh(datetime.now(UTC))
    return Response(generate_latest(app.metrics.registry), 200, content_type=CONTENT_TYPE_LATEST)
