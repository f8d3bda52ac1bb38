"""The sign-in limiter (app/web/sign_in_limiter.py), on a real database: per email from one address, per
email from anywhere, per address over all emails, in a sliding window that every worker shares."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.web.sign_in_limiter import SignInLimiter
from models import SignInAttempt

START = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def limiter(clock: Clock, **limits: int) -> SignInLimiter:
    settings = {"per_email_and_address": 3, "per_email": 100, "per_address": 100} | limits
    return SignInLimiter(window=timedelta(minutes=10), clock=clock, **settings)


async def test_an_email_gets_a_few_attempts_per_window_from_one_address(database: str) -> None:
    clock = Clock()
    limits = limiter(clock)
    assert [await limits.attempt("10.0.0.1", "ada@acme.test") for _ in range(3)] == [None, None, None]
    assert await limits.attempt("10.0.0.1", "ADA@acme.test ") == 10  # minutes until the oldest attempt expires
    assert await limits.attempt("10.0.0.2", "ada@acme.test") is None  # another address has its own count
    assert await limits.attempt("10.0.0.1", "mo@acme.test") is None
    clock.now += timedelta(minutes=10, seconds=1)
    assert await limits.attempt("10.0.0.1", "ada@acme.test") is None  # the window slid past them


async def test_one_email_guessed_from_many_addresses_is_limited(database: str) -> None:
    limits = limiter(Clock(), per_email=5)
    assert [await limits.attempt(f"10.0.0.{n}", "ada@acme.test") for n in range(5)] == [None] * 5
    assert await limits.attempt("10.0.9.9", "ada@acme.test") is not None  # a new address does not help


async def test_spraying_many_emails_from_one_address_is_limited_too(database: str) -> None:
    limits = limiter(Clock(), per_address=4)
    assert [await limits.attempt("10.0.0.9", f"user{n}@acme.test") for n in range(4)] == [None] * 4
    assert await limits.attempt("10.0.0.9", "user99@acme.test") is not None


async def test_a_success_clears_its_email_from_that_address(database: str) -> None:
    limits = limiter(Clock(), per_email_and_address=2, per_address=3)
    await limits.attempt("10.0.0.1", "ada@acme.test")
    await limits.attempt("10.0.0.1", "ada@acme.test")
    await limits.succeeded("10.0.0.1", "ada@acme.test")
    assert await limits.attempt("10.0.0.1", "ada@acme.test") is None
    assert await limits.attempt("10.0.0.1", "mo@acme.test") is not None  # 3 attempts from this address in all


async def test_two_processes_share_the_count_and_old_rows_are_dropped(database: str) -> None:
    clock = Clock()
    first, second = limiter(clock), limiter(clock)  # as two worker processes, one database
    await first.attempt("10.0.0.1", "ada@acme.test")
    await second.attempt("10.0.0.1", "ada@acme.test")
    await first.attempt("10.0.0.1", "ada@acme.test")
    assert await second.attempt("10.0.0.1", "ada@acme.test") is not None
    clock.now += timedelta(hours=1)
    await first.attempt("10.0.0.2", "mo@acme.test")
    assert await SignInAttempt.all().count() == 3  # only the new attempt's keys remain
