"""Rendered deploy panels, kept with the answer they were rendered from, by the question that answer was for.

Jira loads the panel on every view of an issue, and most views of an issue show what the last one
showed. Building the page's lines and rendering the template was more than half of a panel load's
CPU (bench/results/why.md), so a worker keeps the pages it rendered. A question is a site's URLs and the
issue key asked for (normalized: `acme-12` asks what `ACME-12` does, and any text that is no issue key
asks for the one empty panel). Its kept answer goes back to the deploy query (`deploy_rows(known=...)`),
which on PostgreSQL gives it back as it is when its stamp still reads the same, and otherwise reads the
deploys again. The kept page is reused only for an answer equal to the one it was rendered from, every
column of every row (`DeployRows`), and only until the first of its "3 hours ago" would read differently
(`RenderedPage.fresh_until`). So a page served from here is, byte for byte, the page a new render would
give: a new deploy, a renamed project or a moved environment makes a different answer, and the clock
makes a stale age.

Nothing about the tenant is in the question beyond its URLs, because nothing else about the tenant is on
the page: the deploy query checks that the tenant is still as it was read before a kept page is served.
The database is asked on every load. Each worker keeps its own pages within a budget of characters that
counts what an entry really holds, its HTML and the text of the rows it was rendered from, the least
recently used going first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.jira_sites.issue_deploys import DeployRows

# About 200 typical pages (8 deploys) with their rows: the HTML and the rows' text, a few MB in all.
DEFAULT_MAX_CHARACTERS = 4_000_000
ENTRY_COST = 400  # the Python objects of an entry beside its texts: the question, the answer, the page, the slot

Question = tuple[str, ...]  # the issue key (normalized; "" for text that is no key), then the site's URLs


@dataclass(frozen=True, slots=True)
class RenderedPage:
    html: str
    fresh_until: datetime | None  # when the first of its relative ages could read differently; None: none shown

    def reads_true_at(self, now: datetime) -> bool:
        return self.fresh_until is None or now < self.fresh_until


@dataclass(frozen=True, slots=True)
class KeptPanel:
    answer: DeployRows
    page: RenderedPage
    cost: int  # `weight`


def weight(answer: DeployRows, page: RenderedPage) -> int:
    """What keeping `page` with `answer` costs, in characters: its HTML, its rows' text and its stamp."""
    stamp = answer.stamp
    stamped = len(stamp.text) + len(stamp.code_deployments) + len(stamp.environments) if stamp else 0
    return len(page.html) + len(answer.text) + stamped + ENTRY_COST


class PanelPages:
    def __init__(self, max_characters: int = DEFAULT_MAX_CHARACTERS) -> None:
        self._max_characters = max_characters
        self._characters = 0
        self._kept: dict[Question, KeptPanel] = {}  # least recently used first

    def get(self, question: Question) -> KeptPanel | None:
        """The answer and page kept for `question`, if any (whether they still hold is the caller's to ask)."""
        kept = self._kept.pop(question, None)
        if kept is not None:
            self._kept[question] = kept
        return kept

    def put(self, question: Question, answer: DeployRows, page: RenderedPage) -> None:
        replaced = self._kept.pop(question, None)
        if replaced is not None:
            self._characters -= replaced.cost
        cost = weight(answer, page)
        if cost > self._max_characters:
            return
        self._kept[question] = KeptPanel(answer, page, cost)
        self._characters += cost
        while self._characters > self._max_characters:
            oldest = next(iter(self._kept))
            self._characters -= self._kept.pop(oldest).cost

    @property
    def characters(self) -> int:
        """What the kept pages weigh, in all (never over the budget)."""
        return self._characters

    def __len__(self) -> int:
        return len(self._kept)
