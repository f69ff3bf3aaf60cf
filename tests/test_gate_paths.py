"""Issue 11, paths and output: odd file names, symlink loops, unreadable folders, missing paths,
special files as --output. Each case runs the real CLI (and flake8 where the plugin is concerned)
in a subprocess and asserts what a CI gate relies on: one line for the bad input, the rest of the
run reported, the documented exit status, and no traceback. Reproducers: ../shared/reliability/d02-d05,
d13 and d15.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import unprivileged
from flake8_neveragain.files.pathtext import fs_path, one_line, path_text, valid_text

RACE = textwrap.dedent(
    """\
    from django.db import models


    class Person(models.Model):
        race = models.CharField(max_length=20)
    """
)
RELIGION = RACE.replace("race", "religion")
NON_UTF8 = b"bad\xff.py"  # a name no UTF-8 decoder accepts
SHOWN = "bad\\xff.py"  # how every report spells it


def neveragain(*args: str, cwd: Path, drop: bool = False) -> subprocess.CompletedProcess[bytes]:
    """The real CLI; stdout kept as bytes, so a test can check it is valid UTF-8."""
    command = [sys.executable, "-m", "flake8_neveragain", *args]
    completed = subprocess.run(unprivileged(command) if drop else command, cwd=cwd, capture_output=True, timeout=120)
    assert b"Traceback" not in completed.stderr, completed.stderr.decode(errors="replace")
    return completed


def text(data: bytes) -> str:
    return data.decode("utf-8")  # strict: the output must be valid UTF-8


def good_tree(tmp_path: Path) -> Path:
    (tmp_path / "good.py").write_text(RACE)
    return tmp_path


def locked(directory: Path, mode: int = 0) -> Path:
    directory.mkdir()
    (directory / "inside.py").write_text(RELIGION)
    directory.chmod(mode)
    return directory


@pytest.fixture
def restore_modes(tmp_path: Path) -> Iterator[None]:
    """Make every folder under tmp_path removable again, whatever a test did to it."""
    yield
    for folder, subfolders, _ in os.walk(tmp_path):
        for name in subfolders:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(0o755)


# -- pathtext: the one way a path becomes report text ----------------------------------------------

names = st.text(st.characters(codec=None, exclude_categories=()), max_size=30) | st.binary(max_size=30).map(os.fsdecode)


@given(names)
def test_path_text_is_valid_lossless_and_stable(name):
    shown = path_text(name)
    shown.encode("utf-8")  # always writable
    assert fs_path(shown) == name  # lossless: two files never share a report path
    assert valid_text(shown) == shown  # the output boundaries leave it alone
    assert len(one_line(shown).splitlines()) <= 1
    assert not any(unicodedata.category(char) == "Cc" for char in one_line(shown))


@pytest.mark.parametrize(
    ("name", "shown", "line"),
    [
        ("app/models.py", "app/models.py", "app/models.py"),
        (os.fsdecode(NON_UTF8), SHOWN, SHOWN),
        ("a\\b.py", "a\\\\b.py", "a\\\\b.py"),
        ("new\nline.py", "new\nline.py", "new\\nline.py"),
        ("esc\x1b[0m\u2028.py", "esc\x1b[0m\u2028.py", "esc\\x1b[0m\\u2028.py"),
        ("lone\ud800.py", "lone\\ud800.py", "lone\\ud800.py"),
    ],
)
def test_path_text_examples(name, shown, line):
    assert (path_text(name), one_line(path_text(name))) == (shown, line)


# -- d02: a file name that is not UTF-8 ---------------------------------------------------------


@pytest.fixture
def non_utf8_tree(tmp_path: Path) -> Path:
    good_tree(tmp_path)
    (Path(os.fsdecode(tmp_path)) / os.fsdecode(NON_UTF8)).write_text(RELIGION)
    return tmp_path


@pytest.mark.parametrize("format", ["text", "json", "sarif", "github", "gitlab"])
def test_non_utf8_file_name_is_checked_and_reported_in_every_format(non_utf8_tree, format):
    completed = neveragain("check", "--format", format, ".", cwd=non_utf8_tree)
    assert completed.returncode == 1
    out = text(completed.stdout)
    if format == "json":
        report = json.loads(out)
        assert [(f["path"], f["symbol"]) for f in report["findings"]] == [
            (SHOWN, "Person.religion"), ("good.py", "Person.race"),
        ]
        assert report["errors"] == []
    elif format == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
        assert uris == ["bad%FF.py", "good.py"]  # the file's real bytes, so a viewer finds it
    elif format == "gitlab":
        assert [issue["location"]["path"] for issue in json.loads(out)] == [SHOWN, "good.py"]
    elif format == "github":
        assert out.startswith(f"::warning file={SHOWN},line=5,")
        assert "file=good.py,line=5," in out
    else:
        assert out.splitlines()[0].startswith(f"{SHOWN}:5:5: NEV102 ")
        assert out.splitlines()[1].startswith("good.py:5:5: NEV101 ")


def test_non_utf8_file_name_round_trips_through_the_baseline_and_inventory(non_utf8_tree):
    recorded = neveragain("baseline", ".", cwd=non_utf8_tree)
    assert recorded.returncode == 0
    entries = json.loads(text((non_utf8_tree / ".neveragain-baseline.json").read_bytes()))["entries"]
    assert sorted(entry["path"] for entry in entries) == [SHOWN, "good.py"]
    # The same fingerprints and keys next time: everything is known, nothing is new.
    again = neveragain("check", ".", cwd=non_utf8_tree)
    assert (again.returncode, again.stdout) == (0, b"")
    inventory = neveragain("inventory", "--format", "json", ".", cwd=non_utf8_tree)
    assert inventory.returncode == 0 and json.dumps(SHOWN) in text(inventory.stdout)


def test_diff_checks_a_changed_file_with_a_non_utf8_name(non_utf8_tree):
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.email=a@b", "-c", "user.name=a", *args], cwd=non_utf8_tree,
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    odd = Path(os.fsdecode(non_utf8_tree)) / os.fsdecode(NON_UTF8)
    odd.write_text(RELIGION + "    race = models.CharField(max_length=20)\n")
    completed = neveragain("check", "--format", "json", "--diff", "HEAD", ".", cwd=non_utf8_tree)
    report = json.loads(text(completed.stdout))
    # Only the field added since HEAD, in the file git lists under its raw name.
    assert [(f["path"], f["symbol"]) for f in report["findings"]] == [(SHOWN, "Person.race")]
    assert completed.returncode == 1


def test_migration_in_a_non_utf8_folder_gets_the_same_nev201_from_cli_and_flake8(tmp_path):
    folder = Path(os.fsdecode(tmp_path)) / os.fsdecode(b"app\xff") / "migrations"
    folder.mkdir(parents=True)
    (folder / "0001_initial.py").write_text(textwrap.dedent("""\
        from django.db import migrations
        from encrypted_model_fields.fields import EncryptedCharField
        class Migration(migrations.Migration):
            operations = [migrations.CreateModel("Person", [("ssn", EncryptedCharField(max_length=9))])]
        """))
    (folder / "0002_plain.py").write_text(textwrap.dedent("""\
        from django.db import migrations, models
        class Migration(migrations.Migration):
            dependencies = [("app", "0001_initial")]
            operations = [migrations.AlterField("person", "ssn", models.CharField(max_length=9))]
        """))
    cli = neveragain("check", "--select", "NEV201", ".", cwd=tmp_path)
    flake8 = subprocess.run([sys.executable, "-m", "flake8", "--select", "NEV201", "--format=neveragain-github", "."],
                            cwd=tmp_path, capture_output=True, timeout=120)
    assert b"NEV201" in cli.stdout, cli.stdout
    assert cli.returncode == 1 and flake8.returncode == 1, flake8.stdout


def test_a_name_spelling_out_the_escape_is_another_file(non_utf8_tree):
    (non_utf8_tree / SHOWN).write_text(RELIGION)  # a literal backslash: doubled, as Python and git show it
    completed = neveragain("check", "--format", "json", ".", cwd=non_utf8_tree)
    findings = json.loads(text(completed.stdout))["findings"]
    assert [f["path"] for f in findings] == ["bad\\\\xff.py", SHOWN, "good.py"]
    assert len({f["fingerprint"] for f in findings}) == 3


def test_flake8_with_non_utf8_and_newline_file_names(non_utf8_tree):
    (non_utf8_tree / "new\nline.py").write_text(RELIGION)
    completed = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "NEV", "--format", "neveragain-github", "."],
        cwd=non_utf8_tree, capture_output=True, timeout=120,
    )
    assert b"Traceback" not in completed.stderr, completed.stderr.decode(errors="replace")
    lines = text(completed.stdout).splitlines()
    assert completed.returncode == 1
    assert sorted(line.split(",")[0] for line in lines[:-1]) == [
        f"::warning file={SHOWN}", "::warning file=good.py", "::warning file=new%0Aline.py",
    ]
    assert lines[-1] == "flake8: 3 violations"


# -- d03: symlink loops ---------------------------------------------------------------------------


def test_symlink_loop_is_one_error_per_link_and_the_run_goes_on(tmp_path):
    good_tree(tmp_path)
    (tmp_path / "a.py").symlink_to("b.py")
    (tmp_path / "b.py").symlink_to("a.py")
    (tmp_path / "back").symlink_to(".")  # a folder loop: linked folders are not followed
    completed = neveragain("check", "--format", "json", ".", cwd=tmp_path)
    report = json.loads(text(completed.stdout))
    assert completed.returncode == 1
    assert [f["path"] for f in report["findings"]] == ["good.py"]
    assert [e["path"] for e in report["errors"]] == ["a.py", "b.py"]
    assert all("symbolic links" in e["message"] for e in report["errors"])

    named = neveragain("check", "a.py", "good.py", cwd=tmp_path)  # named on the command line
    assert named.returncode == 1
    assert text(named.stdout).startswith("good.py:5:5: NEV101 ")
    assert text(named.stderr).splitlines()[0].startswith("a.py: error: cannot read: ")


# -- d04: folders the user cannot read or search ----------------------------------------------------


@pytest.mark.parametrize("mode", [0o000, 0o111, 0o444], ids=["none", "search-only", "read-only"])
def test_unreadable_folder_is_one_error_and_the_run_goes_on(tmp_path, restore_modes, mode):
    good_tree(tmp_path)
    locked(tmp_path / "locked", mode)
    completed = neveragain("check", ".", cwd=tmp_path, drop=True)
    assert completed.returncode == 1
    assert text(completed.stdout).startswith("good.py:5:5: NEV101 ")
    # Not listable, or not searchable (the virtualenv check stats locked/pyvenv.cfg): one line either way.
    assert text(completed.stderr).splitlines()[:2] == [
        "locked: error: cannot list directory: Permission denied",
        "neveragain: 1 finding in 1 file checked, 1 could not be read",
    ]
    assert len(completed.stderr.splitlines()) == 3  # and how to record a review of the finding


def test_file_inside_an_unreadable_folder_named_on_the_command_line(tmp_path, restore_modes):
    good_tree(tmp_path)
    locked(tmp_path / "locked")
    completed = neveragain("check", "--format", "json", "locked/inside.py", "good.py", cwd=tmp_path, drop=True)
    report = json.loads(text(completed.stdout))
    assert completed.returncode == 1
    assert [f["path"] for f in report["findings"]] == ["good.py"]
    assert report["errors"] == [{"path": "locked/inside.py", "message": "cannot read: Permission denied"}]


# -- a path that does not exist: a usage error ----------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["check"], ["check", "--exit-zero", "--format", "json"], ["baseline"], ["review", "--add-noqa"], ["inventory"]],
)
def test_missing_path_is_a_usage_error_in_every_subcommand(tmp_path, command):
    good_tree(tmp_path)
    completed = neveragain(*command, "good.py", "nosuch.py", cwd=tmp_path)
    assert completed.returncode == 2
    assert text(completed.stderr) == "neveragain: error: nosuch.py: no such file or directory\n"
    assert completed.stdout == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.py"]  # nothing written, nothing edited
    assert (tmp_path / "good.py").read_text() == RACE


def test_several_missing_paths_are_still_one_line(tmp_path):
    completed = neveragain("check", "a.py", "b/", "c.sql", cwd=tmp_path)
    assert completed.returncode == 2
    assert text(completed.stderr) == "neveragain: error: a.py: no such file or directory (and 2 more)\n"


# -- d05: --output onto a FIFO, a device or a symlink ------------------------------------------------


def test_output_onto_a_fifo_writes_into_it(tmp_path):
    good_tree(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        completed = neveragain("check", "--output", "pipe", "good.py", cwd=tmp_path)
        received, _ = reader.communicate(timeout=30)
    finally:
        reader.kill()
    assert completed.returncode == 1
    assert text(received).startswith("good.py:5:5: NEV101 ")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_output_onto_a_device_keeps_the_device(tmp_path):
    good_tree(tmp_path)
    device = tmp_path / "null"
    if os.geteuid() == 0:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    else:
        device.symlink_to(os.devnull)
    completed = neveragain("check", "--output", "null", "good.py", cwd=tmp_path)
    assert (completed.returncode, completed.stdout) == (1, b"")
    assert stat.S_ISCHR(device.stat().st_mode)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_onto_a_symlink_writes_where_it_points(tmp_path):
    good_tree(tmp_path)
    (tmp_path / "reports").mkdir()
    kept = tmp_path / "reports" / "kept.txt"
    kept.write_text("old")
    kept.chmod(0o640)
    (tmp_path / "to-file").symlink_to("reports/kept.txt")
    (tmp_path / "to-new").symlink_to("reports/new.txt")  # dangling until written
    (tmp_path / "to-stdout").symlink_to("/proc/self/fd/1")
    for link in ("to-file", "to-new"):
        assert neveragain("check", "--output", link, "good.py", cwd=tmp_path).returncode == 1
        assert (tmp_path / link).is_symlink()
    assert kept.read_text().startswith("good.py:5:5: NEV101 ")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert (tmp_path / "reports" / "new.txt").read_text() == kept.read_text()
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["kept.txt", "new.txt"]
    if Path("/proc/self/fd/1").exists():
        completed = neveragain("check", "--output", "to-stdout", "good.py", cwd=tmp_path)
        assert text(completed.stdout).startswith("good.py:5:5: NEV101 ")
        assert (tmp_path / "to-stdout").is_symlink()


def test_output_onto_a_symlink_loop_is_a_usage_error(tmp_path):
    good_tree(tmp_path)
    (tmp_path / "loop").symlink_to("loop")
    completed = neveragain("check", "--output", "loop", "good.py", cwd=tmp_path)
    assert completed.returncode == 2
    assert text(completed.stderr).startswith("neveragain: error: cannot write report loop: ")
    assert len(completed.stderr.splitlines()) == 1


# -- d13: --output (or the baseline) in a folder the user cannot search ---------------------------


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["check", "--output", "sealed/report.txt"], "report"),
        (["check", "--format", "sarif", "--output", "sealed/report.sarif"], "report"),
        (["inventory", "--output", "sealed/inventory.md"], "inventory"),
        (["baseline", "--baseline", "sealed/baseline.json"], "baseline"),
    ],
)
def test_output_into_an_unsearchable_folder_is_one_line_and_exit_2(tmp_path, restore_modes, command, what):
    good_tree(tmp_path)
    (tmp_path / "sealed").mkdir(mode=0)
    completed = neveragain(*command, "good.py", cwd=tmp_path, drop=True)
    assert completed.returncode == 2
    assert completed.stdout == b""
    target = command[-1]
    assert text(completed.stderr) == f"neveragain: error: cannot write {what} {target}: Permission denied\n"


# -- d15: line breaks and control characters in names ----------------------------------------------


def test_newline_in_a_file_name_or_identifier_keeps_one_finding_per_line(tmp_path):
    good_tree(tmp_path)
    (tmp_path / "new\nline.py").write_text(RELIGION)
    (tmp_path / "esc\x1b[31m.py").write_text(RELIGION)
    (tmp_path / "schema.sql").write_text('CREATE TABLE t ("religion\n  x" text);\n')
    (tmp_path / "broken\rname.py").write_text("class Broken(:\n")
    completed = neveragain("check", ".", cwd=tmp_path)
    assert completed.returncode == 1
    lines = text(completed.stdout).splitlines()
    assert [line.split(":")[0] for line in lines] == ["esc\\x1b[31m.py", "good.py", "new\\nline.py", "schema.sql"]
    assert "t.religion\\n  x may record" in lines[3]
    err = text(completed.stderr).splitlines()
    assert err[0].startswith("broken\\rname.py: error: ")
    assert err[1] == "neveragain: 4 findings in 5 files checked, 1 could not be read"
    # Line-oriented GitHub annotations stay one per line; JSON keeps the names as they are.
    github = text(neveragain("check", "--format", "github", ".", cwd=tmp_path).stdout).splitlines()
    assert len(github) == 6 and all(line.startswith("::") for line in github[:5])
    assert "file=esc\\x1b[31m.py," in github[0]
    report = json.loads(text(neveragain("check", "--format", "json", ".", cwd=tmp_path).stdout))
    assert "new\nline.py" in [f["path"] for f in report["findings"]]
    assert report["errors"][0]["path"] == "broken\rname.py"


def test_stderr_error_lines_of_every_subcommand_stay_one_line(tmp_path):
    (tmp_path / "broken\nname.py").write_text("class Broken(:\n")
    for command in (["baseline"], ["review", "--add-noqa"], ["inventory"]):
        completed = neveragain(*command, ".", cwd=tmp_path)
        errors = [line for line in text(completed.stderr).splitlines() if ": error: " in line]
        assert errors and errors[0].startswith("broken\\nname.py: error: "), (command, completed.stderr)


def test_markdown_inventory_keeps_control_characters_out_of_its_table(tmp_path):
    (tmp_path / "t.sql").write_text('CREATE TABLE t ("religion\x1b[31m\nx" text, race text);\n')
    completed = neveragain("inventory", "--format", "markdown", "t.sql", cwd=tmp_path)
    out = text(completed.stdout)
    assert "\x1b" not in out
    rows = [line for line in out.splitlines() if line.startswith("| `religion")]
    assert rows == [("| `religion\\x1b[31m\\nx` | NEV102 | religion | `user.demographic.religious_belief` | SQL | "
                     "`t.sql:1` | no | no (reported by check) | name token 'religion' |")]
