"""Reviewed suppressions: `# noqa: NEV102 -- reviewed: <reason>` in flake8 and the CLI."""

from __future__ import annotations

import json

import pytest

from flake8_neveragain.review.noqa import (
    PLACEHOLDER_REASON,
    SQL_NOQA_INLINE,
    Suppression,
    apply_noqa,
    is_placeholder,
    is_suppressed,
    remove_suppressed,
    suppression_for,
)

REASON = "required for EEO-1 reporting, ticket LEGAL-12"


@pytest.mark.parametrize(
    ("code", "comment", "expected"),
    [
        ("NEV102", f"x = 1  # noqa: NEV102 -- reviewed: {REASON}", Suppression("line", REASON)),
        ("NEV102", f"x = 1  # noqa:NEV102 -- {REASON}", Suppression("line", REASON)),
        ("NEV102", f"x = 1  # noqa: E501, NEV102 -- Reviewed:   {REASON}  ", Suppression("line", REASON)),
        ("NEV102", f"x = 1  # noqa -- reviewed: {REASON}", Suppression("line", REASON)),
        ("NEV102", "x = 1  # noqa: NEV102", Suppression("line", None)),
        ("NEV102", "x = 1  # noqa: NEV102 --", Suppression("line", None)),
        ("NEV102", "x = 1  # noqa", Suppression("line", None)),
        # The reason never adds codes: EEO1 and LEGAL12 look like codes, but come after `--`.
        ("EEO1", "x = 1  # noqa: NEV102 -- reviewed: EEO1 LEGAL12", None),
        ("NEV101", f"x = 1  # noqa: NEV102 -- reviewed: {REASON}", None),
        ("NEV102", "x = 1  # keep short  # noqa: NEV102 -- reviewed: why", Suppression("line", "why")),
    ],
)
def test_suppression_and_reason(code, comment, expected):
    assert suppression_for(code, comment) == expected
    assert is_suppressed(code, comment) is (expected is not None)


def test_sql_reason():
    line = f"  religion text,  -- noqa: NEV102 -- reviewed: {REASON}"
    assert suppression_for("NEV102", line, SQL_NOQA_INLINE) == Suppression("line", REASON)


@pytest.mark.parametrize(
    ("reason", "placeholder"),
    [(None, True), (PLACEHOLDER_REASON, True), ("todo later", True), ("TODO", True), (REASON, False),
     ("EEO-1; NEV102: " + PLACEHOLDER_REASON, True), ("reviewed by the DPO, see TODO list", False)],
)
def test_placeholder_reasons(reason, placeholder):
    assert is_placeholder(reason) is placeholder


def test_reasons_are_required_only_when_asked():
    source = "a = 1  # noqa: NEV102\nb = 2  # noqa: NEV102 -- reviewed: ok\nc = 3\n"
    items = [(1, "NEV102"), (2, "NEV102"), (3, "NEV102")]
    assert remove_suppressed(items, source, lambda i: i[0], lambda i: i[1]) == [(3, "NEV102")]
    outcome = apply_noqa(items, source, lambda i: i[0], lambda i: i[1], require_reason=True)
    assert outcome.kept == [(1, "NEV102"), (3, "NEV102")]
    assert outcome.suppressed == [((2, "NEV102"), Suppression("line", "ok"))]
    assert outcome.unjustified == [((1, "NEV102"), Suppression("line", None))]


def test_file_level_noqa_records_its_reason():
    source = "# flake8: noqa -- reviewed: generated from the census schema\nreligion = 1\n"
    outcome = apply_noqa([(2, "NEV102")], source, lambda i: i[0], lambda i: i[1])
    assert outcome.kept == [] and outcome.unjustified == []
    assert outcome.suppressed == [((2, "NEV102"), Suppression("file", "generated from the census schema"))]


MODELS = f"""\
from django.db import models


class Person(models.Model):
    religion = models.CharField(max_length=20)  # noqa: NEV102 -- reviewed: {REASON}
    ethnicity = models.CharField(max_length=20)  # noqa: NEV101 -- reviewed: EEO1 LEGAL12 NEV103
    nationality = models.CharField(max_length=20)  # noqa: NEV101 -- reviewed: NEV103 is not a code here
    caste = models.CharField(max_length=20)  # noqa: NEV101
"""


