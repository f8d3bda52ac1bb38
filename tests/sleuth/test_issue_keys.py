"""The issue-key finder: GitHub for Jira's test table (reference §7.6) plus what commit messages carry."""

from __future__ import annotations

import time

import pytest

from app.sleuth.issue_keys import MAX_KEYS, NOT_PROJECT_KEYS, find_issue_keys

CASES = [
    # GitHub for Jira's table
    ("jra-123", ["JRA-123"]),
    ("jRA-123", ["JRA-123"]),
    ("2PAC-123", []),
    ("42-123", []),
    ("F-67-x", []),
    ("feature/J3-123-my-feature", ["J3-123"]),
    ("JRA-123 Jra-456-jra-901\n[bah-321]", ["JRA-123", "JRA-456", "JRA-901", "BAH-321"]),
    ("JIRA-123abcd", []),
    ("JRA-123 and JRA-123 again", ["JRA-123"]),
    # punctuation on either side
    ("[ACME-1] (ACME-2) {ACME-3} <ACME-4> 'ACME-5' \"ACME-6\"", [f"ACME-{n}" for n in range(1, 7)]),
    ("ACME-1: fix, ACME-2; ACME-3. ACME-4! ACME-5? #ACME-6 @ACME-7", [f"ACME-{n}" for n in range(1, 8)]),
    ("fix_ACME-7_login", ["ACME-7"]),
    ("é-ACME-8 ünd ACME-9ß", ["ACME-8", "ACME-9"]),
    # where commits put them
    ("Merge pull request #12 from acme/ACME-7-login", ["ACME-7"]),
    ("Merge branch 'feature/ops-44' into main", ["OPS-44"]),
    ("Fix login\n\nCloses ACME-12 and relates to WEB-3.", ["ACME-12", "WEB-3"]),
    ("Revert \"ACME-5 add cache\"", ["ACME-5"]),
    # not keys
    ("X-1 is one character", []),
    ("ACME-0 and ACME-012", []),
    ("ACME-", []),
    ("-12", []),
    ("1ACME-7 and ACME-7x", []),
    ("ACME_TEAM-7", ["TEAM-7"]),
    ("A" * 51 + "-1", []),
    ("ACME-1234567890123456789", []),
    # false friends: standards, encodings, algorithms, licences, advisories
    ("Read the file as UTF-8, dates in ISO-8601", []),
    ("utf-8 and iso-8859-1 and windows-1252 and latin-1", []),
    ("Pin hashes to SHA-256 (was sha-1); AES-256 and RSA-2048 keys", []),
    ("Patch CVE-2021-44228 and CWE-79", []),
    ("Relicense under GPL-3.0 from Apache-2.0; see RFC-3339 and PEP-8", []),
    ("Bump to HTTP-2 and TLS-13, build for x86-64", []),
    ("UTF-8 fix for ACME-3", ["ACME-3"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[case[0][:40] for case in CASES])
def test_finds_exactly_the_keys(text: str, expected: list[str]) -> None:
    assert find_issue_keys([text]) == expected


def test_keys_from_several_texts_keep_first_seen_order_without_duplicates() -> None:
    texts = ["WEB-2 second", "feature/acme-1-x", "ACME-1 and WEB-2 again", "OPS-3"]
    assert find_issue_keys(texts) == ["WEB-2", "ACME-1", "OPS-3"]


def test_the_denylist_is_upper_case_project_keys() -> None:
    assert all(key == key.upper() for key in NOT_PROJECT_KEYS)


def test_one_thousand_keys_in_one_message_are_capped() -> None:
    message = " ".join(f"ACME-{n}" for n in range(1, 1001))
    keys = find_issue_keys([message])
    assert len(keys) == MAX_KEYS
    assert keys[0] == "ACME-1" and keys[-1] == f"ACME-{MAX_KEYS}"


def test_the_cap_can_be_lowered() -> None:
    assert find_issue_keys(["A1-1 A1-2 A1-3"], limit=2) == ["A1-1", "A1-2"]


@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 200_000,
        "a-" * 100_000,
        "ab-" * 70_000,
        "ACME-" + "1" * 200_000,
        ("A" * 49 + "-") * 4_000,
        "A1" * 100_000 + "-1",
    ],
    ids=["letters", "letter-dash", "pair-dash", "long-number", "long-keys", "long-run"],
)
def test_hostile_input_does_not_backtrack_catastrophically(hostile: str) -> None:
    # Not a speed target (bench/ measures speed): these inputs take milliseconds with a linear scan and
    # hours with catastrophic backtracking, so a bound 1,000 times the linear cost tells them apart on
    # any machine.
    started = time.perf_counter()
    find_issue_keys([hostile])
    assert time.perf_counter() - started < 10
