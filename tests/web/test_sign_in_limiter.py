"""The sign-in limiter (app/web/sign_in_limiter.py): per email and address, per address, sliding window."""

from __future__ import annotations

from app.web.sign_in_limiter import SignInLimiter
from tests.fakes.clock import FakeClock


def test_an_email_gets_a_few_attempts_per_window_from_one_address() -> None:
    clock = FakeClock()
    limiter = SignInLimiter(per_email=3, per_address=100, window_seconds=600, clock=clock)
    assert [limiter.attempt("10.0.0.1", "ada@acme.test") for _ in range(3)] == [None, None, None]
    assert limiter.attempt("10.0.0.1", "ADA@acme.test ") == 10  # minutes until the oldest attempt expires
    assert limiter.attempt("10.0.0.2", "ada@acme.test") is None  # another address has its own count
    assert limiter.attempt("10.0.0.1", "mo@acme.test") is None
    clock.now += 601
    assert limiter.attempt("10.0.0.1", "ada@acme.test") is None  # the window slid past them


def test_a_success_clears_its_email_but_not_the_address() -> None:
    limiter = SignInLimiter(per_email=2, per_address=3, clock=FakeClock())
    limiter.attempt("10.0.0.1", "ada@acme.test")
    limiter.attempt("10.0.0.1", "ada@acme.test")
    limiter.succeeded("10.0.0.1", "ada@acme.test")
    assert limiter.attempt("10.0.0.1", "ada@acme.test") is None
    assert limiter.attempt("10.0.0.1", "mo@acme.test") is not None  # 3 attempts from this address in all


def test_spraying_many_emails_from_one_address_is_limited_too() -> None:
    limiter = SignInLimiter(per_email=5, per_address=4, clock=FakeClock())
    assert [limiter.attempt("10.0.0.9", f"user{n}@acme.test") for n in range(4)] == [None] * 4
    assert limiter.attempt("10.0.0.9", "user99@acme.test") is not None


def test_memory_is_bounded() -> None:
    limiter = SignInLimiter(per_email=1, per_address=10_000, max_keys=10, clock=FakeClock())
    for n in range(100):
        limiter.attempt("10.0.0.1", f"user{n}@acme.test")
    assert len(limiter._attempts) == 10  # noqa: SLF001 - the bound is what this test is about
