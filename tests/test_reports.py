"""Every output format: golden output, hostile content, determinism, schema validity, severity.

The renderers are tested on a small fixed run (exact expected bytes under
tests/golden/); the real CLI is then run in a subprocess for what users see:
--format, --output, exit codes and errors.
"""

from __future__ import annotations

import json
import os
import re
from argparse import Namespace
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest
from flake8.violation import Violation

from conftest import REPO
from flake8_neveragain import __version__
from flake8_neveragain.findings import FileError, Finding, SuppressedFinding
from flake8_neveragain.formatter import GithubFormatter
from flake8_neveragain.reports import FORMATS, BaselineSummary, RunResult, render
from flake8_neveragain.reports.github import ANNOTATION, escape_data, escape_property
from flake8_neveragain.reports.gitlab import SEVERITY as GITLAB_SEVERITY
from flake8_neveragain.reports.sarif import LEVEL as SARIF_LEVEL
from flake8_neveragain.rules.registry import (
    HIGH,
    LOW,
    MEDIUM,
    NEV000,
    NEV001,
    NEV102,
    NEV202,
    REPORTED_CODES,
    RULES,
    RULES_BY_CODE,
    SEVERITIES,
)

GOLDEN = Path(__file__).parent / "golden"
SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
URL = "https://docs.example.org/rules/"


def finding(path="app/models.py", line=6, column=5, end_line=6, end_column=47, code="NEV102",
            symbol="Person.religion", message=None, fingerprint="0123456789abcdef0123") -> Finding:
    category = {"NEV101": "race_ethnicity", "NEV102": "religion", "NEV103": "national_origin"}[code]
    return Finding(
        path=path, line=line, column=column, end_line=end_line, end_column=end_column, code=code,
        category=category,
        message=message or f"Django model field {symbol} may record something: is collecting it necessary? "
                           f"See {URL}{code}.md",
        url=f"{URL}{code}.md", source="django-model", symbol=symbol, evidence=f"name token '{symbol}'",
        fingerprint=fingerprint,
    )


SAMPLE = RunResult(
    findings=[
        finding(),
        finding(path="app/models.py", line=9, column=5, end_line=11, end_column=6, code="NEV101",
                symbol="Person.ethnic_grp", fingerprint="fedcba9876543210fedc"),
        finding(path="db/schema.sql", line=3, column=3, end_line=3, end_column=19, code="NEV103",
                symbol="person.nationality", fingerprint="00112233445566778899"),
    ],
    errors=[FileError("broken.py", "syntax error at line 1, column 14: invalid syntax")],
    files_checked=4,
    suppressed=[SuppressedFinding(finding(line=14, symbol="Member.faith", fingerprint="aaaaaaaaaaaaaaaaaaaa"),
                                  "line", "required for EEO-1 reporting, ticket LEGAL-12")],
)
GOLDEN_NAMES = {"text": "sample.txt", "json": "sample.json", "sarif": "sample.sarif",
                "github": "sample.github.txt", "gitlab": "sample.gitlab.json"}


def _golden_text(format: str) -> str:
    report, notes = render(SAMPLE, format)
    text = report if format != "text" else report + "--- stderr ---\n" + notes
    return text.replace(__version__, "<VERSION>")


@pytest.mark.parametrize("format", FORMATS)
def test_golden_output(format):
    path = GOLDEN / GOLDEN_NAMES[format]
    actual = _golden_text(format)
    if os.environ.get("NEVERAGAIN_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8", newline="")
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs; NEVERAGAIN_UPDATE_GOLDEN=1 rewrites it"


def test_every_format_has_a_golden_file():
    assert set(GOLDEN_NAMES) == set(FORMATS)


@pytest.mark.parametrize("format", FORMATS)
def test_empty_run_renders(format):
    report, _ = render(RunResult([], [], 0), format)
    assert report == "" if format == "text" else report.endswith("\n")


# -- hostile content ---------------------------------------------------------

