"""`neveragain explain CODE` and `neveragain rules`.

The handlers are tested directly (a parser built with `add_subcommands`), and
through the real command line (cli/main.py dispatches to them).
"""

from __future__ import annotations

import argparse
import dataclasses
import re

import pytest

from flake8_neveragain.cli import explain
from flake8_neveragain.rules.registry import REPORTED_CODES, RULES

ALL_CODES = [rule.code for rule in RULES]
PLANNED: set[str] = set()


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="neveragain")
    commands = parser.add_subparsers(dest="command")
    explain.add_subcommands(commands)
    return parser


def run(capsys, *argv: str) -> tuple[int, str, str]:
    args = parser().parse_args(argv)
    status = args.handler(args)
    out, err = capsys.readouterr()
    return status, out, err


# --- explain -------------------------------------------------------------------

def test_explain_prints_the_page_as_plain_text(capsys):
    status, out, err = run(capsys, "explain", "NEV102")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "NEV102: religion or belief"
    assert lines[1] == "=" * len(lines[0])
    for section in ("What it does", "Why does it matter?", "Examples that fire",
                    "Examples that stay silent", "What to do instead",
                    "How to record a review", "References"):
        assert f"\n{section}\n{'-' * len(section)}\n" in out
    # Markdown is rendered, not shown: no fences, no bold markers, links spelled out.
    assert "```" not in out and "**" not in out
    assert "Never Again pledge (https://neveragain.tech/)" in out
    assert "Default: on · Category: `religion` · Status: reported" in out
    # Code examples are indented blocks.
    assert "    class Member(models.Model):" in out
    assert "        religion = models.CharField(max_length=40, blank=True)" in out


@pytest.mark.parametrize("code", ALL_CODES)
def test_every_page_renders_without_markup_left(capsys, code):
    status, out, _ = run(capsys, "explain", code)
    assert status == 0
    assert out.startswith(f"{code}: ")
    assert "```" not in out and "**" not in out and "<!--" not in out
    assert not re.search(r"\]\([^)]*\)", out), "a Markdown link was left as is"
    assert out.endswith("\n") and not out.endswith("\n\n")


def test_explain_accepts_lower_case_and_spaces(capsys):
    status, out, _ = run(capsys, "explain", " nev101 ")
    assert status == 0 and out.startswith("NEV101: ")


def test_explain_of_nev201_says_it_is_reported_and_how_to_list_own_types(capsys):
    status, out, _ = run(capsys, "explain", "NEV201")
    assert status == 0
    assert "Status: reported" in out and "planned" not in out
    assert 'encrypted-types = ["acme.crypto.SealedTextField", "VaultString"]' in out
    assert "\nAcross revisions\n" in out


@pytest.mark.parametrize("code", ["NEV999", "NEV1", "E501", "nonsense", ""])
def test_explain_of_an_unknown_code_is_a_one_line_usage_error(capsys, code):
    status, out, err = run(capsys, "explain", code)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"neveragain: error: unknown code {code!r}; valid codes: ")
    assert err.rstrip().endswith(", ".join(sorted(ALL_CODES)))


def test_explain_needs_a_code(capsys):
    with pytest.raises(SystemExit) as raised:
        parser().parse_args(["explain"])
    assert raised.value.code == 2


def test_a_missing_page_is_reported_not_raised(capsys, monkeypatch):
    def missing(code):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(explain, "page_source", missing)
    status, out, err = run(capsys, "explain", "NEV101")
    assert status == 2 and out == ""
    assert err.startswith("neveragain: error: cannot read the page for NEV101")


# --- rules ---------------------------------------------------------------------

def test_rules_lists_every_code_with_its_default_severity_and_summary(capsys):
    status, out, err = run(capsys, "rules")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(ALL_CODES)
    for rule, line in zip(sorted(RULES, key=lambda rule: rule.code), lines):
        code, default, severity, summary = re.match(r"^(NEV\d{3})  (on |off)  (\w+) +(.+)$", line).groups()
        assert default.strip() == ("on" if rule.default_on else "off")
        assert severity == rule.severity
        assert summary.startswith(rule.summary)
        assert summary.endswith("(planned, not yet reported)") == (code in PLANNED)


