"""The JSON report (a contract: the keys of `findings` and `errors` must stay).

Beyond the contract: `suppressed` lists the findings a noqa comment
silenced, each with the `reason` written after `--` (null if none) and
`noqa` ("line" or "file"), so the record of what was reviewed is not lost;
`baseline` says which baseline file was applied, how many findings it hid
and how many of its entries are stale (null when no baseline was used).
"""

from __future__ import annotations

import json
from typing import Any

from flake8_neveragain import __version__
from flake8_neveragain.files.pathtext import valid_text
from flake8_neveragain.findings import Finding
from flake8_neveragain.reports.result import RunResult

JSON_FINDING_KEYS = (
    "path", "line", "column", "end_line", "end_column", "code", "category",
    "message", "url", "source", "symbol", "evidence", "fingerprint",
)


def finding_dict(finding: Finding) -> dict[str, Any]:
    document = {key: getattr(finding, key) for key in JSON_FINDING_KEYS}
    document["path"] = valid_text(finding.path)  # valid UTF-8 whatever the file system holds
    return document


def render_json(result: RunResult) -> str:
    baseline = result.baseline
    document = {
        "version": __version__,
        "findings": [finding_dict(f) for f in result.findings],
        "errors": [{"path": valid_text(e.path), "message": e.message} for e in result.errors],
        "suppressed": [
            {**finding_dict(item.finding), "noqa": item.kind, "reason": item.reason} for item in result.suppressed
        ],
        "baseline": None if baseline is None else {
            "path": valid_text(baseline.path), "matched": baseline.matched, "stale": baseline.stale,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
