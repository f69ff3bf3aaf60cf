"""The real pre-commit runs the `neveragain` hook from this checkout.

pre-commit installs a hook repository from a git commit, so the test copies
the working tree (committed or not) into a temporary repository and commits
it there; the checkout's own git state is never touched. pre-commit then
builds the hook's virtualenv with pip, which needs PyPI for the
dependencies. Deselect with `-m "not precommit"`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.precommit

GIT_ENV = {
    "GIT_AUTHOR_NAME": "neveragain tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "neveragain tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
SENSITIVE = """\
from django.db import models


class Person(models.Model):
    name = models.CharField(max_length=100)
    religion = models.CharField(max_length=20)
"""
CLEAN = """\
from django.db import models


class Person(models.Model):
    name = models.CharField(max_length=100)
    shipping_country = models.CharField(max_length=2)
"""
# Files pip needs to build the package when the checkout is not a git repository.
FALLBACK_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "src")
OFFLINE_SIGNS = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
                 "No matching distribution found")


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    completed = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def _working_tree_files() -> list[str]:
    """Tracked and untracked-but-not-ignored files: what a commit of the work tree would hold."""
    if (REPO / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO, capture_output=True, timeout=60,
        )
        if listed.returncode == 0:
            return [name for name in listed.stdout.decode().split("\0") if name and (REPO / name).is_file()]
    return [str(p.relative_to(REPO)) for name in FALLBACK_FILES for p in
            ([REPO / name] if (REPO / name).is_file() else sorted((REPO / name).rglob("*")))
            if p.is_file() and "__pycache__" not in p.parts]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str, dict[str, str]]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home"))}
    env.pop("PYTHONWARNINGS", None)
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in _working_tree_files():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    _git("init", "-q", cwd=repo, env=env)
    _git("add", "-A", cwd=repo, env=env)
    _git("commit", "-q", "-m", "snapshot of the working tree", cwd=repo, env=env)
    return repo, _git("rev-parse", "HEAD", cwd=repo, env=env).strip(), env


def _project(tmp_path: Path, hook_repo: tuple[Path, str, dict[str, str]]) -> tuple[Path, dict[str, str]]:
    repo, rev, env = hook_repo
    project = tmp_path / "project"
    project.mkdir()
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: neveragain\n",
        encoding="utf-8",
    )
    _git("init", "-q", cwd=project, env=env)
    return project, env


def _run(project: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess:
    _git("add", "-A", cwd=project, env=env)
    completed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--files", *files],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    output = completed.stdout + completed.stderr
    if completed.returncode == 3 and any(sign in output for sign in OFFLINE_SIGNS):
        pytest.skip("pre-commit could not reach PyPI to install the hook's dependencies")
    return completed


def test_hook_fails_on_a_new_sensitive_field_and_passes_on_clean_code(tmp_path, hook_repo):
    project, env = _project(tmp_path, hook_repo)
    (project / "models.py").write_text(SENSITIVE, encoding="utf-8")
    (project / "schema.sql").write_text("CREATE TABLE person (id int, nationality text);\n", encoding="utf-8")
    failing = _run(project, env, "models.py", "schema.sql")
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert "models.py:6:5: NEV102" in output
    assert re.search(r"schema.sql:1:\d+: NEV103", output), output
    assert "neveragain" in output and "Failed" in output

    (project / "models.py").write_text(CLEAN, encoding="utf-8")
    (project / "schema.sql").write_text("CREATE TABLE person (id int, shipping_country text);\n", encoding="utf-8")
    passing = _run(project, env, "models.py", "schema.sql")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
