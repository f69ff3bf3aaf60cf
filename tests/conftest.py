"""Shared helpers: run the real CLI and the real flake8 in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "casework"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONWARNINGS", None)
    return env


@pytest.fixture
def run_cli():
    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flake8_neveragain", *args],
            cwd=cwd or REPO, capture_output=True, text=True, env=_env(), timeout=300,
        )

    return run


@pytest.fixture
def run_json(run_cli):
    def run(*args: str, cwd: Path | None = None) -> tuple[int, dict]:
        completed = run_cli("check", "--format", "json", *args, cwd=cwd)
        assert "Traceback" not in completed.stderr, completed.stderr
        return completed.returncode, json.loads(completed.stdout)

    return run


@pytest.fixture
def run_flake8():
    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flake8", *args],
            cwd=cwd, capture_output=True, text=True, env=_env(), timeout=300,
        )

    return run


@pytest.fixture
def run_main(monkeypatch, capsys):
    """The CLI's main() in this process: for the many small cases a subprocess each would slow down."""
    from flake8_neveragain.cli import main

    def run(*args: str, cwd: Path) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        status = main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return run
