"""Baselines through the real CLI: record today's findings, report only new ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flake8_neveragain.cli.main import main
from flake8_neveragain.config.settings import ConfigError
from flake8_neveragain.review.baseline import Baseline, Key, Scope, dumps, load

MODELS = (
    "from django.db import models\n\n\n"
    "class Person(models.Model):\n"
    "    name = models.CharField(max_length=100)\n"
    "    religion = models.CharField(max_length=20)\n"
    "    nationality = models.CharField(max_length=20)\n"
)
SQL = "CREATE TABLE member (\n  id int,\n  ethnicity text\n);\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text(MODELS, encoding="utf-8")
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "schema.sql").write_text(SQL, encoding="utf-8")
    return tmp_path


def test_baseline_file_is_deterministic_sorted_and_relative(run_cli, project):
    completed = run_cli("baseline", "--isolated", cwd=project)
    assert completed.returncode == 0, completed.stderr
    assert "recorded 3 findings in .neveragain-baseline.json" in completed.stderr
    written = (project / ".neveragain-baseline.json").read_text(encoding="utf-8")
    assert written == (
        '{\n  "version": 1,\n  "entries": [\n'
        '    {\n      "path": "app/models.py",\n      "code": "NEV102",\n'
        '      "symbol": "Person.religion",\n      "source": "django-model"\n    },\n'
        '    {\n      "path": "app/models.py",\n      "code": "NEV103",\n'
        '      "symbol": "Person.nationality",\n      "source": "django-model"\n    },\n'
        '    {\n      "path": "db/schema.sql",\n      "code": "NEV101",\n'
        '      "symbol": "member.ethnicity",\n      "source": "sql-ddl"\n    }\n  ]\n}\n'
    )
    assert str(project) not in written
    run_cli("baseline", "--isolated", "--jobs", "2", cwd=project)
    assert (project / ".neveragain-baseline.json").read_text(encoding="utf-8") == written


def test_check_reports_only_new_findings_and_ignores_line_moves(run_cli, run_json, project):
    run_cli("baseline", "--isolated", cwd=project)
    status, report = run_json("--isolated", cwd=project)
    assert (status, report["findings"]) == (0, [])
    assert report["baseline"] == {"path": ".neveragain-baseline.json", "matched": 3, "stale": 0}

    # Lines move, a new field arrives, one is renamed.
    moved = MODELS.replace("class Person", "# a comment\n\n\nclass Person")
    moved = moved.replace("nationality =", "citizenship =")
    moved += "    caste = models.CharField(max_length=20)\n"
    (project / "app" / "models.py").write_text(moved, encoding="utf-8")
    status, report = run_json("--isolated", cwd=project)
    assert status == 1
    assert [f["symbol"] for f in report["findings"]] == ["Person.citizenship", "Person.caste"]
    assert report["baseline"] == {"path": ".neveragain-baseline.json", "matched": 2, "stale": 1}

    text = run_cli("check", "--isolated", cwd=project)
    assert "2 findings in 2 files checked, 2 more known in .neveragain-baseline.json" in text.stderr
    assert "1 entry is in .neveragain-baseline.json but no longer found" in text.stderr

    everything = run_json("--isolated", "--no-baseline", cwd=project)[1]
    assert len(everything["findings"]) == 4 and everything["baseline"] is None


def test_baseline_check_lists_stale_entries_and_prune_removes_them(run_cli, run_main, project):
    run_main("baseline", "--isolated", cwd=project)
    clean = run_cli("baseline", "--isolated", "--check", cwd=project)
    assert (clean.returncode, clean.stdout) == (0, "")
    assert "0 stale entries" in clean.stderr

    (project / "db" / "schema.sql").unlink()
    (project / "app" / "models.py").write_text(MODELS.replace("    religion = models.CharField(max_length=20)\n", "")
                                               + "    caste = models.CharField(max_length=9)\n", encoding="utf-8")
    stale = run_cli("baseline", "--isolated", "--check", cwd=project)
    assert stale.returncode == 1
    assert stale.stdout == (
        "app/models.py: NEV102 Person.religion (django-model): in the baseline but no longer found\n"
        "db/schema.sql: NEV101 member.ethnicity (sql-ddl): in the baseline but no longer found\n"
    )
    status, _, err = run_main("baseline", "--isolated", "--prune", cwd=project)
    assert status == 0, err
    assert "removed 2 stale entries from .neveragain-baseline.json, 1 remain" in err
    entries = json.loads((project / ".neveragain-baseline.json").read_text())["entries"]
    # Pruning never adds: the new Person.caste is not recorded.
    assert [e["symbol"] for e in entries] == ["Person.nationality"]
    assert run_main("baseline", "--isolated", "--check", cwd=project)[0] == 0


def test_checking_some_files_judges_only_their_entries(run_main, project):
    run_main("baseline", "--isolated", cwd=project)
    status, out, _ = run_main("check", "--isolated", "--format", "json", "app/models.py", cwd=project)
    assert status == 0 and json.loads(out)["baseline"]["stale"] == 0
    # Re-recording one folder keeps the other folder's entries.
    (project / "app" / "models.py").write_text(MODELS + "    caste = models.CharField(max_length=9)\n", encoding="utf-8")
    run_main("baseline", "--isolated", "app", cwd=project)
    entries = json.loads((project / ".neveragain-baseline.json").read_text())["entries"]
    assert [e["symbol"] for e in entries] == ["Person.caste", "Person.religion", "Person.nationality",
                                              "member.ethnicity"]


def test_duplicate_content_is_counted(run_main, tmp_path):
    two = "class A(models.Model):\n    religion = models.CharField()\n\n\nclass A(models.Model):\n    religion = models.CharField()\n"
    (tmp_path / "m.py").write_text(two, encoding="utf-8")
    run_main("baseline", "--isolated", cwd=tmp_path)
    document = json.loads((tmp_path / ".neveragain-baseline.json").read_text())
    assert document["entries"] == [{"path": "m.py", "code": "NEV102", "symbol": "A.religion",
                                    "source": "django-model", "count": 2}]
    (tmp_path / "m.py").write_text(two + "\n\nclass A(models.Model):\n    religion = models.CharField()\n")
    status, out, _ = run_main("check", "--isolated", "--format", "json", cwd=tmp_path)
    assert status == 1 and [f["line"] for f in json.loads(out)["findings"]] == [10]  # the third one is new


def test_baseline_path_from_option_and_config(run_main, project):
    status, _, err = run_main("baseline", "--isolated", "--baseline", "ci/known.json", cwd=project)
    assert status == 2 and "no such directory" in err  # no such folder yet
    (project / "ci").mkdir()
    assert run_main("baseline", "--isolated", "--baseline", "ci/known.json", cwd=project)[0] == 0
    assert (project / "ci" / "known.json").is_file() and not (project / ".neveragain-baseline.json").exists()
    assert run_main("check", "--isolated", cwd=project)[0] == 1  # the default file does not exist
    assert run_main("check", "--isolated", "--baseline", "ci/known.json", cwd=project)[0] == 0
    (project / "pyproject.toml").write_text('[tool.neveragain]\nbaseline = "ci/known.json"\n', encoding="utf-8")
    status, out, _ = run_main("check", "--format", "json", cwd=project)
    assert status == 0 and json.loads(out)["baseline"]["path"] == "ci/known.json"
    # From a subfolder, the configured path is still found relative to pyproject.toml.
    status, out, _ = run_main("check", "--format", "json", ".", cwd=project / "app")
    assert json.loads(out)["baseline"]["path"] == str(project / "ci" / "known.json")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "not valid JSON at line 1, column 2"),
        ('{"version": 2, "entries": []}', "unsupported version 2"),
        ('{"entries": []}', "unsupported version None"),
        ('{"version": 1}', '"entries" must be a list'),
        ('{"version": 1, "entries": [], "extra": 1}', "unknown key 'extra'"),
        ('[1, 2]', "expected a JSON object"),
        ('{"version": 1, "entries": [{"path": "a.py", "code": "NEV102", "symbol": "A.b"}]}',
         "entry 1: 'source' must be a non-empty string"),
        ('{"version": 1, "entries": [{"path": "/abs/a.py", "code": "NEV102", "symbol": "A.b", "source": "x"}]}',
         "must be relative"),
        ('{"version": 1, "entries": [{"path": "a.py", "code": "NEV102", "symbol": "A.b", "source": "x", "count": 0}]}',
         '"count" must be a whole number'),
        ('{"version": 1, "entries": [{"path": "a.py", "code": "NEV102", "symbol": "A.b", "source": "x", "line": 3}]}',
         "unknown key 'line'"),
    ],
)
def test_corrupt_or_hand_edited_baseline_is_a_one_line_usage_error(project, content, fragment, capsys, monkeypatch):
    (project / ".neveragain-baseline.json").write_text(content, encoding="utf-8")
    monkeypatch.chdir(project)
    for args in (["check", "--isolated"], ["baseline", "--isolated", "--check"], ["baseline", "--isolated"]):
        status = main(args)
        out, err = capsys.readouterr()
        assert status == 2, err
        assert err.count("\n") == 1
        assert err.startswith("neveragain: error: baseline .neveragain-baseline.json: ")
        assert fragment in err
        assert out == ""
    assert (project / ".neveragain-baseline.json").read_text(encoding="utf-8") == content  # never overwritten


def test_corrupt_baseline_through_the_real_cli(run_cli, project):
    (project / ".neveragain-baseline.json").write_text('{"version": 1, "entries": [3]}', encoding="utf-8")
    completed = run_cli("check", "--isolated", "--format", "sarif", "--output", "out.sarif", cwd=project)
    assert completed.returncode == 2
    assert completed.stderr == "neveragain: error: baseline .neveragain-baseline.json: entry 1: expected an object\n"
    assert completed.stdout == "" and not (project / "out.sarif").exists()


def test_explicit_missing_baseline_is_an_error(run_main, project):
    status, _, err = run_main("check", "--isolated", "--baseline", "nope.json", cwd=project)
    assert status == 2
    assert "nope.json: no such file" in err
    assert run_main("baseline", "--isolated", "--check", cwd=project)[0] == 2


def test_baseline_refuses_files_outside_the_current_directory(run_main, project):
    status, _, err = run_main("baseline", "--isolated", str(project / "app"), cwd=project / "db")
    assert status == 2
    assert "outside the current directory" in err
    assert not (project / "db" / ".neveragain-baseline.json").exists()


def test_unit_split_and_stale():
    key = Key("a.py", "NEV102", "A.b", "django-model")
    baseline = Baseline("b.json", __import__("collections").Counter({key: 1}))
    assert Scope(frozenset({"a.py"}), ()).covers("a.py")
    assert Scope(frozenset(), ("app",)).covers("app/x.py") and not Scope(frozenset(), ("app",)).covers("apple.py")
    assert Scope(frozenset(), (".",)).covers("anything.py")
    assert baseline.stale([], Scope(frozenset(), ("other",))) == {}
    assert baseline.stale([], Scope(frozenset({"a.py"}), ())) == {key: 1}


def test_load_round_trips_dumps(tmp_path):
    from collections import Counter

    entries = Counter({Key("b.py", "NEV101", "X.y", "sql-ddl"): 2, Key("a.py", "NEV102", "A.b", "django-model"): 1})
    path = tmp_path / "b.json"
    path.write_bytes(dumps(entries))
    assert load(path).entries == entries
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load(path)


def test_a_file_that_cannot_be_read_keeps_its_entries(run_main, project):
    run_main("baseline", "--isolated", cwd=project)
    (project / "app" / "models.py").write_text("class Broken(:\n", encoding="utf-8")
    _, out, _ = run_main("check", "--isolated", "--format", "json", cwd=project)
    assert json.loads(out)["baseline"] == {"path": ".neveragain-baseline.json", "matched": 1, "stale": 0}
    assert run_main("baseline", "--isolated", "--check", cwd=project)[0] == 0
    _, _, err = run_main("baseline", "--isolated", cwd=project)
    assert "could not be read; their entries are kept" in err
    entries = json.loads((project / ".neveragain-baseline.json").read_text())["entries"]
    assert len(entries) == 3
