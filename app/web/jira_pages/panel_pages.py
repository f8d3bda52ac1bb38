"""Rendered deploy panels, kept by the statement answer they were rendered from.

Jira loads the panel on every view of an issue, and most views of an issue show what the last one
showed. Building the page's lines and rendering the template was more than half of a panel load's
CPU (bench/results/why.md), so a worker keeps the pages it rendered. A page is reused only for an
answer equal to the one it was rendered from, every column of every row (`DeployRows`), and only until
the first of its "3 hours ago" would read differently (`RenderedPage.fresh_until`). So a page served
from here is, byte for byte, the page a new render would give: a new deploy, a renamed project or a
moved environment makes a different answer, and the clock makes a stale age.

Nothing about the tenant is in the key, because nothing about the tenant is on the page: the statement
has already checked that the tenant sees these rows before the page is looked up. The database is
still asked on every load; only the rendering is saved. Each worker keeps its own pages, at most
`max_characters` of HTML, the least recently used going first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.jira_sites.issue_deploys import DeployRows

# About 400 typical pages (8 deploys). The rows kept as keys take about as much memory again.
DEFAULT_MAX_CHARACTERS = 4_000_000


@dataclass(frozen=True, slots=True)
class RenderedPage:
    html: str
    fresh_until: datetime | None  # when the first of its relative ages could read differently; None: none shown


class PanelPages:
    def __init__(self, max_characters: int = DEFAULT_MAX_CHARACTERS) -> None:
        self._max_characters = max_characters
        self._characters = 0
        self._pages: dict[DeployRows, RenderedPage] = {}  # least recently used first

    def get(self, answer: DeployRows, now: datetime) -> RenderedPage | None:
        """The page rendered from an answer equal to `answer`, if it still reads true at `now`."""
        page = self._pages.pop(answer, None)
        if page is None:
            return None
        if page.fresh_until is not None and now >= page.fresh_until:
            self._characters -= len(page.html)
            return None
        self._pages[answer] = page
        return page

    def put(self, answer: DeployRows, page: RenderedPage) -> None:
        replaced = self._pages.pop(answer, None)
        if replaced is not None:
            self._characters -= len(replaced.html)
        if len(page.html) > self._max_characters:
            return
        self._pages[answer] = page
        self._characters += len(page.html)
        while self._characters > self._max_characters:
            oldest = next(iter(self._pages))
            self._characters -= len(self._pages.pop(oldest).html)

    def __len__(self) -> int:
        return len(self._pages)
