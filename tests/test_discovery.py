"""File discovery: sorted, skips what it should, reports what it cannot read."""

from pathlib import Path

from flake8_neveragain.cli import discovery


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
    targets, errors = discovery.discover(["."], ())
    assert [t.display for t in targets] == ["open/models.py"]
    assert [(e.path, e.message) for e in errors] == [("locked", "cannot list directory: Permission denied")]


def test_targets_are_sorted_and_unique(tmp_path, monkeypatch):
    for name in ("b.py", "a.py", "c.txt"):
        (tmp_path / name).write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    targets, errors = discovery.discover([".", "a.py"], ())
    assert [t.display for t in targets] == ["a.py", "b.py"]
    assert errors == []
