"""flake8-style text: one line per finding on stdout, errors and a summary on stderr.

Every line goes through `one_line`: a newline in a file name or in a quoted
SQL identifier must not split a finding over two lines (a CI log, `grep`
or an editor's error parser reads one line as one finding).
"""

from __future__ import annotations

from flake8_neveragain.files.pathtext import one_line
from flake8_neveragain.findings import FileError, Finding
from flake8_neveragain.reports.result import RunResult


def render_text(result: RunResult) -> tuple[str, str]:
    """(stdout, stderr): one line per finding, one line per error, a summary."""
    out = "".join(finding_line(f) + "\n" for f in result.findings)
    err = "".join(error_line(e) + "\n" for e in result.errors)
    err += summary_line(result) + "\n"
    baseline = result.baseline
    if baseline is not None and baseline.stale:
        entries = "entry is" if baseline.stale == 1 else "entries are"
        err += one_line(
            f"neveragain: {baseline.stale} {entries} in {baseline.path} but no longer found; "
            "`neveragain baseline --prune` removes them"
        ) + "\n"
    return out, err


def finding_line(finding: Finding) -> str:
    """`path:line:column: CODE message`, on one line."""
    return one_line(f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}")


def error_line(error: FileError) -> str:
    """`path: error: message`, on one line: every subcommand prints file errors so on stderr."""
    return one_line(f"{error.path}: error: {error.message}")


def summary_line(result: RunResult) -> str:
    count = len(result.findings)
    noun = "finding" if count == 1 else "findings"
    files = "file" if result.files_checked == 1 else "files"
    line = f"neveragain: {count} {noun} in {result.files_checked} {files} checked"
    if result.errors:
        line += f", {len({error.path for error in result.errors})} could not be read"  # files, not errors
    if result.baseline is not None and result.baseline.matched:
        line += f", {result.baseline.matched} more known in {result.baseline.path}"
    return one_line(line)
