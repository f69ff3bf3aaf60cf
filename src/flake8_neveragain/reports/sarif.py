"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Driver rules are listed for the codes that occur, in code order. Each
result carries its rule, level, message, a region and a partial fingerprint
(`neveragain/v1`, the finding's content fingerprint, so an alert follows a
field that moves). Artifact URIs are relative to the directory the tool ran
in (`%SRCROOT%`), percent-encoded; no absolute path of the machine appears.
Files that could not be read become tool execution notifications. Rule
metadata (name, descriptions, help, severity) is built from the rule registry.

Severity: the registry's level of each code becomes the rule's
`defaultConfiguration.level` and each result's `level` (`error` for
encryption turned off, `warning` for a review prompt, `note` for a noqa
comment that silences nothing). Encryption rules are
also tagged `security` with a `security-severity` score, which GitHub code
scanning shows as High; a review prompt on a field is a privacy question, not
a vulnerability, so it gets neither.

Findings silenced by a noqa comment are results too, with an `inSource`
suppression (SARIF 2.1.0 section 3.35) whose `justification` is the reason
written after `--` (left out when there is none), so a SARIF viewer shows
the review instead of an open problem. GitHub code scanning still opens
alerts for them unless a step dismisses them (docs/ci.md says how).

Findings hidden by a baseline are left out, as before: a baseline records
known findings nobody has reviewed yet, with no reason to show, and the run
keeps only their count.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

from flake8_neveragain import __version__
from flake8_neveragain.files.pathtext import fs_path, valid_text
from flake8_neveragain.findings import Finding, SuppressedFinding
from flake8_neveragain.reports.result import RunResult
from flake8_neveragain.rules.registry import HIGH, LOW, MEDIUM, NOQA_CATEGORY, RULES_BY_CODE, Rule, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/flake8-neveragain/flake8-neveragain"
FINGERPRINT_KEY = "neveragain/v1"
SRCROOT = "%SRCROOT%"

# The registry's severity in SARIF's words: `level` of rules and results.
LEVEL: dict[Severity, str] = {HIGH: "error", MEDIUM: "warning", LOW: "note"}
# ... and in `problem.severity`, GitHub's property for results that are not security
# alerts, whose words are error, warning and recommendation (no `note`).
PROBLEM_SEVERITY: dict[Severity, str] = {HIGH: "error", MEDIUM: "warning", LOW: "recommendation"}
# GitHub code scanning reads `security-severity` (0.0 to 10.0) only on rules
# tagged `security`, and shows 7.0 to 8.9 as High. 7.5 is the CVSS 3 base score
# of a loss of confidentiality over the network and nothing else, the usual
# score of data sent in clear text (CWE-319).
SECURITY_SEVERITY: dict[Severity, str] = {HIGH: "7.5"}


def artifact_uri(path: str) -> str:
    """A relative, percent-encoded URI reference for a report path.

    The URI names the file's real bytes (`bad%FF.py`), so a viewer finds the
    file; the report path `bad\\xff.py` is its readable spelling.
    """
    if os.path.isabs(path):
        try:
            path = os.path.relpath(path)
        except ValueError:  # another drive on Windows: keep it relative at least
            path = os.path.splitdrive(path)[1].lstrip("/\\")
    return quote(_file_name_bytes(path.replace(os.sep, "/")), safe="/")


def _file_name_bytes(path: str) -> bytes:
    try:
        return fs_path(path).encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # not a name path_text made: its readable text will do
        return valid_text(path).encode("utf-8")


def _full_description(rule: Rule) -> str:
    if rule.category == NOQA_CATEGORY:
        return (
            f"Flags {rule.subject}. A review recorded in a noqa comment should stay next to the field "
            "it was written for: once the field is gone or moved, the comment only hides whatever "
            "appears on that line next."
        )
    if rule.demographic:
        return (
            f"Flags a schema field, column or enumeration that looks like it stores {rule.subject}. "
            "A stored list of people by such a trait is what registries used to single people out "
            "were built from. The finding is a prompt for the author and the reviewer: is collecting "
            "it necessary, and if it is, how is it minimised, protected and eventually deleted?"
        )
    return f"Flags code that leaves {rule.subject}. Encryption should stay the default for personal data."


