"""SQL inside Python strings: the DDL passed to execute(...), text(...), RunSQL(...), ...

The calls come from the module index (index.py notes them during its statement walk;
nothing here walks the tree). Their SQL argument is the first positional one or an
SQL keyword (sql=, statement=, ...); it is read when it is

- a plain string literal (implicitly concatenated literals are one string);
- text("...") / sa.text("...") around one (conn.execute(text("ALTER TABLE ...")));
- a list or tuple of those, or of (sql, params) pairs (Django's RunSQL);
- a name bound to one of those in the same function, or at module level.

f-strings, `+` concatenations and `%`/format() results are not read. Only strings in
which a cheap case-insensitive search finds CREATE or ALTER reach the SQL extractor
(which imports sqlparse lazily), so a module without DDL strings costs nothing more.

Positions map back to the Python file. flake8 and ast count columns in UTF-8 bytes and
the SQL extractor in characters, so columns are converted per line: a finding's column
is where its SQL token sits in the Python source, non-ASCII text included. The tree
gives where the literal starts and ends, not how it is spelled, so the place of the SQL
inside it is worked out from the lengths; where that is ambiguous, the finding is
placed at the start of the string literal instead:

- a string written with escapes (\\n, \\', \\t, \\u00e9, ...), since the source is then
  longer than the text in ways the tree does not show;
- implicitly concatenated literals spread over several lines ("ALTER TABLE person "
  "ADD COLUMN race text"): the parts' places are not in the tree;
- a backslash-newline continuation inside a string.

A string prefix (r, u) on a triple-quoted string spanning several lines is assumed
absent: SQL on its first line would be reported one column early (later lines are
exact). `# noqa` on the reported Python line suppresses, as for any finding; a
`-- noqa` comment inside the SQL string is not read (flake8 would not see it).
Problems the SQL extractor reports for strings (a statement it could not read) are
dropped: extraction has no error channel, and a fragment of SQL is not a broken file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import accumulate

from flake8_neveragain.extract.frameworks import SQL_ARGUMENT_KEYWORDS, SQL_IN_PYTHON, SQL_TEXT_WRAPPERS
from flake8_neveragain.extract.index import ModuleIndex
from flake8_neveragain.extract.syntax import last_name, node_span
from flake8_neveragain.facts import FieldFact, Span
from flake8_neveragain.files.lines import LINE_END

# One SQL string of a module: its text, and the function mapping a span in the text
# to the Python file.
SqlString = tuple[str, Callable[[Span], Span]]

_Function = ast.FunctionDef | ast.AsyncFunctionDef

# Only strings that may define a column are worth the SQL extractor.
_MAY_DEFINE = re.compile("create|alter", re.IGNORECASE).search
# A name bound to a name bound to a string ...: stop somewhere.
_MAX_DEPTH = 4
_NEVER = _MAX_DEPTH + 1
# Characters that are usually written as escapes; their presence makes the length
# arithmetic of a single-line literal ambiguous.
_ESCAPED = re.compile(r"[\\'\"\x00-\x1f\x7f]").search
# Source length minus text length of an escape-free single-line literal
# -> where the text starts after the literal's first character:
# "x" 2 -> 1, r"x" 3 -> 2, """x""" 6 -> 3, r"""x""" 7 -> 4.
_CONTENT_START = {2: 1, 3: 2, 6: 3, 7: 4}
_TRIPLE_QUOTE = 3


def sql_string_facts(strings: Iterable[SqlString]) -> list[FieldFact]:
    """Facts for the DDL in the SQL strings of the module's SQL calls (see `sql_strings`)."""
    facts: list[FieldFact] = []
    for text, place in strings:
        if _MAY_DEFINE(text):
            facts.extend(_literal_facts(text, place))
    return facts


