"""How many sign-in attempts a client may make: a few per email from one address, more per address
over all emails, in a sliding window. One instance lives on the app (`sleuth_app().sign_in_limiter`).

Attempts are counted when they start, not when they fail: password checks take a tenth of a second
in a thread, and counting failures afterwards would let a burst of parallel guesses all pass the
check before the first one is recorded. A successful sign-in clears its email's count.

Memory is bounded: past `max_keys` the least recently seen keys are forgotten (an attacker who
floods it with keys only makes it forget, never grow).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class SignInLimiter:
    def __init__(
        self,
        *,
        per_email: int = 5,
        per_address: int = 50,
        window_seconds: float = 15 * 60,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_email = per_email
        self.per_address = per_address
        self.window_seconds = window_seconds
        self.max_keys = max_keys
        self._clock = clock
        self._attempts: OrderedDict[str, deque[float]] = OrderedDict()

    def attempt(self, address: str, email: str) -> int | None:
        """Record an attempt to sign in as `email` from `address`; None when it may go ahead, or the
        whole minutes to wait when the client made too many attempts (this one is not counted)."""
        now = self._clock()
        keys = ((f"{address}|{email.strip().lower()}", self.per_email), (address, self.per_address))
        waits = [wait for key, limit in keys if (wait := self._wait(key, limit, now)) is not None]
        if waits:
            return max(1, math.ceil(max(waits) / 60))
        for key, _ in keys:
            self._record(key, now)
        return None

    def succeeded(self, address: str, email: str) -> None:
        self._attempts.pop(f"{address}|{email.strip().lower()}", None)

    def _recent(self, key: str, now: float) -> deque[float]:
        attempts = self._attempts.get(key, deque())
        while attempts and attempts[0] <= now - self.window_seconds:
            attempts.popleft()
        return attempts

    def _wait(self, key: str, limit: int, now: float) -> float | None:
        attempts = self._recent(key, now)
        if len(attempts) < limit:
            return None
        return attempts[0] + self.window_seconds - now

    def _record(self, key: str, now: float) -> None:
        attempts = self._recent(key, now)
        attempts.append(now)
        self._attempts[key] = attempts
        self._attempts.move_to_end(key)
        while len(self._attempts) > self.max_keys:
            self._attempts.popitem(last=False)
