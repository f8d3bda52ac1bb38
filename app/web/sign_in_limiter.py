"""How many sign-in attempts a client may make, in a sliding window: a few per email from one address, more
per email from anywhere (a password guessed from many addresses), and more per address over all emails
(one address spraying many emails). One instance lives on the app (`sleuth_app().sign_in_limiter`).

Attempts are rows of the database (models/user.py `SignInAttempt`), so every worker process counts the
same attempts: a limit kept in each process's memory let `--workers N` allow N times as many. The address
is the connection's, or the one a trusted proxy forwarded (SLEUTH_TRUSTED_PROXIES; uvicorn applies it):
an `X-Forwarded-For` from anyone else is ignored, so varying it gains nothing.

Attempts are counted when they start, not when they fail: password checks take a tenth of a second in a
thread, and counting failures afterwards would let a burst of parallel guesses all pass the check before
the first one is recorded. A successful sign-in clears its email's count from that address. Rows older
than the window are deleted as new attempts come, so the table stays as small as the traffic of one window.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from models import SignInAttempt


def utc_now() -> datetime:
    return datetime.now(UTC)


class SignInLimiter:
    def __init__(
        self,
        *,
        per_email_and_address: int = 5,
        per_email: int = 20,
        per_address: int = 50,
        window: timedelta = timedelta(minutes=15),
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.per_email_and_address = per_email_and_address
        self.per_email = per_email
        self.per_address = per_address
        self.window = window
        self._clock = clock

    def _limits(self, address: str, email: str) -> tuple[tuple[str, int], ...]:
        email = email.strip().lower()[:254]
        return (
            (f"pair|{address}|{email}", self.per_email_and_address),
            (f"email|{email}", self.per_email),
            (f"address|{address}", self.per_address),
        )

    async def attempt(self, address: str, email: str) -> int | None:
        """Record an attempt to sign in as `email` from `address`; None when it may go ahead, or the
        whole minutes to wait when too many were made (this one is then not counted)."""
        now = self._clock()
        since = now - self.window
        limits = self._limits(address, email)
        async with in_transaction():
            await SignInAttempt.filter(attempted_at__lte=since).delete()
            waits = []
            for key, limit in limits:
                recent = SignInAttempt.filter(key=key, attempted_at__gt=since)
                if await recent.count() >= limit:
                    oldest = await recent.order_by("attempted_at").first()
                    waits.append((oldest.attempted_at + self.window - now).total_seconds() if oldest else 60.0)
            if waits:
                return max(1, math.ceil(max(waits) / 60))
            await SignInAttempt.bulk_create([SignInAttempt(key=key, attempted_at=now) for key, _ in limits])
        return None

    async def succeeded(self, address: str, email: str) -> None:
        pair, _, _ = self._limits(address, email)
        await SignInAttempt.filter(key=pair[0]).delete()
