"""GitLab Code Quality: a JSON array of Code Climate issues.

Each finding: description, check_name (the code), fingerprint (the
finding's content fingerprint, unique per finding), severity (the registry's
level of the code in GitLab's words, below), location.path and
location.lines. Files that could not be read are entries with check_name
`neveragain-error` and severity `info` on line 1, so a merge request shows
what was not checked.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flake8_neveragain.files.pathtext import valid_text
from flake8_neveragain.reports.result import RunResult
from flake8_neveragain.rules.registry import HIGH, LOW, MEDIUM, RULES_BY_CODE, Severity

# GitLab's scale is info, minor, major, critical, blocker. SonarQube, which
# uses the same five words, calls a security flaw critical and keeps blocker
# for bugs that break the program in production. Encryption turned off is a
# security flaw: `critical`. A review prompt is not a defect: `minor`. A
# stale noqa comment is housekeeping: `info`.
SEVERITY: dict[Severity, str] = {HIGH: "critical", MEDIUM: "minor", LOW: "info"}
ERROR_SEVERITY = "info"


def _error_fingerprint(path: str, message: str) -> str:
    return hashlib.sha256(f"neveragain-error\0{valid_text(path)}\0{message}".encode()).hexdigest()[:20]


def build_gitlab(result: RunResult) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = [
        {
            "description": f"{finding.code} {finding.message}",
            "check_name": finding.code,
            "fingerprint": finding.fingerprint,
            "severity": SEVERITY[RULES_BY_CODE[finding.code].severity],
            "location": {"path": valid_text(finding.path), "lines": {"begin": finding.line, "end": finding.end_line}},
        }
        for finding in result.findings
    ]
    issues += [
        {
            "description": f"neveragain could not check this file: {error.message}",
            "check_name": "neveragain-error",
            "fingerprint": _error_fingerprint(error.path, error.message),
            "severity": ERROR_SEVERITY,
            "location": {"path": valid_text(error.path), "lines": {"begin": 1}},
        }
        for error in result.errors
    ]
    return issues


def render_gitlab(result: RunResult) -> str:
    return json.dumps(build_gitlab(result), indent=2, ensure_ascii=False) + "\n"
