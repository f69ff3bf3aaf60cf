"""The built wheel carries the rule pages, so `neveragain explain` works from a
plain (non-editable) install, and the license text and project URLs, so an
installed copy says where it comes from and on what terms.

The wheel is built offline from a copy of the project (no build isolation, so
the test extra's setuptools is used) and run from its unpacked files.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from email.message import Message
from email.parser import HeaderParser
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from flake8_neveragain.rules.registry import NEV102, RULES

REPO = Path(__file__).resolve().parent.parent
HOME = "https://github.com/flake8-neveragain/flake8-neveragain"


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
    for name in ("pyproject.toml", "README.md", "LICENSE"):
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


def _dist_info(unpacked: Path) -> Path:
    (dist_info,) = unpacked.glob("flake8_neveragain-*.dist-info")
    return dist_info


def _metadata(unpacked: Path) -> Message:
    return HeaderParser().parsestr((_dist_info(unpacked) / "METADATA").read_text(encoding="utf-8"))


def test_wheel_carries_the_license_text(unpacked_wheel):
    license_text = (REPO / "LICENSE").read_text(encoding="utf-8")
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    assert declared == "MIT" and license_text.startswith("MIT License\n")
    assert "Copyright (c) 2026 the flake8-neveragain contributors" in license_text
    # PEP 639: the text sits in the dist-info's licenses/ folder, named in METADATA.
    assert (_dist_info(unpacked_wheel) / "licenses" / "LICENSE").read_text(encoding="utf-8") == license_text
    metadata = _metadata(unpacked_wheel)
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    # Only there: not copied into the import package or beside it.
    copies = [path.relative_to(unpacked_wheel).as_posix() for path in unpacked_wheel.rglob("LICENSE*")]
    assert copies == [f"{_dist_info(unpacked_wheel).name}/licenses/LICENSE"]


def test_wheel_metadata_lists_the_project_urls(unpacked_wheel):
    urls = _metadata(unpacked_wheel).get_all("Project-URL")
    # Exactly these: pip show, PyPI and the docs name them; a stray or misspelt label would show too.
    assert sorted(urls) == sorted([
        f"Homepage, {HOME}",
        f"Documentation, {HOME}/tree/main/docs",
        f"Source, {HOME}",
        f"Issues, {HOME}/issues",
    ])
    # The rule pages findings link to live in the same repository.
    from flake8_neveragain.config.settings import DEFAULT_DOCS_URL

    assert DEFAULT_DOCS_URL.startswith(HOME + "/")


INSTALL_DOCUMENTS = ("README.md", "docs/index.md", "docs/ci.md", "docs/ci/github-actions.yml", "docs/ci/gitlab-ci.yml")


@pytest.mark.parametrize("name", INSTALL_DOCUMENTS)
def test_install_lines_work_without_pypi(name):
    """The package is not on PyPI and has no release tag yet: no document may say otherwise."""
    text = (REPO / name).read_text(encoding="utf-8")
    # A bare requirement would ask PyPI, where the name is not published.
    assert not re.search(r"pip install (-U )?flake8-neveragain\b", text), name
    assert not re.search(r"additional_dependencies: \[[^]]*\bflake8-neveragain\b", text), name
    # A tag that does not exist: pre-commit could not clone it.
    assert not re.search(r"rev: v\d", text), name
    # What does work: the archive of a commit, or a git URL at a commit.
    for requirement in re.findall(r"flake8-neveragain @ (\S+?)[\"\s]", text):
        assert requirement in (f"{HOME}/archive/<commit>.tar.gz", f"git+{HOME}@<commit>"), requirement


@pytest.mark.parametrize("name", ["README.md", "docs/index.md"])
def test_install_sections_name_the_clone_and_the_wheel(name):
    text = (REPO / name).read_text(encoding="utf-8")
    assert "is not on PyPI yet" in text
    for line in (f"git clone {HOME}", "python -m pip install .", "python -m pip wheel . --no-deps -w dist",
                 "python -m pip install dist/flake8_neveragain-*.whl"):
        assert line in text, line


def test_readme_keeps_the_command_ci_runs():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert ("<!-- test-command -->\n```sh\npython3 -m venv .venv && . .venv/bin/activate && "
            "python -m pip install -e '.[test]' && mypy && ruff check && python -m pytest\n```") in text


def _pre_commit_configs(name: str = "README.md") -> list[str]:
    """A document's `.pre-commit-config.yaml` snippets, in order."""
    text = (REPO / name).read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    return [block for block in blocks if re.search(r"^repos:$", block, re.MULTILINE)]