def test_real_flake8_honours_reasons_and_never_reads_them_as_codes(run_flake8, tmp_path):
    (tmp_path / "models.py").write_text(MODELS, encoding="utf-8")
    # --select NEV turns the opt-in NEV001 on too: the noqa naming NEV101 on nationality silences nothing.
    completed = run_flake8("--isolated", "--select", "NEV", "--extend-ignore", "NEV001", "models.py", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    # Only nationality is reported: its noqa names NEV101, and "NEV103" in the reason is not a code.
    assert [line.split(": ")[1].split()[0] + " " + line.split()[5] for line in completed.stdout.splitlines()] == [
        "NEV103 Person.nationality"
    ]


def test_cli_agrees_with_flake8_and_records_reasons(run_json, tmp_path):
    (tmp_path / "models.py").write_text(MODELS, encoding="utf-8")
    status, report = run_json("--isolated", "models.py", cwd=tmp_path)
    assert status == 1
    assert [f["symbol"] for f in report["findings"]] == ["Person.nationality"]
    assert [(s["symbol"], s["code"], s["reason"]) for s in report["suppressed"]] == [
        ("Person.religion", "NEV102", REASON),
        ("Person.ethnicity", "NEV101", "EEO1 LEGAL12 NEV103"),
        ("Person.caste", "NEV101", None),
    ]


def test_require_reason_reports_bare_and_placeholder_noqa(run_cli, run_main, tmp_path):
    source = MODELS + f"    faith = models.CharField(max_length=20)  # noqa: NEV102 -- reviewed: {PLACEHOLDER_REASON}\n"
    source += "    tribe = models.CharField(max_length=20)  # noqa\n"
    (tmp_path / "models.py").write_text(source, encoding="utf-8")
    completed = run_cli("check", "--isolated", "--require-reason", "models.py", cwd=tmp_path)
    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert [line.split()[1] + " " + line.split()[5] for line in lines] == [
        "NEV103 Person.nationality", "NEV101 Person.caste", "NEV102 Person.faith", "NEV101 Person.tribe",
    ]
    assert lines[1].endswith('[its noqa gives no reason; write "# noqa: NEV101 -- reviewed: <why>"]')
    assert lines[2].endswith("[its noqa comment still has a placeholder reason; write why this data is needed]")
    # The same from configuration; the codes stay the rule codes (no new code for this).
    (tmp_path / "pyproject.toml").write_text("[tool.neveragain]\nrequire-reason = true\n", encoding="utf-8")
    status, out, _ = run_main("check", "--format", "json", "models.py", cwd=tmp_path)
    report = json.loads(out)
    assert status == 1 and [f["code"] for f in report["findings"]] == ["NEV103", "NEV101", "NEV102", "NEV101"]
    assert [s["symbol"] for s in report["suppressed"]] == ["Person.religion", "Person.ethnicity"]
    # Without it, a bare noqa still silences, as in flake8.
    (tmp_path / "pyproject.toml").write_text("[tool.neveragain]\nrequire-reason = false\n", encoding="utf-8")
    assert [f["symbol"] for f in json.loads(run_main("check", "--format", "json", "models.py", cwd=tmp_path)[1])[
        "findings"]] == ["Person.nationality"]


def test_require_reason_with_file_level_noqa_and_sql(run_main, tmp_path):
    (tmp_path / "gen.py").write_text("# flake8: noqa\nclass A(models.Model):\n    religion = models.CharField()\n")
    (tmp_path / "ok.py").write_text("# flake8: noqa -- reviewed: generated; see DATA-3\n"
                                    "class B(models.Model):\n    religion = models.CharField()\n")
    (tmp_path / "s.sql").write_text("CREATE TABLE t (\n  religion text -- noqa: NEV102\n);\n"
                                    "CREATE TABLE u (\n  religion text -- noqa: NEV102 -- reviewed: chaplaincy\n);\n")
    _, out, _ = run_main("check", "--isolated", "--require-reason", "--format", "json", ".", cwd=tmp_path)
    report = json.loads(out)
    assert [(f["path"], f["line"]) for f in report["findings"]] == [("gen.py", 3), ("s.sql", 2)]
    assert '"# flake8: noqa" without a reason' in report["findings"][0]["message"]
    assert 'write "-- noqa: NEV102 -- reviewed: <why>"' in report["findings"][1]["message"]
    assert [(s["path"], s["noqa"], s["reason"]) for s in report["suppressed"]] == [
        ("ok.py", "file", "generated; see DATA-3"), ("s.sql", "line", "chaplaincy"),
    ]


def test_require_reason_must_be_a_boolean(run_main, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.neveragain]\nrequire-reason = "yes"\n', encoding="utf-8")
    status, _, err = run_main("check", ".", cwd=tmp_path)
    assert status == 2 and "require-reason: expected true or false" in err


def test_suppressed_findings_keep_stable_fingerprints(run_main, tmp_path):
    path = tmp_path / "models.py"
    path.write_text("class A(models.Model):\n    religion = models.CharField()\n")
    before = json.loads(run_main("check", "--isolated", "--format", "json", ".", cwd=tmp_path)[1])["findings"][0]
    path.write_text("\n\nclass A(models.Model):\n    religion = models.CharField()  # noqa: NEV102 -- reviewed: x\n")
    after = json.loads(run_main("check", "--isolated", "--format", "json", ".", cwd=tmp_path)[1])["suppressed"][0]
    assert before["fingerprint"] == after["fingerprint"]


def test_flake8_plugin_is_unaffected_by_require_reason_config(run_flake8, tmp_path):
    """flake8 applies noqa itself; the CLI-only keys in pyproject must not break it."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.neveragain]\nrequire-reason = true\nbaseline = "b.json"\n', encoding="utf-8")
    (tmp_path / "m.py").write_text("class A(models.Model):\n    religion = models.CharField()  # noqa: NEV102\n")
    completed = run_flake8("--select", "NEV", "m.py", cwd=tmp_path)
    assert (completed.returncode, completed.stdout) == (0, ""), completed.stderr


NOQA_VARIANTS = [
    "", "# noqa", "# NOQA", "# noqa: NEV102", "# noqa:NEV102", "# noqa: nev102", "# noqa: NEV1",
    "# noqa: E501,NEV102", "# noqa: E501, NEV102", "# noqa:E501 NEV102", "# noqa: NEV101", "# noqa NEV101",
    "# noqa : NEV101", "# noqa: NEV102 -- reviewed: why", "# noqa: NEV101 -- reviewed: NEV102 EEO1",
    "# noqa -- reviewed: why", "# keep  # noqa: NEV102", "# noqa:NEV102,-- reviewed", "#noqa: NEV102",
]


def test_cli_and_flake8_agree_on_every_noqa_variant(run_flake8, run_main, tmp_path):
    lines = ["class A(models.Model):"]
    for index, comment in enumerate(NOQA_VARIANTS):
        lines.append(f"    religion_{index} = models.CharField()  {comment}".rstrip())
    (tmp_path / "m.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    flake8 = run_flake8("--isolated", "--select", "NEV", "m.py", cwd=tmp_path)
    by_flake8 = sorted(int(line.split(":")[1]) for line in flake8.stdout.splitlines())
    # Both with every code on: NEV001 (a noqa naming NEV101 silences nothing) must agree too.
    _, out, _ = run_main("check", "--isolated", "--select", "NEV", "--format", "json", "m.py", cwd=tmp_path)
    by_cli = sorted(f["line"] for f in json.loads(out)["findings"])
    assert by_cli == by_flake8
    reported = {NOQA_VARIANTS[line - 2] for line in by_cli}
    # flake8 reads the comment only with a space after the hash; "noqa : X" and "noqa X" are blanket.
    assert reported == {"", "# noqa: nev102", "# noqa: NEV101", "# noqa: NEV101 -- reviewed: NEV102 EEO1", "#noqa: NEV102"}


def test_review_adds_the_code_next_to_a_lowercase_one():
    from flake8_neveragain.review.add_noqa import merge_noqa
    from flake8_neveragain.review.noqa import NOQA_INLINE

    assert merge_noqa("# noqa: nev102", ["NEV102"], "why", NOQA_INLINE, "#") == "# noqa: nev102,NEV102 -- reviewed: why"
