"""Find Jira issue keys in free text: commit messages, branch names, pull request titles.

The rule is GitHub for Jira's (reference §7.6), the most widely exercised one:

- a key is a project key, a dash and an issue number: `ACME-12`;
- the project key has two or more characters (at most 50), starts with a letter and holds only ASCII
  letters and digits; `X-1` (one character) and `2PAC-1` (starts with a digit) are not keys;
- the number does not start with 0 and has at most 18 digits (it fits a 64-bit integer);
- the key is bounded on both sides by a non-alphanumeric character or the ends of the text, so
  `feature/ACME-7-login`, `[ACME-7]` and `(ACME-7)` hold a key and `ACME-7abc` or `1ACME-7` do not.
  Underscores are boundaries too: branch names use them as separators (`fix_ACME-7`);
- matching ignores case (`acme-7` is how branch names often carry it); keys come back upper-cased,
  de-duplicated, in the order first seen, and at most `MAX_KEYS` of them.

Lowercase matching makes the names of public standards look like keys (`utf-8`, `ISO-8601`,
`SHA-256`, `CVE-2021-44228`). Project keys that name an encoding, a standard or its body, an algorithm,
a protocol, a licence or a vulnerability database are therefore never taken for a Jira project: see
`NOT_PROJECT_KEYS`. A team whose Jira project really uses one of them (say `ISO`) loses automatic
linking for it; that is rare, and far rarer than commit messages that mention UTF-8.

The pattern is linear: a match can only start at the first character of an alphanumeric run (the
look-behind), and both quantifiers are bounded, so no input makes it backtrack more than a constant
amount per character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_KEYS = 500

_KEY = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]{1,49})-([1-9][0-9]{0,17})(?![A-Za-z0-9])")

NOT_PROJECT_KEYS = frozenset(
    {
        # character encodings: UTF-8, UCS-2, ISO-8859-1, CP-1252, Windows-1252, Latin-1, IBM-437
        "UTF", "UCS", "CP", "WIN", "WINDOWS", "LATIN", "IBM",
        # standards and their bodies: ISO-8601, RFC-3339, IEC-62304, IEEE-754, ECMA-262, PEP-8, JSR-310
        "ISO", "RFC", "IEC", "IEEE", "ECMA", "PEP", "JSR", "ANSI",
        # vulnerability and advisory databases: CVE-2021-44228, CWE-79, CAPEC-66, USN-1234, DSA-5000
        "CVE", "CWE", "CAPEC", "USN", "DSA",
        # algorithms and formats: SHA-256, MD-5, AES-256, RSA-2048, CRC-32, HMAC-256, Base-64, MPEG-4, x86-64
        "SHA", "MD", "AES", "RSA", "CRC", "HMAC", "ECDSA", "BASE", "MPEG", "X86",
        # protocols: HTTP-2, TLS-13, SSL-3
        "HTTP", "TLS", "SSL",
        # licences: GPL-3, LGPL-2, AGPL-3, MPL-2, Apache-2, BSD-3, EPL-2
        "GPL", "LGPL", "AGPL", "MPL", "APACHE", "BSD", "EPL",
        # well-known names of the form WORD-NUMBER
        "COVID",
    }
)  # fmt: skip


def find_issue_keys(texts: Iterable[str], limit: int = MAX_KEYS) -> list[str]:
    """The distinct issue keys in `texts`, upper-cased, in the order first seen, at most `limit`."""
    found: dict[str, None] = {}
    for text in texts:
        for match in _KEY.finditer(text):
            project = match.group(1).upper()
            if project in NOT_PROJECT_KEYS:
                continue
            found.setdefault(f"{project}-{match.group(2)}")
            if len(found) >= limit:
                return list(found)
    return list(found)
