"""flake8-style text: one line per finding on stdout, errors and a summary on stderr.

Every line goes through `one_line`: a newline in a file name or in a quoted
SQL identifier must not split a finding over two lines (a CI log, `grep`
or an editor's error parser reads one line as one finding).

The `check` switches shape this format only, the way flake8's default
formatter does: `--color` (flake8's colours), `--show-source` (the line and a
caret under the column), `--statistics` (a count per code after the findings)
and `--quiet` (no summary on stderr). Without them the bytes are what they
always were, except that a run with findings ends its notes with one line on
how to record a review (a blocked pre-commit hook shows it last).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flake8_neveragain.files.pathtext import one_line
from flake8_neveragain.findings import FileError, Finding
from flake8_neveragain.reports.result import RunResult
from flake8_neveragain.rules.registry import NEV001, RULES_BY_CODE

# flake8's default formatter colours (flake8/formatting/default.py), so a
# finding looks the same from either front door.
BOLD, RED, CYAN, RESET = "\033[1m", "\033[31m", "\033[36m", "\033[m"


@dataclass(frozen=True, slots=True)
class TextOptions:
    """What the switches of `check` change in the text report; the defaults change nothing."""

    color: bool = False
    # (path, line) -> that line of the file, for --show-source; None: no source shown.
    source: Mapping[tuple[str, int], str] | None = None
    statistics: bool = False
    quiet: bool = False  # findings and file errors only: no summary or notes on stderr


PLAIN = TextOptions()


def render_text(result: RunResult, options: TextOptions = PLAIN) -> tuple[str, str]:
    """(stdout, stderr): one line per finding; one line per error, a summary and, after findings, the review hint."""
    out = "".join(_finding_block(f, options) for f in result.findings)
    if options.statistics:
        out += "".join(line + "\n" for line in statistics_lines(result.findings))
    err = "".join(error_line(e) + "\n" for e in result.errors)
    if options.quiet:
        return out, err
    err += summary_line(result) + "\n"
    baseline = result.baseline
    if baseline is not None and baseline.stale:
        entries = "entry is" if baseline.stale == 1 else "entries are"
        err += one_line(
            f"neveragain: {baseline.stale} {entries} in {baseline.path} but no longer found; "
            "`neveragain baseline --prune` removes them"
        ) + "\n"
    if not result.files_checked and result.ignored_by_git:
        # A gate that checked nothing must not look like a clean one.
        paths = "path" if result.ignored_by_git == 1 else "paths"
        err += (f"neveragain: nothing was checked: git ignores what the walk found ({result.ignored_by_git} {paths}); "
                "`--no-respect-gitignore` checks it\n")
    # A stale noqa (NEV001) is fixed by removing it: no review to record for it.
    reviewable = [finding.code for finding in result.findings if finding.code != NEV001]
    if reviewable:
        err += review_hint(reviewable[0]) + "\n"
    return out, err


def finding_line(finding: Finding, color: bool = False) -> str:
    """`path:line:column: CODE message`, on one line; with `color`, as flake8 colours it."""
    if not color:
        return one_line(f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}")
    # Each part is made one line before the escapes go in, so only ours reach the terminal.
    colon = f"{CYAN}:{RESET}"
    return (f"{BOLD}{one_line(finding.path)}{RESET}{colon}{finding.line}{colon}{finding.column}{colon} "
            f"{BOLD}{RED}{one_line(finding.code)}{RESET} {one_line(finding.message)}")


def _finding_block(finding: Finding, options: TextOptions) -> str:
    block = finding_line(finding, options.color) + "\n"
    if options.source is not None:
        line = options.source.get((finding.path, finding.line))
        if line is not None:  # a file that changed or went away since: the finding alone, as flake8 does
            block += "".join(part + "\n" for part in source_and_caret(line, finding.column))
    return block


def source_and_caret(line: str, column: int) -> tuple[str, str]:
    """The source line, then a caret under `column` (1-based), as flake8's --show-source prints them.

    The line is the user's own source, printed as it is except that control
    characters are escaped like every other line here (a tab stays a tab, so
    indentation lines up): an escape sequence in a string literal must not drive
    the terminal, nor a form feed or U+2028 split the line.
    """
    shown = _shown(line)
    prefix = _shown(line[: max(0, column - 1)])
    # Tabs are kept so the caret lines up under a tab-indented line; everything else is a space.
    indent = "".join("\t" if char == "\t" else " " for char in prefix)
    return shown, indent + "^"


def _shown(text: str) -> str:
    return "\t".join(one_line(part) for part in text.split("\t"))


def statistics_lines(findings: Iterable[Finding]) -> list[str]:
    """`<count> <code> <summary>` per code, sorted by code: flake8's --statistics layout.

    flake8 repeats the first message of each code; a NEV message names one
    field, so the registry's summary of the code stands in for it.
    """
    counts = Counter(finding.code for finding in findings)
    lines = []
    for code in sorted(counts):
        rule = RULES_BY_CODE.get(code)
        summary = rule.summary if rule is not None else ""
        lines.append(one_line(f"{counts[code]:<5} {code} {summary}".rstrip()))
    return lines


def error_line(error: FileError) -> str:
    """`path: error: message`, on one line: every subcommand prints file errors so on stderr."""
    return one_line(f"{error.path}: error: {error.message}")


def review_hint(code: str) -> str:
    """The last note of a run with findings: how to record a review, so a blocked commit says what to do next.

    It names the first reported code a review can silence (not NEV001), so
    the comment can be pasted as it is, and `review --add-noqa` for writing
    many at once.
    """
    return one_line(
        f'neveragain: to record a review, add "# noqa: {code} -- reviewed: <why>" to the reported line '
        '("-- noqa: ..." in SQL), or run "neveragain review --add-noqa"'
    )


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
