"""Where settings come from: the nearest configuration above each checked file, as ruff finds it.

Covers config discovery (pyproject.toml and .neveragain.toml), the baseline
found from a subfolder, per-file-ignores, respect-gitignore, force-exclude,
and which files named on the command line are read at all: through the real
CLI, and through real flake8 where flake8 has the concept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flake8_neveragain.rules.registry import NEV101, NEV102, NEV103, NEV104

DJANGO = "from django.db import models\n\n\nclass Person(models.Model):\n    {field} = models.CharField(max_length=20)\n"


def model(field: str) -> str:
    return DJANGO.format(field=field)


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def reported(stdout: str) -> list[str]:
    """`path code` for each finding line of the text report."""
    lines = []
    for line in stdout.splitlines():
        path, _, _, rest = line.split(":", 3)
        lines.append(f"{path} {rest.split()[0]}")
    return lines


# --- discovery -------------------------------------------------------------------------------


def test_a_project_checked_from_elsewhere_uses_its_own_configuration(run_main, tmp_path):
    write(tmp_path / "proj", {
        "pyproject.toml": '[tool.neveragain]\nextend-select = ["NEV104"]\nextend-exclude = ["legacy/"]\n',
        "app/models.py": model("party_membership"),
        "legacy/models.py": model("religion"),
    })
    (tmp_path / "elsewhere").mkdir()
    status, out, _ = run_main("check", "../proj", cwd=tmp_path / "elsewhere")
    assert status == 1
    assert reported(out) == [f"../proj/app/models.py {NEV104}"]
    # The same run from inside the project agrees.
    status, out, _ = run_main("check", ".", cwd=tmp_path / "proj")
    assert reported(out) == [f"app/models.py {NEV104}"]


def test_each_package_of_a_monorepo_keeps_its_own_settings(run_main, tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.neveragain]\nextend-select = ["NEV104"]\n',
        "a/models.py": model("party_membership"),
        "b/pyproject.toml": '[tool.neveragain]\nextra-terms = {religion = ["konfession"]}\n',
        "b/models.py": model("party_membership") + "    konfession = models.CharField(max_length=9)\n",
    })
    status, out, _ = run_main("check", ".", cwd=tmp_path)
    # b's configuration replaces the root's for b: its extra term fires, NEV104 stays off there.
    assert reported(out) == [f"a/models.py {NEV104}", f"b/models.py {NEV102}"]
    # Named one by one (as pre-commit names them), each file still finds its own.
    status, out, _ = run_main("check", "b/models.py", "a/models.py", cwd=tmp_path)
    assert status == (1 if out else 0), out
    assert reported(out) == [f"a/models.py {NEV104}", f"b/models.py {NEV102}"]


def test_neveragain_toml_comes_before_pyproject_in_the_same_folder(run_main, tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.neveragain]\nextend-select = ["NEV104"]\n',
        ".neveragain.toml": 'extend-ignore = ["NEV102"]\n',  # top-level keys, as ruff.toml has them
        "models.py": model("religion") + "    party_membership = models.CharField(max_length=9)\n",
    })
    status, out, _ = run_main("check", ".", cwd=tmp_path)
    assert status == 0 and reported(out) == []
    (tmp_path / ".neveragain.toml").unlink()
    status, out, _ = run_main("check", ".", cwd=tmp_path)
    assert reported(out) == [f"models.py {NEV102}", f"models.py {NEV104}"]


def test_a_pyproject_without_our_table_is_passed_over(run_main, tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.neveragain]\nextend-ignore = ["NEV102"]\n',
        "pkg/pyproject.toml": '[tool.black]\nline-length = 99\n',  # not ours: the root's applies
        "pkg/models.py": model("religion"),
    })
    status, out, _ = run_main("check", ".", cwd=tmp_path)
    assert status == 0 and reported(out) == []


def test_config_pins_one_file_for_every_path_and_isolated_none(run_main, tmp_path):
    write(tmp_path, {
        "ci.toml": '[tool.neveragain]\nextend-ignore = ["NEV102"]\n',
        "b/.neveragain.toml": 'extend-select = ["NEV104"]\n',
        "b/models.py": model("religion") + "    party_membership = models.CharField(max_length=9)\n",
    })
    status, out, _ = run_main("check", "--config", "ci.toml", ".", cwd=tmp_path)
    assert reported(out) == []  # ci.toml for b too: b's own file is not read
    status, out, _ = run_main("check", "--isolated", ".", cwd=tmp_path)
    assert status == (1 if out else 0), out
    assert reported(out) == [f"b/models.py {NEV102}"]


def test_a_broken_configuration_deep_in_the_tree_is_one_line_and_exit_2(run_cli, run_flake8, tmp_path):
    write(tmp_path, {
        "ok/models.py": model("religion"),
        "bad/.neveragain.toml": "select = 1\n",
        "bad/models.py": model("religion"),
    })
    completed = run_cli("check", ".", cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.splitlines() == [
        f"neveragain: error: {tmp_path / 'bad' / '.neveragain.toml'}: select: expected a list of strings, got int"
    ]
    # flake8 checks what it can; the file under the broken configuration says why it was not.
    completed = run_flake8("--select", "NEV", ".", cwd=tmp_path)
    lines = sorted(completed.stdout.splitlines())
    assert lines[0].startswith("./bad/models.py:1:1: NEV000 not checked: ") and "select: expected" in lines[0]
    assert lines[1].startswith(f"./ok/models.py:5:5: {NEV102} ")


def test_flake8_reads_the_vocabulary_of_the_nearest_configuration(run_flake8, tmp_path):
    write(tmp_path, {
        "a/models.py": model("credo"),
        "b/.neveragain.toml": 'extra-terms = {religion = ["credo"]}\n',
        "b/models.py": model("credo"),
    })
    completed = run_flake8("--select", "NEV", ".", cwd=tmp_path)
    assert [line.split(":")[0] for line in completed.stdout.splitlines()] == ["./b/models.py"]
    assert f" {NEV102} " in completed.stdout


# --- the baseline from a subfolder -------------------------------------------------------------


def test_a_run_from_a_subfolder_applies_the_projects_baseline(run_cli, tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[tool.neveragain]\n",
        "app/models.py": model("religion"),
        "app/more.py": model("ethnicity"),
    })
    recorded = run_cli("baseline", cwd=tmp_path)
    assert recorded.returncode == 0, recorded.stderr
    entries = json.loads((tmp_path / ".neveragain-baseline.json").read_text())["entries"]
    assert [entry["path"] for entry in entries] == ["app/models.py", "app/more.py"]
    (tmp_path / "app" / "new.py").write_text(model("nationality"), encoding="utf-8")
    completed = run_cli("check", cwd=tmp_path / "app")
    assert reported(completed.stdout) == [f"new.py {NEV103}"]
    assert "2 more known in ../.neveragain-baseline.json" in completed.stderr
    # Recording from the subfolder updates the project's file, paths still from its folder.
    recorded = run_cli("baseline", ".", cwd=tmp_path / "app")
    assert recorded.returncode == 0, recorded.stderr
    assert "../.neveragain-baseline.json" in recorded.stderr
    entries = json.loads((tmp_path / ".neveragain-baseline.json").read_text())["entries"]
    assert [entry["path"] for entry in entries] == ["app/models.py", "app/more.py", "app/new.py"]
    assert not (tmp_path / "app" / ".neveragain-baseline.json").exists()


def test_a_baseline_named_in_the_configuration_is_found_from_anywhere(run_main, tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.neveragain]\nbaseline = "ci/known.json"\n',
        "app/models.py": model("religion"),
        "ci/README": "the checks' own files\n",
    })
    status, _, err = run_main("baseline", cwd=tmp_path)
    assert status == 0, err
    entries = json.loads((tmp_path / "ci" / "known.json").read_text())["entries"]
    assert [entry["path"] for entry in entries] == ["app/models.py"]
    status, out, _ = run_main("check", cwd=tmp_path / "app")
    assert status == 0 and out == ""
    status, out, _ = run_main("check", "--no-baseline", cwd=tmp_path / "app")
    assert reported(out) == [f"models.py {NEV102}"]


def test_without_a_configuration_the_baseline_stays_in_the_current_directory(run_main, tmp_path):
    write(tmp_path, {"app/models.py": model("religion")})
    run_main("baseline", cwd=tmp_path)
    status, out, _ = run_main("check", cwd=tmp_path / "app")
    assert status == (1 if out else 0), out
    assert reported(out) == [f"models.py {NEV102}"]  # no project to tie the two together


# --- per-file-ignores --------------------------------------------------------------------------


def test_per_file_ignores_from_the_configuration_anchor_at_its_folder(run_main, tmp_path):
    write(tmp_path, {
        "pyproject.toml": (
            "[tool.neveragain]\n"
            '[tool.neveragain.per-file-ignores]\n"app/tests/*" = ["NEV1"]\n"legacy_*.py" = ["NEV102"]\n'
        ),
        "app/tests/test_models.py": model("religion"),
        "app/models.py": model("religion"),
        "app/legacy_models.py": model("religion") + "    ethnicity = models.CharField(max_length=9)\n",
        "tests/test_models.py": model("religion"),  # not app/tests: still reported
    })
    expected = [f"app/legacy_models.py {NEV101}", f"app/models.py {NEV102}", f"tests/test_models.py {NEV102}"]
    status, out, _ = run_main("check", ".", cwd=tmp_path)
    assert reported(out) == expected
    # From a subfolder the globs still mean the same files.
    status, out, _ = run_main("check", ".", cwd=tmp_path / "app")
    assert status == (1 if out else 0), out
    assert reported(out) == [f"legacy_models.py {NEV101}", f"models.py {NEV102}"]


def test_per_file_ignores_on_the_command_line_replace_or_extend(run_main, tmp_path):
    write(tmp_path, {
        ".neveragain.toml": 'per-file-ignores = {"a.py" = ["NEV102"]}\n',
        "a.py": model("religion"),
        "b.py": model("religion"),
    })
    status, out, _ = run_main("check", ".", cwd=tmp_path)
    assert reported(out) == [f"b.py {NEV102}"]
    status, out, _ = run_main("check", "--per-file-ignores", f"b.py:{NEV102}", ".", cwd=tmp_path)
    assert reported(out) == [f"a.py {NEV102}"]
    status, out, _ = run_main("check", "--extend-per-file-ignores", f"b.py:{NEV1}", ".", cwd=tmp_path)
    assert status == 0 and reported(out) == []


NEV1 = NEV101[:4]


@pytest.mark.parametrize(
    ("setting", "fragment"),
    [
        ('per-file-ignores = {"a.py" = ["NEV9"]}', "matches no neveragain rule"),
        ('per-file-ignores = ["a.py"]', "expected a table"),
        ('per-file-ignores = {"a.py" = 1}', "expected a list of strings"),
    ],
)
def test_a_bad_per_file_ignores_is_a_usage_error(run_main, tmp_path, setting, fragment):
    write(tmp_path, {".neveragain.toml": setting + "\n", "a.py": "x = 1\n"})
    status, out, err = run_main("check", ".", cwd=tmp_path)
    assert status == 2 and out == ""
    assert "per-file-ignores" in err and fragment in err and len(err.splitlines()) == 1


def test_flake8_per_file_ignores_silence_nev_codes(run_flake8, tmp_path):
    write(tmp_path, {"tests/test_models.py": model("religion"), "models.py": model("religion")})
    completed = run_flake8("--select", "NEV", f"--per-file-ignores=tests/*:{NEV102}", ".", cwd=tmp_path)
    assert [line.split(":")[0] for line in completed.stdout.splitlines()] == ["./models.py"]


# --- respect-gitignore -------------------------------------------------------------------------


def git_project(root: Path) -> None:
    (root / ".git").mkdir(parents=True)
    write(root, {
        ".gitignore": "generated/\n*_snapshot.py\n",
        "app/models.py": model("religion"),
        "generated/models.py": model("religion"),
        "app/old_snapshot.py": model("religion"),
    })


def test_what_git_ignores_is_not_walked(run_main, tmp_path):
    git_project(tmp_path)
    status, out, _ = run_main("check", ".", cwd=tmp_path)
    assert reported(out) == [f"app/models.py {NEV102}"]
    status, out, _ = run_main("check", "--no-respect-gitignore", ".", cwd=tmp_path)
    assert reported(out) == [f"app/models.py {NEV102}", f"app/old_snapshot.py {NEV102}", f"generated/models.py {NEV102}"]
    # Named on the command line, an ignored file is still checked.
    status, out, _ = run_main("check", "generated/models.py", cwd=tmp_path)
    assert status == (1 if out else 0), out
    assert reported(out) == [f"generated/models.py {NEV102}"]


def test_a_walk_that_git_ignores_entirely_says_so(run_cli, tmp_path):
    # A clean run that checked nothing must not look like a clean run.
    (tmp_path / ".git").mkdir()
    write(tmp_path, {".gitignore": "*.py\n", "proj/models.py": model("religion")})
    completed = run_cli("check", ".", cwd=tmp_path)
    assert completed.returncode == 0 and completed.stdout == ""
    assert completed.stderr.splitlines() == [
        "neveragain: 0 findings in 0 files checked",
        "neveragain: nothing was checked: git ignores what the walk found (1 path); `--no-respect-gitignore` checks it",
    ]
    completed = run_cli("check", "--no-respect-gitignore", ".", cwd=tmp_path)
    assert reported(completed.stdout) == [f"proj/models.py {NEV102}"]


def test_a_folder_named_on_the_command_line_that_git_ignores_is_walked_whole(run_main, tmp_path):
    # A home folder that is a repository ignoring `*`, or a build folder asked for by name.
    (tmp_path / ".git").mkdir()
    write(tmp_path, {
        ".gitignore": "*\n!.gitignore\n",
        "proj/models.py": model("religion"),
        "proj/sub/.gitignore": "skipped.py\n",  # rules below it do not apply either: git ignores the folder
        "proj/sub/skipped.py": model("religion"),
    })
    status, out, _ = run_main("check", "proj", cwd=tmp_path)
    assert status == 1
    assert reported(out) == [f"proj/models.py {NEV102}", f"proj/sub/skipped.py {NEV102}"]
    status, out, _ = run_main("check", ".", cwd=tmp_path / "proj")
    assert reported(out) == [f"models.py {NEV102}", f"sub/skipped.py {NEV102}"]
    assert status == 1


def test_respect_gitignore_can_be_turned_off_in_the_configuration(run_main, tmp_path):
    git_project(tmp_path)
    (tmp_path / ".neveragain.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    status, out, _ = run_main("check", ".", cwd=tmp_path)
    assert len(reported(out)) == 3
    status, out, _ = run_main("check", "--respect-gitignore", ".", cwd=tmp_path)
    assert status == (1 if out else 0), out
    assert reported(out) == [f"app/models.py {NEV102}"]


def test_a_gitignore_outside_a_repository_is_not_git_s(run_main, tmp_path):
    write(tmp_path, {".gitignore": "generated/\n", "generated/models.py": model("religion")})
    status, out, _ = run_main("check", ".", cwd=tmp_path)
    assert status == (1 if out else 0), out
    assert reported(out) == [f"generated/models.py {NEV102}"]


# --- force-exclude and files named on the command line ------------------------------------------


def test_force_exclude_applies_excludes_to_named_files(run_cli, tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.neveragain]\nextend-exclude = ["legacy/", "*_pb2.py"]\n',
        "legacy/deep/models.py": model("religion"),
        "schema_pb2.py": model("religion"),
        "models.py": model("religion"),
    })
    named = ["legacy/deep/models.py", "schema_pb2.py", "models.py"]
    completed = run_cli("check", *named, cwd=tmp_path)
    assert len(reported(completed.stdout)) == 3  # as flake8 without excludes: named files are checked
    completed = run_cli("check", "--force-exclude", *named, cwd=tmp_path)
    assert reported(completed.stdout) == [f"models.py {NEV102}"]
    (tmp_path / "pyproject.toml").write_text(
        '[tool.neveragain]\nextend-exclude = ["legacy/", "*_pb2.py"]\nforce-exclude = true\n', encoding="utf-8"
    )
    completed = run_cli("check", *named, cwd=tmp_path)
    assert reported(completed.stdout) == [f"models.py {NEV102}"]
    completed = run_cli("check", "--no-force-exclude", *named, cwd=tmp_path)
    assert len(reported(completed.stdout)) == 3


def test_flake8_applies_its_excludes_to_named_files_already(run_flake8, tmp_path):
    # flake8 has no force-exclude: an exclude that matches a named file (its name or
    # path) always skips it; a folder pattern is not checked against the folders above.
    write(tmp_path, {"legacy/models.py": model("religion"), "schema_pb2.py": model("religion"),
                     "models.py": model("religion")})
    named = ("legacy/models.py", "schema_pb2.py", "models.py")
    completed = run_flake8("--select", "NEV", "--extend-exclude", "legacy/models.py,*_pb2.py", *named, cwd=tmp_path)
    assert [line.split(":")[0] for line in completed.stdout.splitlines()] == ["models.py"]
    completed = run_flake8("--select", "NEV", *named, cwd=tmp_path)
    assert len(completed.stdout.splitlines()) == 3


def test_named_files_are_read_by_kind_and_others_passed_over(run_main, tmp_path):
    write(tmp_path, {
        ".neveragain.toml": 'sql-extensions = [".sql", ".ddl", ".pgsql"]\n',
        "schema.ddl": "CREATE TABLE person (religion text);\n",
        "extra.pgsql": "CREATE TABLE person (ethnicity text);\n",
        "manage": "#!/usr/bin/env python3\n" + model("nationality"),
        "README.md": "We never store religion.\n",
        "notes.txt": "religion = models.CharField()\n",
        "run": "#!/bin/sh\necho religion\n",
    })
    status, out, err = run_main("check", "schema.ddl", "extra.pgsql", "manage", "README.md", "notes.txt", "run",
                                cwd=tmp_path)
    assert status == (1 if out else 0), out
    assert reported(out) == [f"extra.pgsql {NEV101}", f"manage {NEV103}", f"schema.ddl {NEV102}"]
    assert "3 files checked" in err and "error" not in err


def test_a_packages_own_sql_extensions_shape_reviews_and_shown_source(run_main, tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[tool.neveragain]\n",
        "db/.neveragain.toml": 'sql-extensions = [".pgsql"]\n',
        "db/schema.pgsql": "CREATE TABLE person (\n    religion text\n);\n",
    })
    status, out, _ = run_main("check", "--show-source", "--color", "never", ".", cwd=tmp_path)
    assert out.splitlines()[1:] == ["    religion text", "    ^"]
    status, _, err = run_main("review", "--add-noqa", "--reason", "needed for chaplaincy rota", ".", cwd=tmp_path)
    assert status == 0, err
    text = (tmp_path / "db" / "schema.pgsql").read_text()
    assert f"religion text  -- noqa: {NEV102} -- reviewed: needed for chaplaincy rota" in text
    status, out, _ = run_main("check", ".", cwd=tmp_path)
    assert status == 0 and out == ""


def test_an_empty_config_path_is_a_usage_error(run_main, tmp_path):
    write(tmp_path, {"models.py": model("religion")})
    status, out, err = run_main("check", "--config", "", ".", cwd=tmp_path)
    assert (status, out) == (2, "")
    assert err == "neveragain: error: --config: expected a file path, got an empty string\n"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("tests", "--per-file-ignores: 'tests' should look like glob:CODES"),
        ("tests/*:NEV9", "matches no neveragain rule"),
        ("tests/*:", "should look like glob:CODES"),
    ],
)
def test_a_bad_per_file_ignores_switch_is_one_line_and_exit_2(run_main, tmp_path, value, fragment):
    write(tmp_path, {"a.py": model("religion")})
    status, out, err = run_main("check", "--per-file-ignores", value, ".", cwd=tmp_path)
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and err.startswith("neveragain: error: ") and fragment in err
