"""`/static/...`: the files in the repository's `static/` folder (the app logo the descriptor names).

A blueprint rather than Quart's app-level static route, so the files live under the base URL's path
like every other route.
"""

from __future__ import annotations

from pathlib import Path

from quart import Blueprint, Response
from werkzeug.exceptions import NotFound

STATIC_FOLDER = Path(__file__).resolve().parents[2] / "static"
STATIC_URL_PATH = "/static"  # under the base URL's path


class Assets(Blueprint):
    async def send_static_file(self, filename: str) -> Response:
        """The file, or 404 for any name the file system cannot look up (a name past 255 bytes is an
        OSError, not a missing file)."""
        try:
            return await super().send_static_file(filename)
        except OSError:
            raise NotFound() from None


blueprint = Assets("assets", __name__, static_folder=str(STATIC_FOLDER), static_url_path=STATIC_URL_PATH)
