"""`neveragain review --add-noqa`: write the review into the source.

For every current finding, a comment on the finding's reported line:

    religion = models.CharField(max_length=20)  # noqa: NEV102 -- reviewed: <reason>

and in SQL files `-- noqa: NEV102 -- reviewed: <reason>`. Without
`--reason` the reason is a TODO placeholder, which `--require-reason` still
reports: a placeholder is not a review.

Python files are rewritten with libcst, which keeps every other byte
(encoding, BOM, CRLF, comments, layout). The comment goes where flake8 looks
for it: the end of the reported line, or, when that line is inside a
multi-line string or a backslash continuation, the end of the line that
closes it (flake8 searches the whole span). An existing comment is kept;
an existing `# noqa: E501` gains the new codes; a code already listed is
never added twice, and a reason already written is never replaced.
"""

from __future__ import annotations

import difflib
import re
import tokenize
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flake8_neveragain.config.settings import ConfigError
from flake8_neveragain.files.lines import split_lines, strip_line_end, tokenizer_readline
from flake8_neveragain.files.pathtext import fs_path
from flake8_neveragain.findings import Finding
from flake8_neveragain.review.noqa import NOQA_INLINE, PLACEHOLDER_REASON, SQL_NOQA_INLINE, covers, reason_after
from flake8_neveragain.rules.registry import NEV001


class ReviewError(Exception):
    """Why a file or a line could not get its comment, in words for one line."""


def clean_reason(text: str | None) -> str:
    """The reason to write: one line, no comment terminators; the placeholder if none."""
    if text is None:
        return PLACEHOLDER_REASON
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ConfigError("--reason must not be empty")
    return cleaned


def merge_noqa(text: str, codes: Sequence[str], reason: str, pattern: re.Pattern[str], leader: str) -> str | None:
    """`text` (a comment, or a SQL line) with a reviewed noqa for `codes`; None if it has one already.

    - no noqa yet: `<text>  # noqa: C1,C2 -- reviewed: <reason>` (just the comment if text is empty);
    - `# noqa: E501`: the codes are added after E501, and the reason after them;
    - a blanket `# noqa` silences every code already; it only gains a reason if it has none;
    - a noqa that already gives a reason keeps it; new codes get theirs appended after it.
    """
    match = pattern.search(text)
    if match is None:
        comment = f"{leader} noqa: {','.join(codes)} -- reviewed: {reason}"
        return f"{text}  {comment}" if text.strip() else comment
    listed = match.group("codes")
    if not listed:
        end = match.end()
        if reason_after(text, end) is not None:
            return None
        return f"{text[:end]} -- reviewed: {reason}{text[end:]}"
    end = match.start("codes") + len(listed.rstrip())
    missing = [code for code in codes if not covers(code, listed, pattern)]
    existing = reason_after(text, end)
    separator = ", " if ", " in listed else ","
    added = "".join(separator + code for code in missing)
    if existing is None:
        return f"{text[:end]}{added} -- reviewed: {reason}{text[end:]}"
    if not missing:
        return None
    # The reason on the line was written for other codes: ours follows it.
    return f"{text[:end]}{added}{text[end:].rstrip()}; {', '.join(missing)}: {reason}"


