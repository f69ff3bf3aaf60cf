"""flake8-style text: one line per finding on stdout, errors and a summary on stderr."""

from __future__ import annotations

from .result import RunResult


def render_text(result: RunResult) -> tuple[str, str]:
    """(stdout, stderr): one line per finding, one line per error, a summary."""
    out = "".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n" for f in result.findings)
    err = "".join(f"{e.path}: error: {e.message}\n" for e in result.errors)
    err += summary_line(result) + "\n"
    baseline = result.baseline
    if baseline is not None and baseline.stale:
        entries = "entry is" if baseline.stale == 1 else "entries are"
        err += (
            f"neveragain: {baseline.stale} {entries} in {baseline.path} but no longer found; "
            "`neveragain baseline --prune` removes them\n"
        )
    return out, err


def summary_line(result: RunResult) -> str:
    count = len(result.findings)
    noun = "finding" if count == 1 else "findings"
    files = "file" if result.files_checked == 1 else "files"
    line = f"neveragain: {count} {noun} in {result.files_checked} {files} checked"
    if result.errors:
        line += f", {len(result.errors)} could not be read"
    if result.baseline is not None and result.baseline.matched:
        line += f", {result.baseline.matched} more known in {result.baseline.path}"
    return line
