"""A DNS whose answers the test chooses, as the owner of a name chooses them, for code that takes a resolver
(app/code_hosts/git.py). Names under `.test` (RFC 2606), which the machine's own resolver never answers."""

from __future__ import annotations

import socket


class FakeDns:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def resolve(self, host: str) -> list[str]:
        self.asked.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.answers[host]