def span_ends(source: str) -> dict[int, int]:
    """Map each line to the line where flake8 looks for its noqa comment.

    flake8 searches the text of every token span (a multi-line string, a
    backslash continuation) for noqa, so a comment at the end of the span's
    last line covers every line of it.
    """
    ends: dict[int, int] = {}
    try:
        first, last = None, -1
        for token in tokenize.generate_tokens(tokenizer_readline(source)):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first = token.start[0] if first is None else min(first, token.start[0])
            last = max(last, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                for number in range(first, last + 1):
                    ends[number] = last
                first, last = None, -1
        if first is not None:  # a last line without a newline token
            for number in range(first, last + 1):
                ends[number] = last
    except (tokenize.TokenError, SyntaxError):
        return {}
    return ends


def _group(targets: Sequence[tuple[int, str]], ends: dict[int, int]) -> dict[int, list[str]]:
    wanted: dict[int, list[str]] = {}
    for line, code in sorted(targets):
        codes = wanted.setdefault(ends.get(line, line), [])
        if code not in codes:
            codes.append(code)
    return wanted


@dataclass
class FileChange:
    data: bytes
    comments: list[tuple[int, str]] = field(default_factory=list)  # (line, comment written)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, why not)


def rewrite_python(data: bytes, targets: Sequence[tuple[int, str]], reason: str) -> FileChange:
    """Add reviewed noqa comments to Python source, byte for byte otherwise."""
    import libcst as cst  # only this subcommand pays for libcst
    from libcst.metadata import MetadataWrapper, PositionProvider

    from flake8_neveragain.engine import SourceError, decode_python

    try:
        source = decode_python(data)
        module = cst.parse_module(data)
    except SourceError as error:
        raise ReviewError(str(error)) from None
    except cst.ParserSyntaxError as error:
        first_line = str(error).partition("\n")[0]  # the rest quotes the source
        raise ReviewError(f"libcst cannot parse it: {first_line}") from None
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    line_ends = {
        position.start.line: node
        for node, position in positions.items()
        if isinstance(node, cst.TrailingWhitespace)
    }
    change = FileChange(data)
    replacements: dict[cst.TrailingWhitespace, cst.TrailingWhitespace] = {}
    for line, codes in _group(targets, span_ends(source)).items():
        node = line_ends.get(line)
        if node is None:
            change.problems.append((line, "no place for a comment at the end of this line"))
            continue
        current = node.comment.value if node.comment is not None else ""
        merged = merge_noqa(current, codes, reason, NOQA_INLINE, "#")
        if merged is None:
            change.problems.append((line, "its noqa comment already gives a reason (a placeholder?); edit it by hand"))
            continue
        whitespace = node.whitespace
        if node.comment is None:
            padding = " " * max(0, 2 - len(whitespace.value))
            whitespace = cst.SimpleWhitespace(whitespace.value + padding)
        replacements[node] = node.with_changes(whitespace=whitespace, comment=cst.Comment(merged))
        change.comments.append((line, merged))
    if replacements:

        class _Replace(cst.CSTTransformer):
            def leave_TrailingWhitespace(
                self, original_node: cst.TrailingWhitespace, updated_node: cst.TrailingWhitespace
            ) -> cst.TrailingWhitespace:
                return replacements.get(original_node, updated_node)

        change.data = module.visit(_Replace()).bytes
    return change


def rewrite_sql(data: bytes, targets: Sequence[tuple[int, str]], reason: str) -> FileChange:
    """Add `-- noqa` comments to SQL, on the reported line (SQL noqa is per line)."""
    from flake8_neveragain.engine import SourceError, decode_sql

    try:
        text = decode_sql(data)
    except SourceError as error:
        raise ReviewError(str(error)) from None
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    lines = split_lines(text, keepends=True)  # the lines the SQL findings are numbered by
    safe = _sql_line_ends_outside_literals(text, lines)
    change = FileChange(data)
    for line, codes in _group(targets, {}).items():
        if not 0 < line <= len(lines) or not safe.get(line, False):
            change.problems.append((line, "the line ends inside a string or block comment"))
            continue
        raw = lines[line - 1]
        body = strip_line_end(raw)
        merged = merge_noqa(body, codes, reason, SQL_NOQA_INLINE, "--")
        if merged is None:
            change.problems.append((line, "its noqa comment already gives a reason (a placeholder?); edit it by hand"))
            continue
        lines[line - 1] = merged + raw[len(body):]
        match = SQL_NOQA_INLINE.search(merged)
        change.comments.append((line, merged[match.start():] if match else merged))
    if change.comments:
        change.data = (bom + "".join(lines)).encode("utf-8")
    return change


def _sql_line_ends_outside_literals(text: str, lines: list[str]) -> dict[int, bool]:
    """For each line: can `-- noqa` be appended at its end without landing in a string or comment?"""
    from sqlparse import lexer
    from sqlparse import tokens as T

    # Offset where each line's content ends (before its line break).
    ends: list[int] = []
    offset = 0
    for raw in lines:
        ends.append(offset + len(strip_line_end(raw)))
        offset += len(raw)
    safe: dict[int, bool] = {}
    position = 0
    index = 0
    for ttype, value in lexer.tokenize(text):
        start, position = position, position + len(value)
        while index < len(ends) and ends[index] < position:
            end = ends[index]
            inside = start < end  # the line ends strictly inside this token
            ok = not inside or ttype in T.Whitespace or ttype in T.Newline or ttype in T.Comment.Single
            safe[index + 1] = ok
            index += 1
    while index < len(ends):
        safe[index + 1] = True  # the line ends where the text ends
        index += 1
    return safe


@dataclass
class Outcome:
    output: str
    notes: str
    changed_files: int
    skipped: int


def add_noqa(findings: Sequence[Finding], is_sql_file: Callable[[str], bool], reason: str, dry_run: bool = False) -> Outcome:
    """Write the noqa comments; `is_sql_file` says, for a reported path, which comment syntax it takes."""
    from flake8_neveragain.files.output import write_atomic

    by_path: dict[str, list[tuple[int, str]]] = {}
    notes: list[str] = []
    for finding in findings:
        if finding.code == NEV001:  # a stale noqa is fixed by removing it, not by another noqa
            notes.append(f"{finding.path}:{finding.line}: {NEV001} left as it is: remove the unused noqa code\n")
            continue
        by_path.setdefault(finding.path, []).append((finding.line, finding.code))
    output: list[str] = []
    changed = added = skipped = 0
    for display in sorted(by_path):
        path = Path(fs_path(display))  # the report text of an odd name is escaped
        is_sql = is_sql_file(display)
        try:
            data = path.read_bytes()
            change = (rewrite_sql if is_sql else rewrite_python)(data, by_path[display], reason)
        except OSError as error:
            notes.append(f"{display}: error: cannot read: {error.strerror or error}\n")
            skipped += len(by_path[display])
            continue
        except ReviewError as error:
            notes.append(f"{display}: error: {error}\n")
            skipped += len(by_path[display])
            continue
        for line, why in change.problems:
            notes.append(f"{display}:{line}: cannot add a reviewed noqa: {why}\n")
            skipped += 1
        if change.data == data:
            continue
        changed += 1
        added += len(change.comments)
        if dry_run:
            output.append(_diff(display, data, change.data))
        else:
            write_atomic(path, change.data, "source file")
            output.extend(f"{display}:{line}: {comment}\n" for line, comment in change.comments)
    verb = "would add" if dry_run else "added"
    notes.append(
        f"neveragain: {verb} {added} reviewed noqa {'comment' if added == 1 else 'comments'} "
        f"in {changed} {'file' if changed == 1 else 'files'}"
        + (f", {skipped} left to edit by hand (listed above)" if skipped else "")
        + ("" if reason != PLACEHOLDER_REASON or not added else "; replace the TODO placeholders with the reasons")
        + "\n"
    )
    return Outcome("".join(output), "".join(notes), changed, skipped)


def _diff(display: str, before: bytes, after: bytes) -> str:
    old = split_lines(before.decode("utf-8", errors="replace"), keepends=True)
    new = split_lines(after.decode("utf-8", errors="replace"), keepends=True)
    return "".join(difflib.unified_diff(old, new, fromfile=f"a/{display}", tofile=f"b/{display}"))
