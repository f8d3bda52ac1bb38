"""Password hashing (app/sleuth/passwords.py): argon2id, verified off the event loop, bounded input."""

from __future__ import annotations

import asyncio
import time

from app.sleuth.passwords import MAX_LENGTH, hash_password, needs_rehash, password_problem, verify_password


async def test_a_hash_is_argon2id_and_verifies_only_its_password() -> None:
    stored = await hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert await verify_password(stored, "correct horse battery staple")
    assert not await verify_password(stored, "correct horse battery stapler")
    assert not needs_rehash(stored)


async def test_an_unknown_user_never_verifies_yet_costs_a_real_check() -> None:
    started = time.perf_counter()
    assert not await verify_password(None, "anything at all")
    assert time.perf_counter() - started > 0.01  # an argon2 verification ran, as for a known user


async def test_garbage_hashes_and_oversized_passwords_are_refused_not_raised() -> None:
    assert not await verify_password("not-a-hash", "whatever password")
    stored = await hash_password("x" * 12)
    assert not await verify_password(stored, "x" * (MAX_LENGTH + 1))


async def test_hashing_leaves_the_event_loop_free() -> None:
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    ticker = asyncio.create_task(tick())
    await hash_password("correct horse battery staple")
    ticker.cancel()
    assert ticks >= 3  # the loop kept running while argon2 worked in a thread


def test_password_rules() -> None:
    assert password_problem("short") == "The password must be at least 12 characters long."
    assert password_problem("x" * (MAX_LENGTH + 1)) == f"The password must be at most {MAX_LENGTH} characters long."
    assert password_problem("twelve chars") is None
