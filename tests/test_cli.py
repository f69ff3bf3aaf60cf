"""The real `neveragain` CLI, run in a subprocess, as users and CI run it."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO
from flake8_neveragain import __version__
from flake8_neveragain.rules.registry import RULES

PERSON = textwrap.dedent(
    """\
    from django.db import models


    class Person(models.Model):
        name = models.CharField(max_length=100)
        religion = models.CharField(max_length=20)
        shipping_country = models.CharField(max_length=2)
    """
)


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_examples_exit_one_with_a_line_per_finding_and_a_summary(run_cli):
    # Which findings examples/ must report is written in its source, as `# expect:`
    # annotations (checked by tests/test_annotated_fixtures.py); this is the CLI's side.
    completed = run_cli("check", "examples/casework")
    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert lines and all(re.match(r"examples/casework/\S+:\d+:\d+: NEV\d{3} ", line) for line in lines)
    checked = sum(1 for path in EXAMPLES.rglob("*") if path.suffix in (".py", ".sql"))
    first_code = lines[0].split(": ")[1].split()[0]
    assert completed.stderr == (
        f"neveragain: {len(lines)} findings in {checked} files checked\n"
        f'neveragain: to record a review, add "# noqa: {first_code} -- reviewed: <why>" to the reported line '
        '("-- noqa: ..." in SQL), or run "neveragain review --add-noqa"\n'
    )


def test_json_report_follows_the_contract(run_json):
    _, report = run_json("examples/casework")
    assert set(report) >= {"version", "findings", "errors"}
    keys = {"path", "line", "column", "end_line", "end_column", "code", "category", "message",
            "url", "source", "symbol", "evidence", "fingerprint"}
    for finding in report["findings"]:
        assert keys <= set(finding)
        assert finding["line"] >= 1 and finding["column"] >= 1
        assert finding["url"].endswith(f"{finding['code']}.md")
        assert finding["evidence"] and finding["evidence"] in finding["message"]
        assert not finding["path"].startswith("/")
    order = [(f["path"], f["line"], f["column"], f["code"]) for f in report["findings"]]
    assert order == sorted(order)
    assert len({f["fingerprint"] for f in report["findings"]}) == len(report["findings"])


def test_output_is_byte_for_byte_deterministic(run_cli):
    first = run_cli("check", "--format", "json", "examples/casework")
    second = run_cli("check", "--format", "json", "--jobs", "2", "examples/casework")
    assert first.stdout == second.stdout


def test_parallel_and_serial_runs_agree(run_cli, tmp_path):
    for index in range(60):  # above the threshold where the CLI uses a pool
        write(tmp_path, f"app{index}/models.py", PERSON.replace("Person", f"Person{index}"))
    serial = run_cli("check", "--format", "json", "--jobs", "1", ".", cwd=tmp_path)
    parallel = run_cli("check", "--format", "json", "--jobs", "2", ".", cwd=tmp_path)
    assert serial.stdout == parallel.stdout
    assert serial.stdout.count('"NEV102"') == 60


def test_fingerprint_survives_moving_the_field(run_json, tmp_path):
    write(tmp_path, "models.py", PERSON)
    _, before = run_json("models.py", cwd=tmp_path)
    write(tmp_path, "models.py", PERSON.replace("class Person", "\n\n# moved down\nclass Person"))
    _, after = run_json("models.py", cwd=tmp_path)
    assert before["findings"][0]["line"] != after["findings"][0]["line"]
    assert before["findings"][0]["fingerprint"] == after["findings"][0]["fingerprint"]


def test_text_format_is_flake8_style(run_cli, tmp_path):
    write(tmp_path, "models.py", PERSON)
    completed = run_cli("check", "models.py", cwd=tmp_path)
    assert completed.returncode == 1
    (line,) = completed.stdout.splitlines()
    assert line.startswith("models.py:6:5: NEV102 Django model field Person.religion may record religious belief")
    assert "is collecting it necessary?" in line
    assert "1 finding in 1 file checked" in completed.stderr


def test_clean_tree_exits_zero(run_cli, tmp_path):
    write(tmp_path, "app.py", "trace_id = 1\nrace_condition = None\n")
    completed = run_cli("check", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout == ""


def test_noqa_is_honoured(run_json, tmp_path):
    write(tmp_path, "models.py", PERSON.replace("max_length=20)", "max_length=20)  # noqa: NEV102"))
    status, report = run_json("models.py", cwd=tmp_path)
    assert (status, report["findings"]) == (0, [])
    write(tmp_path, "models.py", PERSON.replace("max_length=20)", "max_length=20)  # noqa: NEV101"))
    status, report = run_json("models.py", cwd=tmp_path)
    assert status == 1 and report["findings"][0]["code"] == "NEV102"


def test_select_ignore_and_opt_in_codes(run_json, tmp_path):
    write(tmp_path, "models.py", PERSON + "    political_party = models.CharField(max_length=20)\n")
    _, default = run_json("models.py", cwd=tmp_path)
    assert [f["code"] for f in default["findings"]] == ["NEV102"]
    _, extended = run_json("--extend-select", "NEV104", "models.py", cwd=tmp_path)
    assert [f["code"] for f in extended["findings"]] == ["NEV102", "NEV104"]
    status, ignored = run_json("--extend-ignore", "NEV102", "models.py", cwd=tmp_path)
    assert (status, ignored["findings"]) == (0, [])
    # As in flake8, --ignore replaces the default ignore list, opt-in codes included.
    _, replaced = run_json("--ignore", "NEV102", "models.py", cwd=tmp_path)
    assert [f["code"] for f in replaced["findings"]] == ["NEV104"]
    _, selected = run_json("--select", "NEV104", "models.py", cwd=tmp_path)
    assert [f["code"] for f in selected["findings"]] == ["NEV104"]


def test_pyproject_configuration(run_json, tmp_path):
    write(tmp_path, "models.py", PERSON + "    konfession = models.CharField(max_length=20)\n")
    write(tmp_path, "pyproject.toml", textwrap.dedent(
        """\
        [tool.neveragain]
        allow-names = ["Person.religion"]
        docs-url = "https://docs.example.org/rules"

        [tool.neveragain.extra-terms]
        religion = ["konfession"]
        """
    ))
    _, report = run_json("models.py", cwd=tmp_path)
    assert [f["symbol"] for f in report["findings"]] == ["Person.konfession"]
    assert report["findings"][0]["url"] == "https://docs.example.org/rules/NEV102.md"


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ("[tool.neveragain]\nselcet = ['NEV1']\n", "unknown key 'selcet'"),
        ("[tool.neveragain\n", "cannot parse TOML"),
        ("[tool.neveragain.extra-terms]\nreligon = ['x']\n", "religon"),
    ],
)
def test_broken_config_is_a_usage_error(run_cli, tmp_path, config, fragment):
    write(tmp_path, "models.py", PERSON)
    write(tmp_path, "pyproject.toml", config)
    completed = run_cli("check", "models.py", cwd=tmp_path)
    assert completed.returncode == 2
    assert fragment in completed.stderr
    assert "Traceback" not in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1


def test_usage_errors_exit_two(run_cli, tmp_path):
    assert run_cli("check", "--format", "xml", ".", cwd=tmp_path).returncode == 2
    assert run_cli("check", "--select", "NEV1O2", ".", cwd=tmp_path).returncode == 2
    assert run_cli("bogus", cwd=tmp_path).returncode == 2


def test_walk_skips_virtualenvs_vcs_and_excludes(run_json, tmp_path):
    for folder in (".git", "node_modules", "build", ".venv", "myenv", "legacy"):
        write(tmp_path, f"{folder}/models.py", PERSON)
    write(tmp_path, "myenv/pyvenv.cfg", "home = /usr/bin\n")
    write(tmp_path, "app/models.py", PERSON)
    _, report = run_json("--extend-exclude", "legacy", ".", cwd=tmp_path)
    assert [f["path"] for f in report["findings"]] == ["app/models.py"]


def test_bad_inputs_are_one_line_errors_and_the_run_goes_on(run_cli, run_json, tmp_path):
    write(tmp_path, "a_syntax.py", "class Broken(:\n    pass\n")
    write(tmp_path, "b_null.py", b"x = 1\x00\n")
    write(tmp_path, "c_latin1.py", "religion = 'caf\xe9'\n".encode("latin-1"))
    write(tmp_path, "d_empty.py", "")
    write(tmp_path, "e_binary.py", bytes(range(256)) * 4)
    write(tmp_path, "f_nested.py", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    write(tmp_path, "g_parens.py", "x = " + "(" * 300 + "1" + ")" * 300 + "\n")
    write(tmp_path, "h_chain.py", "x = " + "+".join(["1"] * 100_000) + "\n")
    write(tmp_path, "z_models.py", PERSON)
    status, report = run_json(".", cwd=tmp_path)
    assert status == 1
    assert [f["path"] for f in report["findings"]] == ["z_models.py"]
    errors = {e["path"]: e["message"] for e in report["errors"]}
    assert set(errors) == {
        "a_syntax.py", "b_null.py", "c_latin1.py", "e_binary.py", "f_nested.py", "g_parens.py", "h_chain.py",
    }
    assert errors["a_syntax.py"].startswith("syntax error at line 1")
    assert "null bytes" in errors["b_null.py"]
    assert "cannot decode" in errors["c_latin1.py"]
    for message in errors.values():
        assert "\n" not in message
    text = run_cli("check", ".", cwd=tmp_path)
    assert "Traceback" not in text.stderr
    assert text.stderr.count(": error: ") == 7


def test_missing_path_is_reported(run_cli, tmp_path):
    write(tmp_path, "models.py", PERSON)
    completed = run_cli("check", "--format", "json", "models.py", "nowhere", cwd=tmp_path)
    # A path that does not exist is a usage error (design.md): exit 2, one line, no report.
    assert completed.returncode == 2
    assert completed.stderr == "neveragain: error: nowhere: no such file or directory\n"
    assert completed.stdout == ""


def test_unreadable_directory(run_cli_unprivileged, tmp_path):
    locked = tmp_path / "locked"
    write(tmp_path, "locked/models.py", PERSON)
    write(tmp_path, "open/models.py", PERSON)
    locked.chmod(0)
    try:
        completed = run_cli_unprivileged("check", "--format", "json", ".", cwd=tmp_path)
    finally:
        locked.chmod(0o755)
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    assert completed.returncode == 1
    assert [error["path"] for error in report["errors"]] == ["locked"]
    assert [(f["path"], f["symbol"]) for f in report["findings"]] == [("open/models.py", "Person.religion")]


def test_large_module(run_json, tmp_path):
    lines = [PERSON]
    lines += [f"def function_{i}(x):\n    return x + {i}\n" for i in range(25_000)]
    write(tmp_path, "big.py", "\n".join(lines))
    status, report = run_json("big.py", cwd=tmp_path)
    assert status == 1 and [f["symbol"] for f in report["findings"]] == ["Person.religion"]


def test_python_dash_m_and_console_script_agree(run_cli):
    import shutil
    import subprocess

    script = shutil.which("neveragain")
    if script is None:
        pytest.skip("console script not on PATH")
    via_script = subprocess.run([script, "check", "--format", "json", "examples/casework"],
                                cwd=REPO, capture_output=True, text=True)
    assert via_script.stdout == run_cli("check", "--format", "json", "examples/casework").stdout


def test_sql_files_are_checked_and_honour_sql_noqa(run_json, tmp_path):
    write(tmp_path, "schema.sql", textwrap.dedent(
        """\
        -- race is a column name only in this comment
        CREATE TABLE person (
            id integer PRIMARY KEY,
            race text,               -- noqa: NEV101
            religion text,           -- noqa: NEV101
            shipping_country text
        );
        ALTER TABLE person ADD COLUMN citizenship text;
        INSERT INTO person (id, religion) VALUES (1, 'muslim');
        """
    ))
    status, report = run_json("schema.sql", cwd=tmp_path)
    assert status == 1
    assert [(f["line"], f["code"], f["symbol"]) for f in report["findings"]] == [
        (5, "NEV102", "person.religion"),
        (8, "NEV103", "person.citizenship"),
    ]
    assert report["findings"][1]["message"].startswith("SQL ALTER TABLE person ADD COLUMN citizenship may record")


# --- what --help and --version say: every rule family, and check's exit statuses --------

FAMILIES = sorted({rule.code[:4] + "xx" for rule in RULES})  # NEV1xx: codes go by the hundred
CHECK_EXIT_LINES = (
    "  0  nothing to report",
    "  1  findings or files that could not be checked (0 with --exit-zero)",
    "  2  usage or configuration error (",
)


@pytest.mark.parametrize("args", [("--help",), ("check", "--help")])
def test_help_lists_every_rule_and_the_exit_statuses(run_cli, args):
    completed = run_cli(*args)
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    for family in FAMILIES:
        assert any(line.startswith(f"  {family}  ") for line in lines), family
    for heading in ("  NEV1xx  demographic fields", "  NEV2xx  encryption turned off or weakened"):
        assert any(line.startswith(heading) for line in lines), heading
    flowing = " ".join(completed.stdout.split())  # a long summary wraps onto a second line
    for rule in RULES:
        assert f"{rule.code} {rule.summary}" in flowing, rule.code
        # Opt-in codes say so; the codes on by default do not.
        assert (f"{rule.code} {rule.summary} (off by default)" in flowing) is (not rule.default_on), rule.code
    for expected in CHECK_EXIT_LINES:
        assert any(line.startswith(expected) for line in lines), expected


@pytest.mark.parametrize("command", ["baseline", "review", "inventory", "explain"])
def test_other_subcommands_do_not_claim_checks_exit_statuses(run_cli, command):
    # baseline --check, review and inventory exit for reasons of their own.
    completed = run_cli(command, "--help")
    assert completed.returncode == 0, completed.stderr
    assert "exit status of `neveragain check`" not in completed.stdout


def test_version_names_the_rule_families_and_the_exit_statuses(run_cli):
    completed = run_cli("--version")
    assert completed.returncode == 0, completed.stderr
    first, rules, exits = completed.stdout.splitlines()
    assert first == f"neveragain {__version__}"  # alone on its line, for scripts that read it
    assert rules.startswith("rules: ")
    for family in FAMILIES:
        members = [rule.code for rule in RULES if rule.code.startswith(family[:4])]
        span = f"({members[0]})" if len(members) == 1 else f"({members[0]}-{members[-1]})"
        assert f"{family} " in rules and span in rules, family
    assert exits == ("exit status: 0 nothing to report, 1 findings or files that could not be checked, "
                     "2 usage or configuration error")
