from setuptools import setup

# All metadata lives in pyproject.toml; this shim keeps `python setup.py ...` tooling working.
setup()
