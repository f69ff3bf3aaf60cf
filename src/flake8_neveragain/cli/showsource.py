"""The source lines `check --show-source` prints under each finding.

The renderers are pure functions of the run, so the file system is read here:
once per file that has a finding, decoded as the checker decoded it (a coding
cookie for Python, UTF-8 for SQL) and cut into lines as Python's tokenizer
cuts them, so the line shown is the line the finding's number points at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flake8_neveragain.engine import SourceError, decode_python, decode_sql
from flake8_neveragain.files.boundedread import ReadRefused, read_regular
from flake8_neveragain.files.lines import split_lines
from flake8_neveragain.files.pathtext import fs_path
from flake8_neveragain.findings import Finding

# A source file is read again only to show lines; one this large was not
# meant to be echoed to a terminal, and its findings are shown without them.
SOURCE_LIMIT = 64 * 1024 * 1024


def finding_lines(
    findings: Iterable[Finding], is_sql_file: Callable[[str], bool], given: tuple[str, bytes] | None = None
) -> dict[tuple[str, int], str]:
    """(path, line) -> the text of that line, for each finding whose file can still be read.

    `given`: (path, bytes) already read (standard input), used instead of the file of that name.
    """
    wanted: dict[str, set[int]] = {}
    for finding in findings:
        wanted.setdefault(finding.path, set()).add(finding.line)
    lines: dict[tuple[str, int], str] = {}
    for path, numbers in wanted.items():
        data = given[1] if given is not None and given[0] == path else None
        text = _read(path, is_sql_file(path), data)
        if text is None:  # changed, gone or unreadable since the check: no line, as flake8 does
            continue
        file_lines = split_lines(text)
        for number in numbers:
            if 1 <= number <= len(file_lines):
                lines[(path, number)] = file_lines[number - 1]
    return lines


def _read(path: str, is_sql: bool, data: bytes | None = None) -> str | None:
    if data is None:
        try:
            data = read_regular(fs_path(path), SOURCE_LIMIT)
        except ReadRefused:
            return None
    try:
        return decode_sql(data) if is_sql else decode_python(data)
    except SourceError:
        return None
