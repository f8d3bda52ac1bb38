"""`sleuth-jira user create` as an operator runs it: a real subprocess against the test database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.sleuth.organizations import create_organization
from app.sleuth.passwords import verify_password
from models import User, UserRole

PASSWORD = "correct horse battery staple"


def run_user_create(*arguments: str, stdin: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "user", "create", *arguments],
        input=stdin,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_the_password_comes_from_stdin_and_only_its_hash_is_stored(
    database: str, cli_env: dict[str, str], tmp_path: Path
) -> None:
    await create_organization("acme")
    result = run_user_create(
        "--org", "acme", "--email", "Ada@Acme.test", "--role", "admin", "--name", "Ada",
        stdin=PASSWORD + "\n", env=cli_env, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"org": "acme", "email": "ada@acme.test", "name": "Ada", "role": "admin"}
    assert PASSWORD not in result.stdout + result.stderr
    user = await User.get(email="ada@acme.test")
    assert user.role is UserRole.ADMIN and await verify_password(user.password_hash, PASSWORD)


async def test_bad_input_is_one_line_and_exit_1(database: str, cli_env: dict[str, str], tmp_path: Path) -> None:
    await create_organization("acme")
    for arguments, stdin, message in [
        (("--org", "nowhere", "--email", "a@acme.test"), PASSWORD, "no organization with the slug 'nowhere'"),
        (("--org", "acme", "--email", "a@acme.test"), "short", "at least 12 characters"),
        (("--org", "acme", "--email", "not an email"), PASSWORD, "is not an email address"),
    ]:
        result = run_user_create(*arguments, stdin=stdin + "\n", env=cli_env, cwd=tmp_path)
        assert result.returncode == 1, result.stdout
        assert result.stderr.startswith("sleuth-jira: ") and message in result.stderr
        assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert await User.all().count() == 0


async def test_a_taken_email_is_refused(database: str, cli_env: dict[str, str], tmp_path: Path) -> None:
    await create_organization("acme")
    arguments = ("--org", "acme", "--email", "ada@acme.test")
    assert run_user_create(*arguments, stdin=PASSWORD, env=cli_env, cwd=tmp_path).returncode == 0
    result = run_user_create(*arguments, stdin=PASSWORD, env=cli_env, cwd=tmp_path)
    assert result.returncode == 1 and "already exists" in result.stderr


async def test_an_unknown_role_is_a_usage_error(database: str, cli_env: dict[str, str], tmp_path: Path) -> None:
    await create_organization("acme")
    result = run_user_create(
        "--org", "acme", "--email", "a@acme.test", "--role", "god", stdin=PASSWORD, env=cli_env, cwd=tmp_path
    )
    assert result.returncode == 2 and "invalid choice" in result.stderr
