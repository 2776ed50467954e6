"""The wheel an administrator installs carries everything pretix loads from the package at run time."""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not shutil.which("git") or not (ROOT / ".git").exists(), reason="needs the git checkout")
@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext's msgfmt")
def test_wheel_from_a_clean_checkout_ships_catalogs_templates_and_demo_data(tmp_path):
    # A clean copy of the committed tree plus the working changes of the packaging files: no .mo files
    # lying around, so the catalogs in the wheel must have been compiled by the build itself.
    source = tmp_path / "source"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(source)], check=True)
    for name in ("setup.py", "pyproject.toml", "MANIFEST.in"):
        shutil.copy(ROOT / name, source / name)
    assert not list(source.rglob("*.mo"))

    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                             str(source)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "would be ignored" not in result.stderr

    (wheel,) = (tmp_path / "dist").glob("pretix_oicmeetup-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "pretix_oicmeetup/locale/de/LC_MESSAGES/django.mo",
        "pretix_oicmeetup/locale/de_Informal/LC_MESSAGES/django.mo",
        "pretix_oicmeetup/templates/pretix_oicmeetup/announcement.html",
        "pretix_oicmeetup/templates/pretix_oicmeetup/control/meetup.html",
        "pretix_oicmeetup/demo/ki-zivil-10.json",
        "pretix_oicmeetup/migrations/0001_initial.py",
    ):
        assert required in names
    assert not any(name.startswith("tests/") for name in names)
    entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
    assert "pretix_oicmeetup = pretix_oicmeetup:PretixPluginMeta" in zipfile.ZipFile(wheel).read(
        entry_points).decode()
