"""The hook manifest, the example CI files and the flake8 formatter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

CI_EXAMPLES = {
    "github-actions.yml": "vendor.github-workflows",
    "gitlab-ci.yml": "vendor.gitlab-ci",
}


def test_pre_commit_manifest_is_valid_and_runs_the_cli():
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert hook["id"] == "neveragain"
    # ruff's hook spelling: the project's excludes apply to the files pre-commit names.
    assert hook["entry"] == "neveragain check --force-exclude"
    assert hook["language"] == "python"
    # Every text file: the checker, which reads `sql-extensions`, picks what it checks.
    assert hook["types"] == ["text"] and hook["types_or"] == []
    assert hook["require_serial"] is True


@pytest.mark.parametrize("name", CI_EXAMPLES)
def test_ci_examples_parse_and_use_the_formats(name):
    document = yaml.safe_load((REPO / "docs" / "ci" / name).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    text = (REPO / "docs" / "ci" / name).read_text(encoding="utf-8")
    if name.startswith("github"):
        assert "--format github" in text and "--format sarif" in text and "upload-sarif" in text
        assert document["jobs"]["code-scanning"]["permissions"]["security-events"] == "write"
    else:
        assert document["neveragain"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
        assert "--format gitlab --output gl-code-quality-report.json" in text


def test_ci_examples_match_the_vendored_schemas():
    """check-jsonschema ships the GitHub and GitLab schemas, so this needs no network."""
    executable = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which(
        "check-jsonschema")
    if executable is None:
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    for name, schema in CI_EXAMPLES.items():
        completed = subprocess.run(
            [executable, "--builtin-schema", schema, str(REPO / "docs" / "ci" / name)],
            capture_output=True, text=True, timeout=120,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr


def test_docs_mention_every_route():
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    for needle in ("id: neveragain", "- flake8-neveragain @ git+https://github.com/flake8-neveragain/flake8-neveragain@", "--format sarif",
                   "--format gitlab", "neveragain baseline --check", "--require-reason", "review --add-noqa",
                   "-- reviewed:", "neveragain-github"):
        assert needle in text, needle


def test_flake8_github_formatter(run_flake8, tmp_path):
    odd = tmp_path / "a,b:c 100%"
    odd.mkdir()
    (odd / "models.py").write_text("class A(models.Model):\n    religion = models.CharField()\n", encoding="utf-8")
    completed = run_flake8("--isolated", "--select", "NEV,F821", "--format", "neveragain-github", ".", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[0] == "::warning file=a%2Cb%3Ac 100%25/models.py,line=1,col=9,title=F821::undefined name 'models'"
    # The code once, as the title (as `neveragain check --format github` writes it), not again in the text.
    assert lines[1].startswith("::warning file=a%2Cb%3Ac 100%25/models.py,line=2,col=5,title=NEV102::Django model field")
    assert lines[-1] == "flake8: 3 violations"