def test_rules_marks_as_planned_only_codes_no_finding_can_carry(capsys):
    _, out, _ = run(capsys, "rules")
    planned = {line.split()[0] for line in out.splitlines() if "planned" in line}
    assert planned == PLANNED
    assert planned.isdisjoint(REPORTED_CODES)


def test_rules_marks_a_code_the_registry_does_not_report_yet_as_planned(capsys, monkeypatch):
    planned = dataclasses.replace(RULES[0], reported=False)
    monkeypatch.setattr(explain, "RULES", (planned, *RULES[1:]))
    _, out, _ = run(capsys, "rules")
    default = "on " if planned.default_on else "off"
    assert out.splitlines()[0] == (
        f"{planned.code}  {default}  {planned.severity:<6}  {planned.summary} (planned, not yet reported)"
    )
    assert "planned" not in "".join(out.splitlines()[1:])


def test_rules_output_is_deterministic(capsys):
    first = run(capsys, "rules")
    second = run(capsys, "rules")
    assert first == second
    assert first[1] == (
        "NEV001  off  low     a noqa comment for a NEV code that silences nothing\n"
        "NEV101  on   medium  race, ethnicity, skin colour, ancestry, tribe or caste\n"
        "NEV102  on   medium  religion, belief, faith or religious membership\n"
        "NEV103  on   medium  national origin, nationality, birthplace, citizenship or immigration status\n"
        "NEV104  off  medium  political opinion, party or trade-union membership\n"
        "NEV105  off  medium  sexual orientation, gender identity or sex life\n"
        "NEV106  off  medium  health, genetic or biometric data\n"
        "NEV201  on   high    field-level encryption removed\n"
        "NEV202  on   high    connection encryption disabled or downgraded\n"
        "NEV203  on   high    encryption at rest turned off\n"
    )


# --- rendering details ---------------------------------------------------------

def test_render_page_handles_links_lists_and_indented_code():
    text = (
        "# NEV000: title\n"
        "\n"
        "<!-- a comment -->\n"
        "See [NEV103](NEV103.md), [the pledge](https://neveragain.tech/) and\n"
        "<https://example.org/x>; *emphasis* and **strong** and `code`.\n"
        "\n"
        "1. A step:\n"
        "\n"
        "   ```python silent\n"
        "   x = 1\n"
        "\n"
        "   if x:\n"
        "       pass\n"
        "   ```\n"
        "\n"
        "## Next\n"
    )
    assert explain.render_page(text) == (
        "NEV000: title\n"
        "=============\n"
        "\n"
        "See NEV103 (neveragain explain NEV103), the pledge (https://neveragain.tech/) and\n"
        "https://example.org/x; emphasis and strong and `code`.\n"
        "\n"
        "1. A step:\n"
        "\n"
        "       x = 1\n"
        "\n"
        "       if x:\n"
        "           pass\n"
        "\n"
        "Next\n"
        "----\n"
    )


# --- the real command line -------------------------------------------------------

def test_cli_explain(run_cli):
    completed = run_cli("explain", "NEV103")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("NEV103: national origin or immigration status\n")
    assert "Why does it matter?" in completed.stdout


def test_cli_explain_unknown_code(run_cli):
    completed = run_cli("explain", "NEV999")
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.startswith("neveragain: error: unknown code 'NEV999'; valid codes: NEV001, NEV101, ")
    assert completed.stderr.count("\n") == 1


def test_cli_rules(run_cli):
    completed = run_cli("rules")
    assert completed.returncode == 0, completed.stderr
    assert [line.split()[0] for line in completed.stdout.splitlines()] == sorted(ALL_CODES)