HOSTILE_PATH = 'we,ird:dir/100% "quoted" \'single\' ünïcödé::x,y.py'
HOSTILE_SYMBOL = 'Per::son,"x"%0A.relig%ion ✓'
HOSTILE_MESSAGE = 'field Per::son,"x"%0A may record religion,\nsecond line\r\nthird: 100% ✓ ::end'
HOSTILE = RunResult(
    findings=[finding(path=HOSTILE_PATH, symbol=HOSTILE_SYMBOL, message=HOSTILE_MESSAGE),
              finding(path=HOSTILE_PATH, line=8, end_line=8, symbol=HOSTILE_SYMBOL, message=HOSTILE_MESSAGE,
                      fingerprint="1111111111aaaaaaaaaa")],
    errors=[FileError("bad\nname,%::.sql", "cannot decode: 'x'\n%")],
    files_checked=2,
)


def _unescape(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match.group(2).split(","))
    return match.group(1), {k: _unescape(v) for k, v in properties.items()}, _unescape(match.group(3))


def test_github_escaping_round_trips_hostile_content():
    report, _ = render(HOSTILE, "github")
    lines = report.splitlines()
    assert len(lines) == 4  # two findings, one error, the summary: no stray line breaks
    kind, properties, message = _parse_command(lines[0])
    assert (kind, properties["file"], properties["title"], message) == ("warning", HOSTILE_PATH, "NEV102", HOSTILE_MESSAGE)
    kind, properties, message = _parse_command(lines[2])
    assert (kind, properties["file"]) == ("error", "bad\nname,%::.sql")
    assert message.endswith("cannot decode: 'x'\n%")
    assert lines[3].startswith("neveragain: 2 findings")


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a::b,c", "a::b,c", "a%3A%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_github_escape_rules(raw, data, prop):
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_github_leaves_out_columns_for_multi_line_findings():
    report, _ = render(SAMPLE, "github")
    multi = next(line for line in report.splitlines() if "NEV101" in line)
    assert "line=9,endLine=11,title=NEV101" in multi
    assert "col=" not in multi and "endColumn=" not in multi


def test_github_summary_mentions_the_annotation_limit():
    many = RunResult([finding(line=n, end_line=n, fingerprint=f"{n:020d}") for n in range(1, 13)], [], 1)
    report, _ = render(many, "github")
    assert report.splitlines()[-1].startswith("neveragain: 12 findings in 1 file checked; GitHub shows only the first 10")


def test_json_round_trips_hostile_content():
    document = json.loads(render(HOSTILE, "json")[0])
    assert document["findings"][0]["path"] == HOSTILE_PATH
    assert document["findings"][0]["message"] == HOSTILE_MESSAGE
    assert document["errors"][0]["path"] == "bad\nname,%::.sql"


def test_gitlab_round_trips_hostile_content_and_fingerprints_are_unique():
    issues = json.loads(render(HOSTILE, "gitlab")[0])
    assert [issue["location"]["path"] for issue in issues] == [HOSTILE_PATH, HOSTILE_PATH, "bad\nname,%::.sql"]
    assert issues[0]["description"] == f"NEV102 {HOSTILE_MESSAGE}"
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["lines"]["begin"], int)


