"""Split SQL text into statements without tokenising them.

One compiled regex jumps from one character that matters to the next (a quote,
a comment opener, `$tag$`, `;`, or a newline that starts a batch separator or
a new CREATE/ALTER statement); everything in between is skipped at C speed.
Whole string literals are consumed by the same regex, so a dump full of
INSERTs costs one regex step per literal and per statement, never a token list.

Rules (and the choices behind them):
- '...' strings: '' and backslash escapes both count (MySQL dumps write \\',
  and sqlparse reads them the same way). A PostgreSQL string that ends in a
  backslash ('C:\\') is therefore misread; that is rare in DDL and dumps.
- "..." and `...` are quoted identifiers; [...] is left alone (T-SQL names in
  brackets rarely hold quotes or semicolons, and PostgreSQL uses [] for arrays).
- Comments: --, /* */ (not nested), and # when not followed by a word
  character, # or > (T-SQL temp tables are #name and ##name, PostgreSQL has
  the #> and #>> operators).
- $tag$ ... $tag$ is skipped as one literal, except the body of a DO block,
  which is scanned as statements (`DO $$ BEGIN CREATE TYPE ...; END $$` is
  the usual way to create a PostgreSQL enum only once).
- Statements end at ';', at a T-SQL `GO` line or an SQL*Plus `/` line, and
  before a line that starts with CREATE or ALTER (T-SQL scripts often have
  no semicolons at all).
- COPY ... FROM stdin: the data lines up to `\\.` are skipped.
- Lines end at "\\r\\n", "\\r" or "\\n" (files/lines.py), so a `--` comment in a file with
  CR-only line ends stops at the end of its line, as in sqlparse and in the
  positions and noqa lookup.

Broken input: a string, identifier, comment or dollar quote that never ends is
reported once, and scanning resumes at the next line that starts with a
statement keyword (or stops at the end of the text). A quoted string that
spans lines and swallows `;` followed by a line starting with CREATE/ALTER
TABLE, INSERT INTO, ... is treated the same way: a stray quote must not hide
the rest of a file. The text of a broken statement is not analysed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flake8_neveragain.files.lines import has_line_end, next_line_start

_TOKEN = re.compile(
    r"""
      (?P<semi>;)
    | (?P<string>'[^'\\]*+(?:(?:\\.|'')[^'\\]*+)*+')
    | (?P<double>"[^"\\]*+(?:(?:\\.|"")[^"\\]*+)*+")
    | (?P<backtick>`[^`]*+(?:``[^`]*+)*+`)
    | (?P<line_comment>--[^\r\n]*+|\#(?![\w\#>])[^\r\n]*+)
    | (?P<block_comment>/\*)
    | (?P<dollar>\$(?:[^\W\d]\w*)?\$)
    | (?P<batch>(?:\A|\r\n?|\n)[ \t]*(?:GO(?:[ \t]+\d+)?|/)[ \t]*(?=[\r\n]|\Z))
    | (?P<line_start>(?:\r\n?|\n)[ \t]*(?=(?:CREATE|ALTER)\b))
    | (?P<open_quote>['"`])
    """,
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)

# Whitespace and comments before a statement's first keyword.
LEADING = re.compile(
    r"(?:\s++|--[^\r\n]*+|/\*.*?\*/|\#(?![\w\#>])[^\r\n]*+)*+", re.DOTALL
)

# Where to resume after something that never ends: a line starting with a
# statement keyword. (`^` with re.MULTILINE would miss lines that start after "\r".)
_RESUME = re.compile(
    r"(?:\A|(?<=[\r\n]))[ \t]*(?:CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|SELECT|WITH|COPY|SET|GRANT"
    r"|REVOKE|COMMENT|BEGIN|COMMIT|ROLLBACK|START|TRUNCATE|REPLACE|MERGE|UPSERT|USE"
    r"|LOCK|UNLOCK|CALL|EXEC|EXECUTE|DECLARE|PRAGMA|VACUUM|ANALYZE|RENAME|DO|END"
    r"|GO)\b",
    re.IGNORECASE,
)

# Inside a string that spans lines: "...;" then a line that unmistakably
# starts a new statement means the quote that opened the string was stray.
_RUNS_INTO_STATEMENT = re.compile(
    r";[ \t]*(?:\r\n?|\n)(?=(?:CREATE\s+(?:OR\s+REPLACE\s+)?(?:\w+\s+){0,2}?(?:TABLE|TYPE|VIEW"
    r"|INDEX|SEQUENCE|FUNCTION|PROCEDURE|SCHEMA|TRIGGER)|ALTER\s+TABLE|DROP\s+TABLE"
    r"|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b)",
    re.IGNORECASE,
)

_COPY_FROM_STDIN = re.compile(r"\bFROM\s+STDIN\b", re.IGNORECASE)
_COPY_DATA_END = re.compile(r"(?:\A|(?<=[\r\n]))\\\.[ \t]*(?=[\r\n]|\Z)")

# After this many unterminated constructs the rest of the text is skipped:
# each one costs a search to the end of the text, so this bounds the work.
MAX_RECOVERIES = 10

_QUOTE_NAMES = {
    "string": "string",
    "double": "quoted identifier",
    "backtick": "quoted identifier",
    "'": "string",
    '"': "quoted identifier",
    "`": "quoted identifier",
}


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement: `start` is its first keyword (after comments), `end`
    is where it stops (before trailing whitespace and the `;` or separator)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ScanProblem:
    """Something the scanner could not read; `resume` is where it went on
    (None: the rest of the text was not analysed)."""

    offset: int
    what: str
    resume: int | None
    reason: str = "unterminated"

    def describe(self, line_of: Callable[[int], int]) -> str:
        if self.reason == "runs-into":
            head = (f"{self.what} starting at line {line_of(self.offset)} runs into the "
                    f"next statement; treated as unterminated")
        elif self.reason == "too-many":
            head = f"too many unterminated strings or comments (stopped at line {line_of(self.offset)})"
        elif self.reason == "copy-data":
            head = f"COPY data starting at line {line_of(self.offset)} has no end marker (\\.)"
        else:
            head = f"unterminated {self.what} starting at line {line_of(self.offset)}"
        if self.resume is None:
            return f"{head}; the rest of the text was not analysed"
        return f"{head}; resumed at line {line_of(self.resume)}"


class StatementScanner:
    """Iterate over the statements of `text`; problems collect in `.problems`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[ScanProblem] = []

    def statements(self) -> Iterator[Statement]:
        text = self.text
        length = len(text)
        search = _TOKEN.search
        pos = segment = 0
        do_body_tag: str | None = None  # closing $tag$ of a DO block being scanned
        while True:
            match = search(text, pos)
            if match is None:
                break
            kind = match.lastgroup
            start, end = match.span()
            if kind == "semi":
                statement = self._statement(segment, start)
                segment = pos = end
                if statement is not None:
                    yield statement
                    if self._is_copy_from_stdin(statement):
                        segment = pos = self._skip_copy_data(end)
            elif kind == "string" or kind == "double" or kind == "backtick":
                pos = end
                if has_line_end(text, start, end):
                    runs_into = _RUNS_INTO_STATEMENT.search(text, start, end)
                    if runs_into is not None:
                        resume = runs_into.end()
                        # The scan goes on from here, so this costs nothing; only
                        # the report is bounded (16 MB of stray quotes: 500k lines).
                        if len(self.problems) < MAX_RECOVERIES:
                            self.problems.append(
                                ScanProblem(start, _QUOTE_NAMES[kind], resume, "runs-into"))
                        segment = pos = resume
                        do_body_tag = None
            elif kind == "line_comment":
                pos = end
            elif kind == "block_comment":
                close = text.find("*/", end)
                if close == -1:
                    segment = pos = self._recover(start, "comment")
                    do_body_tag = None
                else:
                    pos = close + 2
            elif kind == "dollar":
                tag = match.group()
                if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_$"):
                    pos = start + 1  # part of a name like a$b$c, not a quote
                elif tag == do_body_tag:
                    statement = self._statement(segment, start)
                    if statement is not None:
                        yield statement
                    segment = pos = end
                    do_body_tag = None
                elif do_body_tag is None and self._head_word(segment, start) == "DO":
                    segment = pos = end  # scan the DO body as statements
                    do_body_tag = tag
                else:
                    close = text.find(tag, end)
                    if close == -1:
                        segment = pos = self._recover(start, f"dollar-quoted string {tag}")
                        do_body_tag = None
                    else:
                        pos = close + len(tag)
            elif kind == "batch" or kind == "line_start":
                statement = self._statement(segment, start)
                if statement is not None:
                    yield statement
                segment = pos = end
            else:  # open_quote: a quote with no closing partner
                segment = pos = self._recover(start, _QUOTE_NAMES[match.group()])
                do_body_tag = None
            if pos >= length:
                break
        statement = self._statement(segment, length)
        if statement is not None:
            yield statement

    def _statement(self, segment: int, end: int) -> Statement | None:
        if segment >= end:
            return None
        text = self.text
        head = _after_leading(text, segment, end)
        if head >= end:
            return None
        while text[end - 1].isspace():
            end -= 1
        return Statement(head, end)

    def _head_word(self, segment: int, end: int) -> str:
        head = _after_leading(self.text, segment, end)
        word = re.match(r"\w+", self.text[head:min(end, head + 16)])
        return word.group().upper() if word else ""

    def _is_copy_from_stdin(self, statement: Statement) -> bool:
        text = self.text
        return (text[statement.start:statement.start + 4].upper() == "COPY"
                and _COPY_FROM_STDIN.search(text, statement.start, statement.end) is not None)

    def _skip_copy_data(self, after: int) -> int:
        text = self.text
        data_start = next_line_start(text, after)
        if data_start == -1:
            return len(text)
        marker = _COPY_DATA_END.search(text, data_start)
        if marker is None:
            self.problems.append(ScanProblem(data_start, "COPY data", None, "copy-data"))
            return len(text)
        return marker.end()

    def _recover(self, offset: int, what: str) -> int:
        """Report an unterminated construct at `offset`; return where to go on."""
        text = self.text
        if len(self.problems) >= MAX_RECOVERIES:
            self.problems.append(ScanProblem(offset, what, None, "too-many"))
            return len(text)
        next_line = next_line_start(text, offset)
        resume = None if next_line == -1 else _RESUME.search(text, next_line)
        if resume is None:
            self.problems.append(ScanProblem(offset, what, None))
            return len(text)
        self.problems.append(ScanProblem(offset, what, resume.start()))
        return resume.start()


def _after_leading(text: str, start: int, end: int) -> int:
    """Where a segment's text begins after white space and comments (LEADING matches empty text too)."""
    match = LEADING.match(text, start, end)
    return match.end() if match else start