def _local_hook_config(name: str) -> str:
    (local,) = [block for block in _pre_commit_configs(name) if "- repo: local" in block]
    return local


def _load_pre_commit_config(text: str, tmp_path: Path) -> dict:
    from pre_commit.clientlib import load_config

    path = tmp_path / ".pre-commit-config.yaml"
    # A commit hash in place of the placeholder: pre-commit warns about a `rev:` that looks like a branch.
    path.write_text(text.replace("<commit>", "deadbeef" * 5), encoding="utf-8")
    return load_config(str(path))


def test_readme_pre_commit_snippets_are_configs_pre_commit_accepts(tmp_path):
    from pre_commit.clientlib import InvalidConfigError

    (remote,) = [block for block in _pre_commit_configs() if f"- repo: {HOME}" in block]
    local = _local_hook_config("README.md")
    ours, flake8 = _load_pre_commit_config(remote, tmp_path)["repos"]
    assert ours["repo"] == HOME and [hook["id"] for hook in ours["hooks"]] == ["neveragain"]
    # flake8's hook environment gets the plugin from the repository (a pip direct reference), not PyPI.
    (requirement,) = flake8["hooks"][0]["additional_dependencies"]
    assert requirement.startswith(f"flake8-neveragain @ git+{HOME}@")
    assert _load_pre_commit_config(local, tmp_path)["repos"][0]["repo"] == "local"
    # The check can fail: pre-commit rejects a hook repository without `rev:`.
    with pytest.raises(InvalidConfigError):
        _load_pre_commit_config(re.sub(r"^    rev: .*\n", "", remote, count=1, flags=re.MULTILINE), tmp_path)


@pytest.mark.parametrize("name", ["README.md", "docs/ci.md"])
def test_local_hook_runs_what_the_published_hook_runs(tmp_path, name):
    """The local hook copies the manifest's command and file filter, so both check the same files."""
    from pre_commit.clientlib import load_manifest

    (published,) = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    (local,) = _load_pre_commit_config(_local_hook_config(name), tmp_path)["repos"][0]["hooks"]
    # Runs the `neveragain` already installed. pre-commit 4.4 renamed `system` to
    # `unsupported` and still reads the old name, which older versions need.
    assert "        language: system\n" in _local_hook_config(name)
    assert local["language"] in ("system", "unsupported")
    for key in ("id", "entry", "types", "types_or", "files", "exclude", "require_serial"):
        assert local[key] == published[key], key


def test_readme_local_hook_blocks_a_commit_with_the_installed_command(tmp_path):
    """The real pre-commit runs the README's local hook: no network, the `neveragain` on the PATH."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = tmp_path / "project"
    project.mkdir()
    (project / ".pre-commit-config.yaml").write_text(_local_hook_config("README.md"), encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",  # this venv's neveragain
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
    }
    env.pop("PYTHONWARNINGS", None)

    def run(name: str, source: str) -> subprocess.CompletedProcess:
        (project / name).write_text(source, encoding="utf-8")
        for git in (["init", "-q"], ["add", "-A"]):
            subprocess.run(["git", *git], cwd=project, env=env, check=True, capture_output=True, timeout=60)
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--files", name],
            cwd=project, env=env, capture_output=True, text=True, timeout=300,
        )

    blocked = run("models.py", "class Person(models.Model):\n    religion = models.CharField()\n")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert f"models.py:2:5: {NEV102} " in blocked.stdout and "Failed" in blocked.stdout
    passed = run("models.py", "class Person(models.Model):\n    shipping_country = models.CharField()\n")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
