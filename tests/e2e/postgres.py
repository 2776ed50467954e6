"""A throwaway PostgreSQL server from the machine's packages, for end-to-end runs and the test suite
on PostgreSQL. Runs as the ``postgres`` system user when started by root (PostgreSQL refuses root)."""
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .stack import free_port


def postgres_bindir() -> str | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(candidate, "postgres")):
            return candidate
    pg_ctl = shutil.which("pg_ctl")
    return os.path.dirname(pg_ctl) if pg_ctl and shutil.which("initdb") else None


class Postgres:
    def __init__(self):
        self.bindir = postgres_bindir()
        if self.bindir is None:
            raise FileNotFoundError("PostgreSQL server binaries (apt-get install postgresql)")
        self.port = free_port()
        # its own directory: the server user must be able to reach it, which a test's tmp dir may not allow
        self.root = Path(tempfile.mkdtemp(prefix="oicmeetup-pg-"))
        os.chmod(self.root, 0o755)
        self.datadir = self.root / "data"
        self.datadir.mkdir()
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.datadir, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.datadir), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        self._run("pg_ctl", "-D", str(self.datadir), "-l", str(self.datadir / "server.log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.datadir} -h 127.0.0.1 -c fsync=off -c full_page_writes=off",
                  "start")
        self._wait()

    def _run(self, binary, *args):
        subprocess.run([*self.as_user, os.path.join(self.bindir, binary), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def _wait(self):
        for _ in range(100):
            result = subprocess.run([*self.as_user, os.path.join(self.bindir, "pg_isready"), "-h", "127.0.0.1",
                                     "-p", str(self.port)], capture_output=True)
            if result.returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("PostgreSQL did not start")

    def create_database(self, name):
        subprocess.run([*self.as_user, os.path.join(self.bindir, "createdb") if os.path.exists(
            os.path.join(self.bindir, "createdb")) else "createdb", "-h", "127.0.0.1", "-p", str(self.port),
                        "-U", "postgres", name], check=True, capture_output=True)

    def config(self, name) -> dict:
        return {"backend": "postgresql", "name": name, "user": "postgres", "password": "", "host": "127.0.0.1",
                "port": str(self.port)}

    def stop(self):
        try:
            self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)
