import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build import build

LOCALE_DIR = Path(__file__).resolve().parent / "pretix_oicmeetup" / "locale"


class BuildWithCatalogs(build):
    """Compile the German catalogs into every built wheel: Django loads only ``.mo`` files, and those are
    not kept in git. Given as cmdclass because pretix-plugin-build's ``distutils.commands`` entry point
    is not picked up by an isolated PEP 517 build (the wheel came out without catalogs), and because
    its compilemessages would walk a developer's ``.venv`` too."""

    def run(self):
        for po_file in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
            subprocess.run(["msgfmt", "--check-format", "-o", str(po_file.with_suffix(".mo")), str(po_file)],
                           check=True)
        super().run()


# All metadata lives in pyproject.toml.
setup(cmdclass={"build": BuildWithCatalogs})