def sql_strings(
    index: ModuleIndex, skip: Callable[[_Function | None], bool] | None = None
) -> Iterator[SqlString]:
    """Each string the module's SQL calls pass as SQL, once, with the function that maps
    a span in that text (1-based, columns in characters) to the Python file.

    `skip(function)` leaves out calls made in some functions (a migration's reverse).
    read_module keeps them on its ModuleReading, so other readers of SQL (the
    encryption rules) see the same strings without walking the module again.
    """
    reader = _Reader(index)
    for call, function in index.sql_calls:
        if skip is not None and skip(function):
            continue
        argument = _sql_argument(call)
        if argument is not None:
            for literal in reader.read(argument, function):
                if isinstance(literal.value, str):  # the reader yields string literals only
                    yield literal.value, _Placement(literal, literal.value).span


def _sql_argument(call: ast.Call) -> ast.expr | None:
    if call.args:
        first = call.args[0]
        return None if isinstance(first, ast.Starred) else first
    for keyword in call.keywords:
        if keyword.arg in SQL_ARGUMENT_KEYWORDS:
            return keyword.value
    return None


# What a node stands for depends on the node, on the function whose assignments
# its names are looked up in, and on whether it is the call's argument itself.
_Key = tuple[object, int, bool]


class _Reader:
    __slots__ = ("_done", "_index", "_locals", "_seen")

    def __init__(self, index: ModuleIndex) -> None:
        self._index = index
        self._seen: set[int] = set()  # string nodes already read (one string, many calls)
        self._locals: dict[int, dict[str, list[ast.expr]]] = {}
        # The least depth each key was read at to the end, over all calls: all it
        # stands for from there is in _seen already.
        self._done: dict[_Key, int] = {}

    def read(self, node: ast.expr, function: _Function | None) -> Iterator[ast.Constant]:
        """The string literals `node` stands for that no earlier call passed."""
        for literal in self._literals(node, function, 0, top=True, expanded={}):
            key = id(literal)
            if key not in self._seen:
                self._seen.add(key)
                yield literal

    def _literals(
        self, node: ast.expr, function: _Function | None, depth: int, top: bool, expanded: dict[_Key, int]
    ) -> Iterator[ast.Constant]:
        """The string literals `node` stands for.

        Each key is read once per depth, not once per path to it: `expanded` holds
        the least depth a key was read at in this read, `_done` over all reads. A
        name assigned many times, each from names assigned many times, had 60**4
        paths (60 assignments, five names deep); `sql = "..."; execute(sql)` written
        thousands of times in one function read every assignment for every call.
        Read again no shallower, a key can only yield what it already has.
        """
        if depth > _MAX_DEPTH:
            return
        # A name stands for the same in every place of the function: key it by name.
        key: _Key = (node.id if isinstance(node, ast.Name) else id(node), id(function), top)
        if min(expanded.get(key, _NEVER), self._done.get(key, _NEVER)) <= depth:
            return
        expanded[key] = depth
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                yield node
        elif isinstance(node, ast.Call):
            if last_name(node.func) in SQL_TEXT_WRAPPERS:
                argument = _sql_argument(node)
                if argument is not None:
                    yield from self._literals(argument, function, depth + 1, top, expanded)
        elif isinstance(node, (ast.List, ast.Tuple)):
            if top:  # RunSQL(["CREATE ...", ("ALTER ... %s", [params])])
                for element in node.elts:
                    yield from self._literals(element, function, depth + 1, False, expanded)
            elif node.elts:  # an (sql, params) pair
                yield from self._literals(node.elts[0], function, depth + 1, False, expanded)
        elif isinstance(node, ast.Name):
            for value in self._bindings(node.id, function):
                yield from self._literals(value, function, depth + 1, top, expanded)
        # Only reached when the caller read everything (a closed generator stops at its yield).
        self._done[key] = min(depth, self._done.get(key, _NEVER))

    def _bindings(self, name: str, function: _Function | None) -> list[ast.expr]:
        """What `name` is assigned in the function (every assignment), else at module level."""
        if function is not None:
            key = id(function)
            local = self._locals.get(key)
            if local is None:
                local = self._locals[key] = _assignments(function.body)
            if name in local:
                return local[name]
        value = self._index.constants.get(name)
        return [] if value is None else [value]


