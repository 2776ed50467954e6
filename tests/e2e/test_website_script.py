"""The website's build on pretix's hosted service (``contrib/website/pretix_meetups.py``), against the demo:
it sends what the website has, writes the meetups' files into the project's small test site, which then builds;
a second run writes nothing; where pretix would replace a file it did not write, nothing is written."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .stack import ROOT, run_django
from .test_jekyll_site import SITE, build, pages

pytestmark = pytest.mark.e2e

SCRIPT = ROOT / "contrib" / "website" / "pretix_meetups.py"


def script(server, token, site) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--url", server.url, "--organizer", "OIC-BIE", "--site",
                           str(site)], env={"PRETIX_TOKEN": token, "PATH": "/usr/bin:/bin"}, capture_output=True,
                          text=True, timeout=120)


def files(root: Path) -> dict:
    """The site's files (Jekyll's cache aside)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".jekyll-cache" not in p.parts}


def test_the_script_fetches_and_applies_the_demos_files(shop, tmp_path):
    server, _mail = shop
    token = run_django(server.config, "tests/e2e/cli.py", "token").strip()
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    result = script(server, token, site)
    assert result.returncode == 0, result.stderr
    written = files(site)
    assert {"_beitraege/ki-kompetenz.md", "_beitraege/rueckblick-ki-kompetenz.md", ".oicmeetup-files"} <= \
        set(written)
    assert (ROOT / "tests" / "data" / "examples" / "ki-kompetenz.md").read_bytes() == \
        written["_beitraege/ki-kompetenz.md"]  # the team's post, as the demo imported it
    assert "rueckblick-ki-kompetenzt" in result.stdout  # the typo named
    html = pages(build(site))
    assert "beitraege/rueckblick-ki-kompetenz/index.html" in html
    again = script(server, token, site)
    assert again.returncode == 0 and again.stdout.startswith("0 files written")
    assert files(site) == written

    # a file of the team where pretix writes one: nothing is written, the script fails and says which
    (site / "_beitraege" / "ki-kompetenz.md").write_text("---\ntitle: Vom Team geändert\n---\n", encoding="utf-8")
    (site / "_data" / "events.yml").write_text("", encoding="utf-8")
    before = files(site)
    refused = script(server, token, site)
    assert refused.returncode == 1 and "_beitraege/ki-kompetenz.md" in refused.stderr
    assert files(site) == before
    assert script(server, "not-a-token", site).returncode == 2  # pretix's 401, nothing written
    assert files(site) == before
