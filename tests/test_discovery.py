"""File discovery: sorted, skips what it should, reports what it cannot read."""

from dataclasses import replace
from pathlib import Path

from flake8_neveragain.cli import discovery
from flake8_neveragain.config.projects import Projects


def discover(paths, excludes=()):
    """Discovery with no configuration file, these excludes and git's ignores left out of it."""
    projects = Projects(lambda s: replace(s, exclude=tuple(excludes)), isolated=True)
    targets, errors, _ = discovery.discover(paths, projects)
    return targets, errors


def test_unlistable_directory_is_an_error_and_the_walk_goes_on(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "models.py").write_text("x = 1\n")
    real_scandir = discovery.os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    targets, errors = discover(["."], ())
    assert [t.display for t in targets] == ["open/models.py"]
    assert [(e.path, e.message) for e in errors] == [("locked", "cannot list directory: Permission denied")]


def test_targets_are_sorted_and_unique(tmp_path, monkeypatch):
    for name in ("b.py", "a.py", "c.txt"):
        (tmp_path / name).write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    targets, errors = discover([".", "a.py"], ())
    assert [t.display for t in targets] == ["a.py", "b.py"]
    assert errors == []


def test_an_exclude_ending_in_a_slash_skips_folders_of_that_name_at_any_depth(tmp_path, monkeypatch):
    for folder in ("migrations", "app/migrations", "app/models"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "x.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "app" / "migrations.py").write_text("x = 1\n", encoding="utf-8")  # a file, not a folder
    monkeypatch.chdir(tmp_path)
    targets, errors = discover(["."], ["migrations/"])
    assert errors == []
    assert [t.display for t in targets] == ["app/migrations.py", "app/models/x.py"]
    # Without the slash the pattern is a name: the file app/migrations.py goes too.
    targets, _ = discover(["."], ["migrations*"])
    assert [t.display for t in targets] == ["app/models/x.py"]


def test_a_configured_folder_exclude_with_a_slash_works_through_the_cli(run_cli, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.neveragain]\nextend-exclude = ["migrations/"]\n', encoding="utf-8")
    model = "from django.db import models\n\n\nclass P(models.Model):\n    religion = models.CharField()\n"
    for folder in ("app/migrations", "app"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "models.py").write_text(model, encoding="utf-8")
    completed = run_cli("check", ".", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    assert [line.split(":", 1)[0] for line in completed.stdout.splitlines()] == ["app/models.py"]