def _assignments(body: list[ast.stmt]) -> dict[str, list[ast.expr]]:
    """`name = value` statements of a function body, nested blocks included (not nested defs)."""
    found: dict[str, list[ast.expr]] = {}
    pending = [body]
    while pending:
        for statement in pending.pop():
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, []).append(statement.value)
            elif isinstance(statement, ast.AnnAssign):
                if isinstance(statement.target, ast.Name) and statement.value is not None:
                    found.setdefault(statement.target.id, []).append(statement.value)
            elif isinstance(statement, (ast.If, ast.For, ast.AsyncFor, ast.While)):
                pending.append(statement.body)
                pending.append(statement.orelse)
            elif isinstance(statement, (ast.With, ast.AsyncWith)):
                pending.append(statement.body)
            elif isinstance(statement, (ast.Try, ast.TryStar)):
                pending.extend((statement.body, statement.orelse, statement.finalbody))
                pending.extend(handler.body for handler in statement.handlers)
    return found


def _literal_facts(text: str, place: Callable[[Span], Span]) -> list[FieldFact]:
    from flake8_neveragain.sql import extract_sql_facts  # sqlparse loads with the first DDL string

    facts, _problems = extract_sql_facts(text, source=SQL_IN_PYTHON)
    return [replace(fact, span=place(fact.span)) for fact in facts]


class _Placement:
    """Maps positions in the SQL text to positions in the Python file (worked out
    on the first span asked for: most strings never need one)."""

    __slots__ = ("_lines", "_literal", "_offsets", "_start", "_text")

    def __init__(self, literal: ast.Constant, text: str) -> None:
        self._literal = literal
        self._text = text
        self._lines: list[str] = []
        # Per line: None when ASCII (a character is a byte), else the UTF-8 byte
        # offset of each character. Slicing and encoding each column's prefix
        # instead was quadratic on a long one-line DDL string.
        self._offsets: dict[int, list[int] | None] = {}
        # 0-based byte column where the text starts on the literal's first line, or
        # None when the literal's spelling makes positions inside it ambiguous.
        self._start: int | None = None

    def span(self, span: Span) -> Span:
        if not self._lines:
            self._lines = LINE_END.split(self._text)  # as the SQL positions count lines
            self._start = _content_start(self._literal, self._text, self._lines)
        if self._start is None:
            return node_span(self._literal)
        line, column = self._position(span.line, span.column)
        end_line, end_column = self._position(span.end_line, span.end_column)
        return Span(line, column, end_line, end_column)

    def _position(self, line: int, column: int) -> tuple[int, int]:
        """1-based SQL (line, character column) -> 1-based Python (line, byte column)."""
        index = min(max(line, 1), len(self._lines)) - 1
        text = self._lines[index]
        characters = min(max(column - 1, 0), len(text))
        if index not in self._offsets:
            self._offsets[index] = None if text.isascii() else list(
                accumulate((len(character.encode("utf-8", "surrogatepass")) for character in text), initial=0)
            )
        offsets = self._offsets[index]
        offset = characters if offsets is None else offsets[characters]
        if index == 0:
            offset += self._start or 0
        return self._literal.lineno + index, offset + 1


def _content_start(literal: ast.Constant, text: str, lines: list[str]) -> int | None:
    first_line, last_line = literal.lineno, literal.end_lineno
    end_col = literal.end_col_offset
    if last_line is None or end_col is None:
        return None
    if first_line == last_line:
        if len(lines) > 1:  # "...\n..." on one line: escaped newlines
            return None
        extra = end_col - literal.col_offset - len(text.encode("utf-8"))
        start = _CONTENT_START.get(extra)
        if start is None or (extra != 2 and (_ESCAPED(text) or not text.isascii())):
            # extra == 2 is a plain "..." without escapes; anything else may be a prefix
            # or an escape (r"a" and "\\a" both add one; "\u00e9" adds four): ambiguous
            # unless the text holds nothing that is usually escaped.
            return None
        return literal.col_offset + start
    # Several lines: a triple-quoted string whose newlines are the text's newlines
    # (escaped newlines, continuations and concatenated parts break the count).
    if len(lines) != last_line - first_line + 1:
        return None
    if end_col - len(lines[-1].encode("utf-8")) != _TRIPLE_QUOTE:
        return None
    return literal.col_offset + _TRIPLE_QUOTE
