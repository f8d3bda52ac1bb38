"""The framework's ceiling: Quart with one route that returns a short page, on the same server."""

from quart import Quart

app = Quart(__name__)


@app.get("/")
async def index() -> str:
    return "<!doctype html><p>ok</p>"
