"""A bounded fuzz of the REST API and GraphQL: schemathesis generates requests from the OpenAPI document of a
running `sleuth-jira serve` (its own process, authenticated, the organization, project and code deployment
of the paths pinned to ones that exist): no answer may be a 5xx, and every answer must be one the document
lists for its route, in the content type, headers and schema it gives. `make test-fuzz` runs it long
(FUZZ_EXAMPLES=200 or more); here it is a few examples an operation, about half a minute."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import aiohttp

from tests.fakes.servers import free_port, healthz

EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "8")
# Every check of schemathesis but the two that take the document for the whole of the rules: a request the
# schema allows may still be refused (a sha already registered, a name of blanks, a code source without its
# repository) and one it does not describe may be accepted (Sleuth's clients send forms and loose types).
SCHEMA_ONLY_CHECKS = ("positive_data_acceptance", "negative_data_rejection")
SCHEMATHESIS_CONFIG = """
[parameters]
"path.org" = "fuzz"
"path.project" = "web"
"path.deployment" = "web-app"
"""


def _cli(*arguments: str, env: dict[str, str], cwd: Path) -> str:
    command = [sys.executable, "-m", "app.cli", *arguments]
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


async def test_no_generated_request_gets_a_5xx(database: str, cli_env: dict[str, str], tmp_path: Path) -> None:
    env = cli_env | {"SLEUTH_DATA_DIR": str(tmp_path / "var")}  # the test database, emptied by `database`
    _cli("org", "create", "fuzz", env=env, cwd=tmp_path)
    token = json.loads(_cli("token", "create", "--org", "fuzz", "--scope", "all", env=env, cwd=tmp_path))["token"]
    port = free_port()
    log = (tmp_path / "serve.log").open("w")  # a file: a pipe nobody reads fills up and blocks the server
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-worker"],
        env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        await healthz(f"http://127.0.0.1:{port}")
        api = f"http://127.0.0.1:{port}/api/1"
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as session:
            async with session.post(f"{api}/orgs/fuzz/projects", json={"slug": "web", "name": "Web"}) as response:
                assert response.status == 201
            deployment = {"slug": "web-app", "name": "Web app"}
            async with session.post(f"{api}/orgs/fuzz/projects/web/deployments", json=deployment) as response:
                assert response.status == 201
        config = tmp_path / "schemathesis.toml"
        config.write_text(SCHEMATHESIS_CONFIG)
        fuzz = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).with_name("st")), "--config-file", str(config), "run",
            f"http://127.0.0.1:{port}/api/1/openapi.json", "--header", f"Authorization: Bearer {token}",
            "--checks", "all", "--exclude-checks", ",".join(SCHEMA_ONLY_CHECKS),
            "--max-examples", EXAMPLES, "--seed", "1", "--request-timeout", "10",
            cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        output = (await asyncio.wait_for(fuzz.communicate(), timeout=600))[0].decode()
        assert fuzz.returncode == 0, output[-4000:]
        assert "generated" in output
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
