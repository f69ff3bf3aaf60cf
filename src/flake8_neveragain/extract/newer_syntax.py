"""Tell "newer syntax than this Python" apart from a genuine syntax error.

`ast.parse` knows only the grammar of the Python that runs the checker, so
under 3.11 a file with `type Point = tuple[float, float]` or
`def first[T](xs: list[T]) -> T` fails to parse. When the parser gives up, this
module looks at the tokens of the logical line it gave up on and names the
newer construct, but only for shapes that are never valid in the running
Python and only when the parser failed inside that construct: anything less
certain keeps the ordinary syntax-error message.

Only the failure path imports this module; checking a file that parses costs
nothing.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from tokenize import TokenInfo
from typing import TypeGuard

Version = tuple[int, int]
Position = tuple[int, int]  # (line, column), 1-based line, 0-based column as tokenize gives

_SKIPPED = frozenset({tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING})
_T_PREFIXES = frozenset({"t", "tr", "rt"})  # PEP 750 template strings, compared lower-cased
# Tokenising a big file is not free: a failing line without any of these words is never newer syntax.
_CANDIDATE = re.compile(r"\b(?:type|def|class)\b|\b(?:[tT][rR]?|[rR][tT])['\"]").search


@dataclass(frozen=True, slots=True)
class NewerSyntax:
    line: int
    feature: str  # e.g. "a `type` statement"
    since: Version  # the first Python that accepts it


def newer_syntax_message(error: SyntaxError, source: str, running: Version | None = None) -> str | None:
    """One report line when `error` comes from syntax newer than `running`, else None."""
    running = running or (sys.version_info[0], sys.version_info[1])
    found = find_newer_syntax(error, source, running)
    if found is None:
        return None
    since = f"{found.since[0]}.{found.since[1]}"
    return (
        f"uses syntax newer than Python {running[0]}.{running[1]}: line {found.line} has {found.feature} "
        f"(Python {since}+); run neveragain under Python {since} or newer"
    )


def find_newer_syntax(error: SyntaxError, source: str, running: Version) -> NewerSyntax | None:
    if not error.lineno:
        return None
    if "f-string" not in (error.msg or "") and error.text and not _CANDIDATE(error.text):
        return None
    at: Position = (error.lineno, max((error.offset or 1) - 1, 0))
    tokens = _logical_line_at(source, error.lineno)
    if not tokens:
        return None
    for check in (_type_statement, _generic_definition, _template_string, _fstring):
        found = check(tokens, at, error)
        if found is not None and running < found.since:
            return found
    return None


def _logical_line_at(source: str, line: int) -> list[TokenInfo]:
    """The significant tokens of the logical line that covers physical `line`.

    Tokenising stops at that line; a tokenizer error there (an unclosed bracket,
    say) leaves the tokens read so far, which is all the checks look at.
    """
    current: list[TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in _SKIPPED:
                continue
            if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                if current and current[0].start[0] <= line <= token.end[0]:
                    return current
                if current and current[0].start[0] > line:
                    return []
                current = []
                continue
            if not current and token.start[0] > line:
                return []
            current.append(token)
    except (tokenize.TokenError, SyntaxError, ValueError):
        pass
    return current if current and current[0].start[0] <= line else []


def _is(token: TokenInfo | None, kind: int, *strings: str) -> TypeGuard[TokenInfo]:
    return token is not None and token.type == kind and (not strings or token.string in strings)


def _get(tokens: Sequence[TokenInfo], index: int) -> TokenInfo | None:
    return tokens[index] if index < len(tokens) else None


def _type_params(tokens: Sequence[TokenInfo], start: int) -> tuple[int, bool] | None:
    """Read `[T, *Ts, **P, U: int = str]` from the `[` at `start`.

    Returns the index of the closing `]` and whether any parameter has a default
    (PEP 696), or None when the brackets do not hold a type parameter list.
    """
    index, has_default = start + 1, False
    while True:  # one parameter per turn: [*|**] NAME [: bound] [= default]
        if _is(_get(tokens, index), tokenize.OP, "*", "**"):
            index += 1
        if not _is(_get(tokens, index), tokenize.NAME):
            return None
        if not _is(_get(tokens, index + 1), tokenize.OP, ",", "]", ":", "="):
            return None
        index += 1
        depth = 0
        while (token := _get(tokens, index)) is not None:
            if token.type == tokenize.OP and token.string in ("(", "[", "{"):
                depth += 1
            elif token.type == tokenize.OP and token.string in (")", "]", "}") and depth:
                depth -= 1
            elif depth == 0 and _is(token, tokenize.OP, "]", ","):
                break
            elif depth == 0 and _is(token, tokenize.OP, "="):
                has_default = True
            index += 1
        else:
            return None
        if token.string == ",":
            index += 1
            if _is(_get(tokens, index), tokenize.OP, "]"):  # a trailing comma
                return index, has_default
            continue
        return index, has_default


def _since(has_default: bool) -> Version:
    return (3, 13) if has_default else (3, 12)


def _type_statement(tokens: Sequence[TokenInfo], at: Position, error: SyntaxError) -> NewerSyntax | None:
    """`type Point = ...` or `type Pair[T] = ...` (PEP 695; defaults, PEP 696)."""
    if not (_is(tokens[0], tokenize.NAME, "type") and _is(_get(tokens, 1), tokenize.NAME)):
        return None
    equals, has_default = 2, False
    if _is(_get(tokens, 2), tokenize.OP, "["):
        params = _type_params(tokens, 2)
        if params is None:
            return None
        close, has_default = params
        equals = close + 1
    token = _get(tokens, equals)
    if not _is(token, tokenize.OP, "=") or at > token.end:
        return None
    feature = "a `type` statement with a type parameter default" if has_default else "a `type` statement"
    return NewerSyntax(tokens[0].start[0], feature, _since(has_default))


def _generic_definition(tokens: Sequence[TokenInfo], at: Position, error: SyntaxError) -> NewerSyntax | None:
    """`def first[T](...)`, `async def ...[T]`, `class Box[T]:` (PEP 695; defaults, PEP 696)."""
    index = 1 if _is(tokens[0], tokenize.NAME, "async") else 0
    keyword, name = tokens[index], _get(tokens, index + 1)
    if not (_is(keyword, tokenize.NAME, "def", "class") and _is(name, tokenize.NAME)):
        return None
    if not _is(_get(tokens, index + 2), tokenize.OP, "["):
        return None
    params = _type_params(tokens, index + 2)
    if params is None:
        return None
    close, has_default = params
    after = ("(",) if keyword.string == "def" else ("(", ":")
    if not _is(_get(tokens, close + 1), tokenize.OP, *after) or at > tokens[close].end:
        return None
    first = tokens[0]
    head = f"{'async ' if index else ''}{keyword.string} {name.string}[...]"
    # The whole head on one line, of names and punctuation only: show it as
    # written. A default may hold a value, and reports never carry values.
    names_only = all(token.type in (tokenize.NAME, tokenize.OP) for token in tokens[: close + 1])
    if names_only and first.start[0] == tokens[close].end[0]:
        written = first.line[first.start[1] : tokens[close].end[1]]
        head = written if len(written) <= 60 else head
    what = "type parameter defaults" if has_default else "type parameters"
    return NewerSyntax(keyword.start[0], f"{what}, `{head}`", _since(has_default))


def _template_string(tokens: Sequence[TokenInfo], at: Position, error: SyntaxError) -> NewerSyntax | None:
    """`t"Hello {name}"` (PEP 750): older tokenizers see a name glued to a string."""
    for prefix, string in pairwise(tokens):
        if (
            _is(prefix, tokenize.NAME)
            and prefix.string.lower() in _T_PREFIXES
            and _is(string, tokenize.STRING)
            and prefix.end == string.start
            and prefix.start <= at <= string.end
        ):
            return NewerSyntax(prefix.start[0], f"a template string, `{prefix.string}{string.string[:1]}...`", (3, 14))
    return None


def _fstring(tokens: Sequence[TokenInfo], at: Position, error: SyntaxError) -> NewerSyntax | None:
    """PEP 701 f-strings that only Python 3.12+ accepts (3.11's own messages say which)."""
    message = error.msg or ""
    if "f-string expression part cannot include a backslash" in message:
        return NewerSyntax(error.lineno or tokens[0].start[0], "a backslash inside an f-string's `{}`", (3, 12))
    if not message.startswith("f-string"):
        return None
    # Quotes reused inside `{}`: 3.11 ends the f-string early, at a quote in mid-expression,
    # leaving a token with an unclosed `{` glued to the next one (`f"{d["` `a` `"]}"`).
    for token, following in pairwise(tokens):
        if (
            token.type == tokenize.STRING
            and "f" in _prefix(token.string).lower()
            and token.end == following.start
            and token.start <= at
            and _unclosed_brace(token.string)
        ):
            return NewerSyntax(token.start[0], "an f-string that reuses its quote character inside `{}`", (3, 12))
    return None


def _prefix(literal: str) -> str:
    return literal[: len(literal) - len(literal.lstrip("rRbBuUfF"))]


def _unclosed_brace(literal: str) -> bool:
    body = literal[len(_prefix(literal)) :].replace("{{", "").replace("}}", "")
    depth = 0
    for char in body:
        if char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
    return depth > 0
