"""Shared fixtures: run the real CLI and the real flake8 in subprocesses.

Plain functions a test calls directly (findings, facts, positions) are in helpers.py.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
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
    from flake8_neveragain.cli.main import main

    def run(*args: str, cwd: Path) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        status = main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return run


# Root's capabilities that override file permissions. CI runs as root, where a
# chmod 0 folder is still readable; without these (dropped from the bounding
# set, so the exec'd process never has them) root owns its files but obeys
# their mode bits like anyone else.
DAC_OVERRIDES = "-dac_override,-dac_read_search"


def unprivileged(command: list[str]) -> list[str]:
    """`command` run as a normal user sees permissions (as root: through setpriv).

    Never a skip: a permission test that silently does not run as root is the
    defect it was written against (issue 11). Where privileges cannot be
    dropped, the test fails and says why.
    """
    if os.geteuid() != 0:
        return command
    prefix, problem = _drop_overrides()
    if problem:
        pytest.fail(problem)
    return [*prefix, *command]


@functools.cache
def _drop_overrides() -> tuple[list[str], str]:
    """(setpriv prefix, "" or why it does not work here), checked once on a real chmod 0 folder."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return [], "running as root without setpriv (util-linux): cannot drop root's permission override"
    prefix = [setpriv, f"--bounding-set={DAC_OVERRIDES}"]
    with tempfile.TemporaryDirectory() as scratch:
        sealed = Path(scratch) / "sealed"
        sealed.mkdir(mode=0)
        probe = subprocess.run([*prefix, "ls", str(sealed)], capture_output=True, text=True)
        sealed.chmod(0o700)
    if probe.returncode == 0 or "ermission denied" not in probe.stderr:
        return [], f"setpriv does not make root obey file permissions here (needs CAP_SETPCAP): {probe.stderr}"
    return prefix, ""


@pytest.fixture
def run_cli_unprivileged() -> Callable[..., subprocess.CompletedProcess]:
    """The real CLI in a subprocess that cannot override file permissions, even as root."""

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            unprivileged([sys.executable, "-m", "flake8_neveragain", *args]),
            cwd=cwd, capture_output=True, text=True, env=_env(), timeout=300,
        )

    return run
