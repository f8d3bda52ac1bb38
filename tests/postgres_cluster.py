"""A PostgreSQL cluster of the test's own, on a free port of 127.0.0.1, for tests that stop or kill the
database: never the shared server at TEST_POSTGRES_URL, which other tests use at the same time.

Made with the installed server's own `initdb` and `pg_ctl` (trust authentication, fsync off: a test's
data need not survive a power cut). `initdb` refuses to run as root, so as root they run as the `postgres`
user, in a directory that user owns.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.fakes.servers import free_port


def server_binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian's layout), or where `pg_ctl` is on PATH."""
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda path: int(path.parts[-3]))
    if installed:
        return installed[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


@dataclass
class Cluster:
    directory: Path
    port: int
    binaries: Path

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.directory / "data"), "-l", str(self.directory / "server.log"),
                  "-o", options, "-w", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` ends every session at once (clients see their connections drop)."""
        self._run("pg_ctl", "-D", str(self.directory / "data"), "-m", mode, "-w", "stop")

    def create_database(self, name: str) -> None:
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name)

    def remove(self) -> None:
        """Stop the server if it runs (at once: nothing in it is kept) and delete the cluster."""
        pg_ctl, data = str(self.binaries / "pg_ctl"), str(self.directory / "data")
        subprocess.run(self._as_owner(pg_ctl, "-D", data, "-m", "immediate", "stop"), capture_output=True)
        shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, program: str, *arguments: str) -> None:
        command = self._as_owner(str(self.binaries / program), *arguments)
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stderr or result.stdout}")

    def _as_owner(self, *command: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


def new_cluster() -> Cluster | None:
    """A started cluster, or None where no PostgreSQL server is installed."""
    binaries = server_binaries()
    if binaries is None:
        return None
    directory = Path(tempfile.mkdtemp(prefix="sleuth-pg-"))
    directory.chmod(0o755)
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(directory, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(directory, free_port(), binaries)
    cluster._run("initdb", "-D", str(directory / "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    cluster.start()
    return cluster
