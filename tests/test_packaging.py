"""The built wheel carries the rule pages, so `neveragain explain` works from a
plain (non-editable) install.

The wheel is built offline from a copy of the project (no build isolation, so
the test extra's setuptools is used) and run from its unpacked files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from flake8_neveragain.rules.registry import RULES

REPO = Path(__file__).resolve().parent.parent


def _setuptools_can_build() -> bool:
    try:
        return int(version("setuptools").split(".")[0]) >= 77
    except (PackageNotFoundError, ValueError):
        return False


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory) -> Path:
    if not _setuptools_can_build():
        pytest.skip("setuptools>=77 (in the test extra) is needed to build the wheel offline")
    work = tmp_path_factory.mktemp("packaging")
    project = work / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, project / name)
    shutil.copytree(
        REPO / "src", project / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(work / "dist"), str(project)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (wheel,) = (work / "dist").glob("flake8_neveragain-*.whl")
    target = work / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_wheel_contains_every_rule_page(unpacked_wheel):
    pages = unpacked_wheel / "flake8_neveragain" / "rules_docs"
    for rule in RULES:
        assert (pages / f"{rule.code}.md").is_file(), f"{rule.code}.md is not in the wheel"
    assert (unpacked_wheel / "flake8_neveragain" / "classify" / "lexicon.toml").is_file()


def test_explain_reads_the_pages_from_the_installed_files(unpacked_wheel):
    script = (
        "import sys, argparse\n"
        f"sys.path.insert(0, {str(unpacked_wheel)!r})\n"
        "import flake8_neveragain\n"
        f"assert flake8_neveragain.__file__.startswith({str(unpacked_wheel)!r}), flake8_neveragain.__file__\n"
        "from flake8_neveragain.cli import explain\n"
        "sys.exit(explain.run_explain(argparse.Namespace(code='NEV102')))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("NEV102: religion or belief\n")
