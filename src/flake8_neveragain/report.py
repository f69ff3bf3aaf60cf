"""Render a run's findings and errors: flake8-style text and the JSON contract."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from . import __version__
from .findings import FileError, Finding

JSON_FINDING_KEYS = (
    "path", "line", "column", "end_line", "end_column", "code", "category",
    "message", "url", "source", "symbol", "evidence", "fingerprint",
)


@dataclass(frozen=True, slots=True)
class RunResult:
    findings: Sequence[Finding]
    errors: Sequence[FileError]
    files_checked: int


def render_text(result: RunResult) -> tuple[str, str]:
    """(stdout, stderr): one line per finding, one line per error, a summary."""
    out = "".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n" for f in result.findings)
    err = "".join(f"{e.path}: error: {e.message}\n" for e in result.errors)
    count = len(result.findings)
    noun = "finding" if count == 1 else "findings"
    err += f"neveragain: {count} {noun} in {result.files_checked} files checked"
    err += f", {len(result.errors)} could not be read\n" if result.errors else "\n"
    return out, err


def render_json(result: RunResult) -> str:
    document = {
        "version": __version__,
        "findings": [{key: getattr(f, key) for key in JSON_FINDING_KEYS} for f in result.findings],
        "errors": [{"path": e.path, "message": e.message} for e in result.errors],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
