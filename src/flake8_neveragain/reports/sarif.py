"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Driver rules are listed for the codes that occur, in code order. Each
result carries its rule, level, message, a region and a partial fingerprint
(`neveragain/v1`, the finding's content fingerprint, so an alert follows a
field that moves). Artifact URIs are relative to the directory the tool ran
in (`%SRCROOT%`), percent-encoded; no absolute path of the machine appears.
Files that could not be read become tool execution notifications. Rule
metadata (name, descriptions, help) is built from the rule registry.

Findings silenced by a reviewed noqa are not emitted: GitHub would open
alerts for them. The JSON report keeps them, with their reasons.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

from flake8_neveragain import __version__
from flake8_neveragain.files.pathtext import fs_path, valid_text
from flake8_neveragain.findings import Finding
from flake8_neveragain.reports.result import RunResult
from flake8_neveragain.rules.registry import RULES_BY_CODE, Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/flake8-neveragain/flake8-neveragain"
FINGERPRINT_KEY = "neveragain/v1"
SRCROOT = "%SRCROOT%"


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


def _rule(code: str, url: str) -> dict[str, Any]:
    rule = RULES_BY_CODE[code]
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": _full_description(rule)},
        "help": _help(rule, url),
        "helpUri": url,
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["privacy", "neveragain"], "problem.severity": "warning"},
    }


def _region(finding: Finding) -> dict[str, int]:
    region = {"startLine": max(finding.line, 1), "startColumn": max(finding.column, 1)}
    if (finding.end_line, finding.end_column) > (finding.line, finding.column):
        region["endLine"] = finding.end_line
        region["endColumn"] = max(finding.end_column, 1)
    return region


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": "warning",
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


def build_sarif(result: RunResult) -> dict[str, Any]:
    urls: dict[str, str] = {}
    for finding in result.findings:
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
                "results": [_result(finding, index[finding.code]) for finding in result.findings],
            }
        ],
    }


def render_sarif(result: RunResult) -> str:
    return json.dumps(build_sarif(result), indent=2, ensure_ascii=False) + "\n"
