"""`PanelPages`: one answer and page kept per question (issue key and site URLs), within a budget that drops
the least recently used first; a page reads true until its first age would read differently."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from app.jira_sites.issue_deploys import DeployRows, Stamp
from app.web.jira_pages.panel_pages import PanelPages, RenderedPage, weight

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ROWS = json.dumps([[1, "a" * 40, "Production"], [2, "b" * 40, "Staging"]])  # as the statement writes them
ANSWER = DeployRows("ACME-12", ROWS, 50)
QUESTION = ("ACME-12", "https://acme.atlassian.net")


def test_a_question_gets_the_answer_and_page_kept_for_it() -> None:
    pages = PanelPages()
    pages.put(QUESTION, ANSWER, RenderedPage("<p>two deploys</p>", None))
    kept = pages.get(("ACME-12", "https://acme.atlassian.net"))
    assert kept is not None and kept.answer is ANSWER and kept.page == RenderedPage("<p>two deploys</p>", None)


def test_another_site_or_issue_is_another_question() -> None:
    pages = PanelPages()
    pages.put(QUESTION, ANSWER, RenderedPage("<p>two deploys</p>", None))
    assert pages.get(("ACME-12", "https://other.atlassian.net")) is None
    assert pages.get(("ACME-12", "https://acme.atlassian.net", "https://jira.acme.com")) is None
    assert pages.get(("ACME-13", "https://acme.atlassian.net")) is None


def test_a_new_answer_replaces_the_kept_one() -> None:
    pages = PanelPages()
    pages.put(QUESTION, ANSWER, RenderedPage("<p>two deploys</p>", None))
    fewer = DeployRows("ACME-12", json.dumps([[1, "a" * 40, "Production"]]), 50)
    pages.put(QUESTION, fewer, RenderedPage("<p>one deploy</p>", None))
    kept = pages.get(QUESTION)
    assert kept is not None and kept.answer is fewer and len(pages) == 1
    assert pages.characters == weight(fewer, RenderedPage("<p>one deploy</p>", None))


def test_answers_are_equal_by_their_rows_whatever_their_stamps() -> None:
    """A reread that finds the same rows (a link to a deploy the site does not see) reuses the page."""
    restamped = DeployRows("ACME-12", "".join(list(ROWS)), 50, stamp=Stamp("3.9.1/1.7/1.7", "1", "1"))
    assert restamped == ANSWER
    assert DeployRows("ACME-12", ROWS.replace("Production", "Live"), 50) != ANSWER
    assert DeployRows("ACME-12", ROWS, 50, counted=True) != ANSWER
    assert DeployRows("ACME-12", ROWS, 3) != ANSWER


def test_a_page_reads_true_until_its_first_age_moves_on() -> None:
    page = RenderedPage("<time>3 hours ago</time>", NOW + timedelta(seconds=30))
    assert page.reads_true_at(NOW + timedelta(seconds=29))
    assert not page.reads_true_at(NOW + timedelta(seconds=30))
    assert RenderedPage("<p>No deploys yet</p>", None).reads_true_at(NOW + timedelta(days=365))


def test_the_least_recently_used_pages_go_first_within_the_budget() -> None:
    questions = {name: (name, "https://acme.atlassian.net") for name in ("A-1", "A-2", "A-3", "A-4")}
    answers = {name: DeployRows(name, ROWS, 50) for name in questions}
    each = weight(answers["A-1"], RenderedPage("A-1A-1xxxx", None))  # the page's 10 characters and its rows
    pages = PanelPages(max_characters=3 * each)
    for name in ("A-1", "A-2", "A-3"):
        pages.put(questions[name], answers[name], RenderedPage(name * 2 + "xxxx", None))
    assert pages.get(questions["A-1"]) is not None  # A-2 is now the least recently used
    pages.put(questions["A-4"], answers["A-4"], RenderedPage("A-4A-4xxxx", None))
    assert [name for name, question in questions.items() if pages.get(question)] == ["A-1", "A-3", "A-4"]
    pages.put(questions["A-4"], answers["A-4"], RenderedPage("x" * 3 * each, None))  # over the whole budget
    assert pages.get(questions["A-4"]) is None and len(pages) == 2  # neither kept nor evicting the rest


def test_the_rows_and_stamp_an_entry_is_kept_with_count_in_the_budget() -> None:
    """Many answers of long rows and short pages: the rows, not only the HTML, stay within the budget."""
    pages = PanelPages(max_characters=50_000)
    for n in range(1_000):
        rows = json.dumps([[deploy, f"{n:040x}", "x" * 200, "Production"] for deploy in range(10)])
        stamp = Stamp(f"10.{n}.7/" + "1.2.3.4.5," * 20, "1," * 20, "2," * 20)
        pages.put((f"ACME-{n}", "https://acme.atlassian.net"), DeployRows(f"ACME-{n}", rows, 50, stamp=stamp),
                  RenderedPage("<p>10</p>", None))  # fmt: skip
    assert pages.characters <= 50_000
    assert 0 < len(pages) < 30  # each entry weighs ~3,300 characters though its page has 9
