"""`PanelPages`: a rendered panel is reused only for an answer equal to the one it was rendered from, only
while its ages still read true, and within a budget that drops the least recently used first."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.jira_sites.issue_deploys import DeployRows
from app.web.jira_pages.panel_pages import PanelPages, RenderedPage, weight

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ROWS = json.dumps([[1, "a" * 40, "Production"], [2, "b" * 40, "Staging"]])  # as the statement writes them
ANSWER = DeployRows("ACME-12", ROWS, 50)


def test_an_equal_answer_gets_the_kept_page() -> None:
    pages = PanelPages()
    pages.put(ANSWER, RenderedPage("<p>two deploys</p>", None))
    same = DeployRows("ACME-12", "".join(list(ROWS)), 50)  # equal, not the same object
    assert pages.get(same, NOW) == RenderedPage("<p>two deploys</p>", None)


@pytest.mark.parametrize(
    "other",
    [
        DeployRows("ACME-13", ROWS, 50),  # another issue with the same deploys
        DeployRows("ACME-12", ROWS.replace("Production", "Live"), 50),  # one column of one row renamed
        DeployRows("ACME-12", json.dumps([[1, "a" * 40, "Production"]]), 50),  # a deploy fewer
        DeployRows("ACME-12", ROWS, 3),  # another cut
        DeployRows("ACME-12", ROWS, 50, counted=True),  # rows that carry their own totals
        DeployRows(None, "", 50),
    ],
)
def test_any_difference_in_the_answer_is_a_new_page(other: DeployRows) -> None:
    pages = PanelPages()
    pages.put(ANSWER, RenderedPage("<p>two deploys</p>", None))
    assert pages.get(other, NOW) is None


def test_a_page_whose_ages_have_moved_on_is_dropped() -> None:
    pages = PanelPages()
    pages.put(ANSWER, RenderedPage("<time>3 hours ago</time>", NOW + timedelta(seconds=30)))
    assert pages.get(ANSWER, NOW + timedelta(seconds=29)) is not None
    assert pages.get(ANSWER, NOW + timedelta(seconds=30)) is None
    assert len(pages) == 0


def test_the_least_recently_used_pages_go_first_within_the_budget() -> None:
    answers = {name: DeployRows(name, ROWS, 50) for name in ("A-1", "A-2", "A-3", "A-4")}
    each = weight(answers["A-1"], RenderedPage("A-1A-1xxxx", None))  # the page's 10 characters and its rows
    pages = PanelPages(max_characters=3 * each)
    for name in ("A-1", "A-2", "A-3"):
        pages.put(answers[name], RenderedPage(name * 2 + "xxxx", None))
    assert pages.get(answers["A-1"], NOW) is not None  # A-2 is now the least recently used
    pages.put(answers["A-4"], RenderedPage("A-4A-4xxxx", None))
    assert [name for name, answer in answers.items() if pages.get(answer, NOW)] == ["A-1", "A-3", "A-4"]
    pages.put(answers["A-4"], RenderedPage("x" * 3 * each, None))  # longer than the whole budget, with its rows
    assert pages.get(answers["A-4"], NOW) is None and len(pages) == 2  # neither kept nor evicting the rest


def test_the_rows_an_entry_is_kept_by_count_in_the_budget() -> None:
    """Many answers of long rows and short pages: the rows, not only the HTML, stay within the budget."""
    pages = PanelPages(max_characters=50_000)
    for n in range(1_000):
        rows = json.dumps([[deploy, f"{n:040x}", "x" * 200, "Production"] for deploy in range(10)])
        pages.put(DeployRows(f"ACME-{n}", rows, 50), RenderedPage("<p>10</p>", None))
    assert pages.characters <= 50_000
    assert 0 < len(pages) < 30  # each entry weighs ~3,000 characters though its page has 9

