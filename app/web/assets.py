"""`/static/...`: the files in the repository's `static/` folder (the app logo the descriptor names).

A blueprint rather than Quart's app-level static route, so the files live under the base URL's path
like every other route.
"""

from __future__ import annotations

from pathlib import Path

from quart import Blueprint

STATIC_FOLDER = Path(__file__).resolve().parents[2] / "static"
STATIC_URL_PATH = "/static"  # under the base URL's path

blueprint = Blueprint("assets", __name__, static_folder=str(STATIC_FOLDER), static_url_path=STATIC_URL_PATH)
