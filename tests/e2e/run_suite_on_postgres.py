"""The test suite once more, on a real PostgreSQL server (pretix's test settings read the database from
$PRETIX_CONFIG_FILE), so nothing works on SQLite only. The browser and server end-to-end tests are left
out here: they start their own databases. Usage: python tests/e2e/run_suite_on_postgres.py [pytest args]"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.e2e.postgres import Postgres  # noqa: E402


def main():
    postgres = Postgres()
    try:
        workdir = Path(tempfile.mkdtemp(prefix="oicmeetup-pgsuite-"))
        config = workdir / "pretix.cfg"
        database = "\n".join(f"{k}={v}" for k, v in postgres.config("pretix").items())
        config.write_text(f"[database]\n{database}\n")
        print(f"PostgreSQL on 127.0.0.1:{postgres.port}", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "tests", "-m", "not e2e and not production", *sys.argv[1:]],
            cwd=ROOT, env={**os.environ, "PRETIX_CONFIG_FILE": str(config), "OICMEETUP_EXPECT_DB": "postgresql"},
        )
        return result.returncode
    finally:
        postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
