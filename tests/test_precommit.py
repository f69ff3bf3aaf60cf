"""The real pre-commit runs the `neveragain` hook from this checkout.

Two ways in. Most tests commit through a `repo: local` hook made from the
manifest (`.pre-commit-hooks.yaml`): its entry and file filters, run as
`language: system`, so pre-commit picks the files the published hook would
and the `neveragain` of this environment checks them, with no network.

The last test installs the hook as users do: pre-commit installs a hook
repository from a git commit, so it copies the working tree (committed or
not) into a temporary repository and commits it there; the checkout's own
git state is never touched. pre-commit then builds the hook's virtualenv
with pip, which needs PyPI for the dependencies. Deselect it with
`-m "not precommit"`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from flake8_neveragain.rules.registry import NEV101, NEV102

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


# What a blocked commit's output ends with, for the first code reported.
REVIEW_HINT = ('neveragain: to record a review, add "# noqa: {code} -- reviewed: <why>" to the reported line '
               '("-- noqa: ..." in SQL), or run "neveragain review --add-noqa"')
FINDING = re.compile(r"^(\S+):\d+:\d+: (NEV\d{3}) ", re.MULTILINE)


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


# -- the published hook's filter and command, committed through git, offline ---------------


def _manifest_as_local_hook() -> str:
    """The manifest's command and file filters as a `repo: local` hook that runs this environment's `neveragain`.

    `verbose` shows the checker's summary on a commit that passes too, so a
    test can see how many files it counted.
    """
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    keys = ("id", "name", "entry", "files", "exclude", "types", "types_or", "exclude_types", "require_serial")
    local = {**{key: hook[key] for key in keys}, "language": "system", "verbose": True}
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}, sort_keys=False)


class Committer:
    """A git repository with the hook installed by `pre-commit install`: `commit()` is a user's `git commit -a`."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env = root, env

    def write(self, name: str, text: str, *, executable: bool = False) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        path.chmod(0o755 if executable else 0o644)

    def commit(self) -> tuple[bool, str]:
        """(whether the commit went in, what the hook printed)."""
        _git("add", "-A", cwd=self.root, env=self.env)
        completed = subprocess.run(["git", "commit", "-q", "-m", "change"], cwd=self.root, env=self.env,
                                   capture_output=True, text=True, timeout=300)
        output = completed.stdout + completed.stderr
        assert "Traceback" not in output, output
        return completed.returncode == 0, output


@pytest.fixture
def committer(tmp_path) -> Committer:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {
        **os.environ, **GIT_ENV,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",  # this venv's neveragain
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    env.pop("PYTHONWARNINGS", None)
    root = tmp_path / "project"
    root.mkdir()
    (root / ".pre-commit-config.yaml").write_text(_manifest_as_local_hook(), encoding="utf-8")
    _git("init", "-q", cwd=root, env=env)
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=root, env=env,
                               capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return Committer(root, env)


def _reported(output: str) -> list[tuple[str, str]]:
    """(path, code) of each finding line in the hook's output."""
    return FINDING.findall(output)


def test_a_ddl_file_blocks_the_commit_and_the_output_ends_with_how_to_record_a_review(committer):
    committer.write("db/schema.ddl", "CREATE TABLE person (\n    id int,\n    religion text\n);\n")
    committed, output = committer.commit()
    assert not committed, output
    assert _reported(output) == [("db/schema.ddl", NEV102)]
    notes = [line for line in output.splitlines() if line.startswith("neveragain:")]
    assert notes[-1] == REVIEW_HINT.format(code=NEV102), output
    # Must-not: the same file without the column goes in, and nothing tells the user to review.
    committer.write("db/schema.ddl", "CREATE TABLE person (\n    id int,\n    shipping_country text\n);\n")
    committed, output = committer.commit()
    assert committed, output
    assert "neveragain: 0 findings in 1 file checked" in output
    assert "to record a review" not in output


def test_a_configured_sql_extension_blocks_the_commit(committer):
    # Must-not first: without the setting a .pgsql file is not SQL to the checker, so it is skipped.
    committer.write("db/x.pgsql", "CREATE TABLE person (id int, ethnicity text);\n")
    committed, output = committer.commit()
    assert committed, output
    assert "neveragain: 0 findings in 0 files checked" in output
    committer.write("pyproject.toml", '[tool.neveragain]\nsql-extensions = [".pgsql"]\n')
    committer.write("db/x.pgsql", "CREATE TABLE person (id int, ethnicity text, religion text);\n")
    committed, output = committer.commit()
    assert not committed, output
    assert _reported(output) == [("db/x.pgsql", NEV101), ("db/x.pgsql", NEV102)]
    assert [line for line in output.splitlines() if line.startswith("neveragain:")][-1] == \
        REVIEW_HINT.format(code=NEV101)


def test_documents_and_config_files_that_mention_religion_do_not_block(committer):
    committer.write("README.md", "```python\nclass Person(models.Model):\n    religion = models.CharField()\n```\n")
    committer.write("deploy.yaml", "columns:\n  religion: text\n")
    committer.write("notes.txt", "CREATE TABLE person (id int, religion text);\n")
    committer.write("app/models.py", CLEAN)
    committed, output = committer.commit()
    assert committed, output
    # The hook ran and counted the Python file only: the others are neither checked nor errors.
    assert "neveragain: 0 findings in 1 file checked" in output
    assert _reported(output) == [] and "error" not in output.lower()


def test_a_python_script_without_a_suffix_is_checked_by_its_shebang(committer):
    committer.write("bin/people", "#!/usr/bin/env python3\n" + SENSITIVE, executable=True)
    # Must-not: a shell script without a suffix, even one that feeds Python to python3, is not Python.
    committer.write("bin/setup-db", "#!/bin/sh\npython3 - <<'EOF'\n" + SENSITIVE + "EOF\n", executable=True)
    committed, output = committer.commit()
    assert not committed, output
    assert "bin/people:7:5: " + NEV102 in output
    assert _reported(output) == [("bin/people", NEV102)]
    assert "bin/setup-db" not in output


def test_configured_excludes_apply_to_the_files_pre_commit_names(committer):
    committer.write("pyproject.toml", '[tool.neveragain]\nextend-exclude = ["legacy/"]\n')
    committer.write("legacy/m.py", SENSITIVE)
    committed, output = committer.commit()
    assert committed, output
    assert "neveragain: 0 findings in 0 files checked" in output
    # Must-not: in the same commit, a file outside the exclude is still checked.
    committer.write("legacy/m.py", SENSITIVE + "    ethnicity = models.CharField(max_length=20)\n")
    committer.write("app/m.py", SENSITIVE)
    committed, output = committer.commit()
    assert not committed, output
    assert _reported(output) == [("app/m.py", NEV102)]


@pytest.mark.precommit
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