def _help(rule: Rule, url: str) -> dict[str, str]:
    """Plain text and Markdown help: what the rule flags, how to record a review, the page."""
    full, code = _full_description(rule), rule.code
    if rule.category == NOQA_CATEGORY:
        return _noqa_help(full, code, url)
    plain = (
        f"{full}\n\n"
        "If the data is not needed, remove the field. If it is, record the review next to it, "
        f"for example `# noqa: {code} -- reviewed: <why it is needed, ticket>`.\n\n"
        f"Rule page: {url}"
    )
    markdown = (
        f"{full}\n\n"
        "If the data is not needed, remove the field. If it is, record the review next to it:\n\n"
        f"```python\nfield = ...  # noqa: {code} -- reviewed: <why it is needed, ticket>\n```\n\n"
        f"See [{code}]({url}) for why this matters and what to do instead."
    )
    return {"text": plain, "markdown": markdown}


def _noqa_help(full: str, code: str, url: str) -> dict[str, str]:
    """The help of NEV001: the fix is to remove or move the comment, not to review a field."""
    keep = f"# noqa: <code>, {code} -- reviewed: <why it is needed, ticket>"
    plain = (
        f"{full}\n\n"
        "Remove the code from the noqa comment, or move the comment to the line it was written for. "
        f"To keep it on purpose, list {code} in it too: `{keep}`.\n\n"
        f"Rule page: {url}"
    )
    markdown = (
        f"{full}\n\n"
        "Remove the code from the noqa comment, or move the comment to the line it was written for. "
        f"To keep it on purpose, list {code} in it too:\n\n"
        f"```python\n{keep}\n```\n\n"
        f"See [{code}]({url}) for details."
    )
    return {"text": plain, "markdown": markdown}


def _rule(code: str, url: str) -> dict[str, Any]:
    rule = RULES_BY_CODE[code]
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": _full_description(rule)},
        "help": _help(rule, url),
        "helpUri": url,
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": _rule_properties(rule),
    }


def _rule_properties(rule: Rule) -> dict[str, Any]:
    level = PROBLEM_SEVERITY[rule.severity]
    if rule.severity not in SECURITY_SEVERITY:
        return {"tags": ["privacy", "neveragain"], "problem.severity": level}
    return {
        "tags": ["privacy", "security", "neveragain"],
        "problem.severity": level,
        "security-severity": SECURITY_SEVERITY[rule.severity],
    }


def _region(finding: Finding) -> dict[str, int]:
    region = {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)}
    if (finding.end_line, finding.end_column) > (finding.line, finding.column):
        region["endLine"] = finding.end_line
        region["endColumn"] = max(finding.end_column, 1)
    return region


def _suppression(silenced: SuppressedFinding) -> dict[str, str]:
    """The noqa comment as a SARIF suppression: in the source, with its reason if it gives one."""
    suppression = {"kind": "inSource"}
    if silenced.reason:
        suppression["justification"] = silenced.reason
    return suppression


def _result(finding: Finding, rule_index: int, silenced: SuppressedFinding | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVEL[RULES_BY_CODE[finding.code].severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(finding.path), "uriBaseId": SRCROOT},
                    "region": _region(finding),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "category": finding.category,
            "symbol": finding.symbol,
            "source": finding.source,
            "evidence": finding.evidence,
        },
    }
    if silenced is not None:
        result["suppressions"] = [_suppression(silenced)]
    return result


def build_sarif(result: RunResult) -> dict[str, Any]:
    # Reported and silenced findings in one list, in the report's order (path,
    # line, column, code); a silenced one carries its noqa.
    entries: list[tuple[Finding, SuppressedFinding | None]] = [(finding, None) for finding in result.findings]
    entries += [(silenced.finding, silenced) for silenced in result.suppressed]
    entries.sort(key=lambda entry: entry[0].sort_key())
    urls: dict[str, str] = {}
    for finding, _ in entries:
        urls.setdefault(finding.code, finding.url)
    codes = sorted(urls)
    index = {code: position for position, code in enumerate(codes)}
    notifications = [
        {
            "level": "error",
            "message": {"text": f"could not check this file: {error.message}"},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(error.path), "uriBaseId": SRCROOT}}}
            ],
        }
        for error in result.errors
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "neveragain",
                        "fullName": "flake8-neveragain",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(code, urls[code]) for code in codes],
                    }
                },
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "results": [_result(finding, index[finding.code], silenced) for finding, silenced in entries],
            }
        ],
    }


def render_sarif(result: RunResult) -> str:
    return json.dumps(build_sarif(result), indent=2, ensure_ascii=False) + "\n"