def test_sarif_round_trips_hostile_content():
    document = json.loads(render(HOSTILE, "sarif")[0])
    result = document["runs"][0]["results"][0]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert re.fullmatch(r"[A-Za-z0-9/%._~-]+", uri), uri  # percent-encoded, nothing raw
    assert unquote(uri) == HOSTILE_PATH
    assert result["message"]["text"] == HOSTILE_MESSAGE
    notification = document["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
    assert unquote(notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) == "bad\nname,%::.sql"


def test_text_passes_hostile_characters_through():
    result = RunResult([finding(path=HOSTILE_PATH, symbol=HOSTILE_SYMBOL, message="a,b::c % ✓ \"q\"")], [], 1)
    out, _ = render(result, "text")
    assert out == f"{HOSTILE_PATH}:6:5: NEV102 a,b::c % ✓ \"q\"\n"


# -- SARIF against the official schema -----------------------------------------

def _load_validator():
    if not SARIF_SCHEMA.is_file():
        return None
    from jsonschema import Draft4Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


@pytest.fixture(scope="module")
def sarif_validator():
    validator = _load_validator()
    if validator is None:
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (it lives in the shared folder beside the repo)")
    return validator


# Every way a finding is silenced: a reason, no reason, a whole-file noqa.
SUPPRESSED_EVERY_WAY = RunResult(
    findings=[],
    errors=[],
    files_checked=2,
    suppressed=[
        SuppressedFinding(finding(), "line", 'chaplaincy rota, "OPS-7" ✓'),
        SuppressedFinding(finding(line=8, end_line=8, symbol="Person.faith", fingerprint="b" * 20), "line", None),
        SuppressedFinding(finding(path="app/legacy.py", fingerprint="c" * 20), "file", "legacy import, ticket OPS-9"),
    ],
)


@pytest.mark.parametrize("result", [SAMPLE, HOSTILE, SUPPRESSED_EVERY_WAY, RunResult([], [], 0)],
                         ids=["sample", "hostile", "suppressed", "empty"])
def test_sarif_is_valid_against_the_official_schema(sarif_validator, result):
    document = json.loads(render(result, "sarif")[0])
    errors = sorted(sarif_validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_sarif_has_what_code_scanning_needs():
    document = json.loads(render(SAMPLE, "sarif")[0])
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["NEV101", "NEV102", "NEV103"]
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["helpUri"] == f"{URL}{rule['id']}.md"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == "warning" and result["message"]["text"]
        assert result["partialFingerprints"]["neveragain/v1"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    # The reviewed finding is a result too, suppressed in the source with its reason; the others are not suppressed.
    suppressed = {r["properties"]["symbol"]: r["suppressions"] for r in run["results"] if "suppressions" in r}
    assert suppressed == {
        "Member.faith": [{"kind": "inSource", "justification": "required for EEO-1 reporting, ticket LEGAL-12"}],
    }
    assert len(run["results"]) == len(SAMPLE.findings) + len(SAMPLE.suppressed)


def test_sarif_suppressions_carry_the_reason_and_leave_it_out_when_there_is_none():
    run = json.loads(render(SUPPRESSED_EVERY_WAY, "sarif")[0])["runs"][0]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [NEV102]
    assert [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["suppressions"])
            for r in run["results"]] == [
        ("app/legacy.py", [{"kind": "inSource", "justification": "legacy import, ticket OPS-9"}]),
        ("app/models.py", [{"kind": "inSource", "justification": 'chaplaincy rota, "OPS-7" ✓'}]),
        ("app/models.py", [{"kind": "inSource"}]),
    ]
    assert all(r["level"] == "warning" for r in run["results"])


def test_sarif_describes_every_code_a_finding_can_carry():
    findings = [replace(finding(), code=code, category=RULES_BY_CODE[code].category, url=f"{URL}{code}.md")
                for code in sorted(REPORTED_CODES)]
    rules = json.loads(render(RunResult(findings, [], 1), "sarif")[0])["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(REPORTED_CODES)
    names = [rule["name"] for rule in rules]
    assert len(set(names)) == len(names) and all(re.fullmatch(r"(?:[A-Z][a-z]+)+", name) for name in names)
    for rule in rules:
        code, full = rule["id"], rule["fullDescription"]["text"]
        assert rule["shortDescription"]["text"][:1].isupper()
        if RULES_BY_CODE[code].demographic:
            assert full.startswith("Flags a schema field, column or enumeration that looks like it stores a person's ")
        elif code == NEV001:
            assert full.startswith("Flags a noqa comment that names a NEV code")
        else:
            assert full.startswith("Flags code that leaves ") and "Encryption should stay the default" in full
        # NEV001's review keeps a comment on purpose: it lists NEV001 beside the code it keeps.
        kept = f"<code>, {code}" if code == NEV001 else code
        assert f"# noqa: {kept} -- reviewed: <why it is needed, ticket>" in rule["help"]["text"]
        assert f"See [{code}]({URL}{code}.md)" in rule["help"]["markdown"]


def test_sarif_paths_are_relative_even_for_files_outside_the_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outside = RunResult([finding(path=str(tmp_path.parent / "elsewhere" / "m.py"))], [], 1)
    uri = json.loads(render(outside, "sarif")[0])["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "../elsewhere/m.py"


def test_text_summary_with_a_baseline():
    result = RunResult([finding()], [], 3, baseline=BaselineSummary(".neveragain-baseline.json", 4, 2))
    _, notes = render(result, "text")
    assert notes == (
        "neveragain: 1 finding in 3 files checked, 4 more known in .neveragain-baseline.json\n"
        "neveragain: 2 entries are in .neveragain-baseline.json but no longer found; "
        "`neveragain baseline --prune` removes them\n"
        # Last, after every other note: how to record a review of what was found.
        'neveragain: to record a review, add "# noqa: NEV102 -- reviewed: <why>" to the reported line '
        '("-- noqa: ..." in SQL), or run "neveragain review --add-noqa"\n'
    )


# -- severity: one level per code, each format in its own words ------------------

def coded(code: str, **changes) -> Finding:
    """A finding of any code (the sample's `finding` knows only the demographic ones)."""
    rule = RULES_BY_CODE[code]
    return replace(finding(**changes), code=code, category=rule.category, url=f"{URL}{code}.md")


FIELD_AND_ENCRYPTION = RunResult(
    [coded(NEV102), coded(NEV202, path="app/settings.py", symbol="psycopg2.connect", fingerprint="e" * 20)], [], 2,
)


def levels(format: str, report: str) -> dict[str, str]:
    """{code: the level the report gives it}, read the way each CI system reads it."""
    if format == "sarif":
        run = json.loads(report)["runs"][0]
        rules = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in run["tool"]["driver"]["rules"]}
        results = {result["ruleId"]: result["level"] for result in run["results"]}
        assert results == {code: rules[code] for code in results}  # results say what their rule says
        return results
    if format == "gitlab":
        return {issue["check_name"]: issue["severity"] for issue in json.loads(report)}
    commands = [_parse_command(line) for line in report.splitlines() if line.startswith("::")]
    return {properties["title"]: kind for kind, properties, _ in commands}


EXPECTED_LEVELS = {
    "sarif": {NEV202: "error", NEV102: "warning"},
    "github": {NEV202: "error", NEV102: "warning"},
    "gitlab": {NEV202: "critical", NEV102: "minor"},
}


@pytest.mark.parametrize("format", sorted(EXPECTED_LEVELS))
def test_encryption_turned_off_ranks_above_a_field(format):
    assert levels(format, render(FIELD_AND_ENCRYPTION, format)[0]) == EXPECTED_LEVELS[format]


def test_sarif_marks_only_encryption_rules_as_security():
    rules = json.loads(render(FIELD_AND_ENCRYPTION, "sarif")[0])["runs"][0]["tool"]["driver"]["rules"]
    properties = {rule["id"]: rule["properties"] for rule in rules}
    assert properties[NEV202] == {"tags": ["privacy", "security", "neveragain"], "problem.severity": "error",
                                  "security-severity": "7.5"}
    assert properties[NEV102] == {"tags": ["privacy", "neveragain"], "problem.severity": "warning"}


def test_encryption_codes_are_high_field_codes_medium_and_a_stale_noqa_low():
    assert {rule.code: rule.severity for rule in RULES} == {
        rule.code: LOW if rule.code == NEV001 else MEDIUM if rule.demographic else HIGH for rule in RULES
    }


SEVERITY_ROW = re.compile(
    r"^\| (\w+) \| (NEV\d{3}(?:, NEV\d{3})*) \| `(\w+)` \| `::(\w+)` \| `(\w+)` \|$", re.MULTILINE,
)


def test_readme_severity_table_matches_the_registry_and_every_format():
    rows = SEVERITY_ROW.findall((REPO / "README.md").read_text(encoding="utf-8"))
    assert [row[0] for row in rows] == list(SEVERITIES), "one row per severity, in the registry's order"
    for severity, codes, sarif, github, gitlab in rows:
        assert codes.split(", ") == [rule.code for rule in RULES if rule.severity == severity], severity
        assert (sarif, github, gitlab) == (SARIF_LEVEL[severity], ANNOTATION[severity], GITLAB_SEVERITY[severity])


# -- the real CLI --------------------------------------------------------------

MODELS = (
    "from django.db import models\n\n\n"
    "class Person(models.Model):\n"
    "    name = models.CharField(max_length=100)\n"
    "    religion = models.CharField(max_length=20)\n"
    "    faith = models.CharField(max_length=20)  # noqa: NEV102 -- reviewed: chaplaincy rota, ticket OPS-7\n"
)
HOSTILE_SQL = 'CREATE TABLE "Per::son,%0A ✓" (\n  "religion, 100%::x" text\n);\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text(MODELS, encoding="utf-8")
    odd = tmp_path / 'we,ird:dir 100% "q"'
    odd.mkdir()
    (odd / "schéma::x,y.sql").write_text(HOSTILE_SQL, encoding="utf-8")
    (tmp_path / "broken.py").write_text("class Broken(:\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("format", FORMATS)
def test_cli_every_format_with_output_file_is_deterministic(run_cli, project, format):
    first = run_cli("check", "--isolated", "--format", format, "--output", "report.out", ".", cwd=project)
    assert first.returncode == 1, first.stderr
    assert first.stdout == ""
    written = (project / "report.out").read_bytes()
    second = run_cli("check", "--isolated", "--format", format, ".", cwd=project)
    assert second.returncode == 1
    assert second.stdout.encode("utf-8") == written  # same bytes to a file or to stdout, run after run
    text = written.decode("utf-8")
    assert str(project) not in text  # no absolute path of this machine
    assert not [p for p in project.iterdir() if p.name.startswith(".report.out")]  # no temporary file left
    if format in ("json", "sarif", "gitlab"):
        document = json.loads(text)
        if format == "sarif":
            validator = _load_validator()  # None without the schema: the rest still runs
            assert validator is None or not list(validator.iter_errors(document))
            uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    for r in document["runs"][0]["results"]]
            assert unquote(uris[-1]) == 'we,ird:dir 100% "q"/schéma::x,y.sql'
    if format == "github":
        lines = text.splitlines()
        assert all(line.startswith(("::warning ", "::error ")) for line in lines[:-1])
        assert lines[-1] == "neveragain: 2 findings in 3 files checked, 1 could not be read"
        _, properties, message = _parse_command(lines[1])
        assert properties["file"] == 'we,ird:dir 100% "q"/schéma::x,y.sql'
        assert "Per::son,%0A ✓" in message


def test_cli_json_lists_suppressed_findings_with_their_reasons(run_json, project):
    status, report = run_json("--isolated", "app/models.py", cwd=project)
    assert status == 1
    assert [f["symbol"] for f in report["findings"]] == ["Person.religion"]
    (suppressed,) = report["suppressed"]
    assert suppressed["symbol"] == "Person.faith"
    assert suppressed["reason"] == "chaplaincy rota, ticket OPS-7"
    assert suppressed["noqa"] == "line" and suppressed["fingerprint"]
    assert report["baseline"] is None


SETTINGS = 'import psycopg2\n\nconnection = psycopg2.connect("host=db.internal dbname=app sslmode=disable")\n'


@pytest.fixture
def field_and_encryption(tmp_path: Path) -> Path:
    """A field to review (NEV102, and a reviewed one) and a connection with encryption turned off (NEV202)."""
    (tmp_path / "models.py").write_text(MODELS, encoding="utf-8")
    (tmp_path / "settings.py").write_text(SETTINGS, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("format", sorted(EXPECTED_LEVELS))
def test_cli_each_format_shows_the_level_of_the_code(run_cli, field_and_encryption, format):
    completed = run_cli("check", "--isolated", "--format", format, ".", cwd=field_and_encryption)
    assert completed.returncode == 1, completed.stderr
    assert levels(format, completed.stdout) == EXPECTED_LEVELS[format]


def test_flake8_github_format_shows_the_level_of_the_code(run_flake8, field_and_encryption):
    completed = run_flake8("--isolated", "--select", "NEV", "--format", "neveragain-github", ".",
                           cwd=field_and_encryption)
    assert completed.returncode == 1, completed.stderr
    assert levels("github", completed.stdout) == EXPECTED_LEVELS["github"]


def test_flake8_github_format_kinds_for_every_kind_of_code():
    """NEV codes by severity; a file flake8 or the plugin could not check is an error; other plugins warn."""
    formatter = GithubFormatter(Namespace(output_file=None, color="never"))
    kinds = {code: formatter.format(Violation(code, "m.py", 1, 1, "text", None)).split(" ")[0]
             for code in (NEV202, NEV102, NEV000, "E902", "F821")}
    assert kinds == {NEV202: "::error", NEV102: "::warning", NEV000: "::error", "E902": "::error", "F821": "::warning"}


REVIEWED = (
    "from django.db import models\n\n\n"
    "class Person(models.Model):\n"
    "    faith = models.CharField(max_length=20)  # noqa: NEV102 -- reviewed: chaplaincy rota, ticket OPS-7\n"
    "    religion = models.CharField(max_length=20)  # noqa: NEV102\n"
)


def sarif_results(completed) -> list[dict]:
    assert "Traceback" not in completed.stderr, completed.stderr
    document = json.loads(completed.stdout)
    validator = _load_validator()  # None without the schema: the rest still runs
    assert validator is None or not list(validator.iter_errors(document))
    return document["runs"][0]["results"]


def test_cli_sarif_lists_reviewed_findings_as_suppressed_and_exits_0(run_cli, tmp_path):
    (tmp_path / "models.py").write_text(REVIEWED, encoding="utf-8")
    completed = run_cli("check", "--isolated", "--format", "sarif", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr  # suppressed results are not findings
    results = sarif_results(completed)
    assert [(r["ruleId"], r["properties"]["symbol"], r["suppressions"]) for r in results] == [
        (NEV102, "Person.faith", [{"kind": "inSource", "justification": "chaplaincy rota, ticket OPS-7"}]),
        (NEV102, "Person.religion", [{"kind": "inSource"}]),
    ]


def test_cli_sarif_does_not_suppress_what_is_still_reported(run_cli, tmp_path):
    (tmp_path / "models.py").write_text(REVIEWED + "    ethnic_origin = models.CharField(max_length=20)\n",
                                        encoding="utf-8")
    completed = run_cli("check", "--isolated", "--require-reason", "--format", "sarif", ".", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    suppressions = {r["properties"]["symbol"]: r.get("suppressions") for r in sarif_results(completed)}
    assert suppressions == {
        "Person.faith": [{"kind": "inSource", "justification": "chaplaincy rota, ticket OPS-7"}],
        "Person.religion": None,  # its noqa gives no reason, and reasons are required: reported
        "Person.ethnic_origin": None,
    }


def test_cli_sarif_leaves_baselined_findings_out(run_cli, tmp_path):
    (tmp_path / "models.py").write_text(MODELS, encoding="utf-8")
    assert run_cli("baseline", "--isolated", cwd=tmp_path).returncode == 0
    completed = run_cli("check", "--isolated", "--format", "sarif", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert [r["properties"]["symbol"] for r in sarif_results(completed)] == ["Person.faith"]  # the reviewed one
    everything = run_cli("check", "--isolated", "--no-baseline", "--format", "sarif", ".", cwd=tmp_path)
    assert everything.returncode == 1
    assert [r["properties"]["symbol"] for r in sarif_results(everything)] == ["Person.religion", "Person.faith"]


def test_cli_unknown_format_is_a_usage_error(run_cli, project):
    completed = run_cli("check", "--format", "xml", ".", cwd=project)
    assert completed.returncode == 2
    assert "invalid choice: 'xml'" in completed.stderr


def test_cli_unwritable_output_is_a_usage_error_and_writes_nothing(run_cli_unprivileged, project):
    locked = project / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    target = "locked/report.sarif"
    try:  # as root too: the CLI runs without root's permission override
        completed = run_cli_unprivileged("check", "--format", "sarif", "--output", target, ".", cwd=project)
    finally:
        locked.chmod(0o755)
    assert completed.returncode == 2
    assert completed.stderr.startswith(f"neveragain: error: cannot write report {target}")
    assert len(completed.stderr.splitlines()) == 1
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("target", ["missing-dir/report.json", "app"])
def test_cli_output_to_a_missing_directory_or_a_directory_fails_cleanly(run_cli, project, target):
    completed = run_cli("check", "--format", "json", "--output", target, ".", cwd=project)
    assert completed.returncode == 2
    assert len(completed.stderr.strip().splitlines()) == 1 and "Traceback" not in completed.stderr
    assert completed.stdout == ""


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    from flake8_neveragain.config.settings import ConfigError
    from flake8_neveragain.files.output import write_atomic

    target = tmp_path / "report.json"
    target.write_bytes(b"old")

    def refuse(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ConfigError, match="No space left on device"):
        write_atomic(target, b"new", "report")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
