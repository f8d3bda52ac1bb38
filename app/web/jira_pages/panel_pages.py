"""Rendered deploy panels, kept by the statement answer they were rendered from.

Jira loads the panel on every view of an issue, and most views of an issue show what the last one
showed. Building the page's lines and rendering the template was more than half of a panel load's
CPU (bench/results/why.md), so a worker keeps the pages it rendered. A page is reused only for an
answer equal to the one it was rendered from, every column of every row (`DeployRows`: the rows as the
JSON text the statement wrote, so finding a page costs hashing and comparing one string), and only until
the first of its "3 hours ago" would read differently (`RenderedPage.fresh_until`). So a page served
from here is, byte for byte, the page a new render would give: a new deploy, a renamed project or a
moved environment makes a different answer, and the clock makes a stale age.

Nothing about the tenant is in the key, because nothing about the tenant is on the page: the statement
has already checked that the tenant sees these rows before the page is looked up. The database is
still asked on every load; only the rendering is saved. Each worker keeps its own pages within a budget
of characters that counts what an entry really holds, its HTML and the text of the rows it is kept by,
the least recently used going first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.jira_sites.issue_deploys import DeployRows

# About 200 typical pages (8 deploys) with their rows: the HTML and the rows' text, a few MB in all.
DEFAULT_MAX_CHARACTERS = 4_000_000
ENTRY_COST = 400  # the Python objects of an entry beside its two texts: the answer, the page, the dict's slot


@dataclass(frozen=True, slots=True)
class RenderedPage:
    html: str
    fresh_until: datetime | None  # when the first of its relative ages could read differently; None: none shown


def weight(answer: DeployRows, page: RenderedPage) -> int:
    """What keeping `page` by `answer` costs, in characters: its HTML and its rows' text."""
    return len(page.html) + len(answer.text) + ENTRY_COST


class PanelPages:
    def __init__(self, max_characters: int = DEFAULT_MAX_CHARACTERS) -> None:
        self._max_characters = max_characters
        self._characters = 0
        self._pages: dict[DeployRows, tuple[RenderedPage, int]] = {}  # with its weight; least recently used first

    def get(self, answer: DeployRows, now: datetime) -> RenderedPage | None:
        """The page rendered from an answer equal to `answer`, if it still reads true at `now`."""
        kept = self._pages.pop(answer, None)
        if kept is None:
            return None
        page, cost = kept
        if page.fresh_until is not None and now >= page.fresh_until:
            self._characters -= cost
            return None
        self._pages[answer] = kept
        return page

    def put(self, answer: DeployRows, page: RenderedPage) -> None:
        replaced = self._pages.pop(answer, None)
        if replaced is not None:
            self._characters -= replaced[1]
        cost = weight(answer, page)
        if cost > self._max_characters:
            return
        self._pages[answer] = (page, cost)
        self._characters += cost
        while self._characters > self._max_characters:
            oldest = next(iter(self._pages))
            self._characters -= self._pages.pop(oldest)[1]

    @property
    def characters(self) -> int:
        """What the kept pages weigh, in all (never over the budget)."""
        return self._characters

    def __len__(self) -> int:
        return len(self._pages)
