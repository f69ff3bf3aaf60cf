"""sqlparse's flat token stream for one statement, with offsets.

sqlparse's lexer does not group (so its 10,000-token and depth limits never
apply) and keeps every character, so offsets are the running sum of token
lengths. Whitespace and comments are dropped here. sqlparse is imported on
first use only.
"""

from __future__ import annotations

from typing import Any

from flake8_neveragain.sql.tokens import NUMBER, OTHER, PUNCT, QUOTED, SKIP, STRING, WORD, Tok

_kind_of_ttype: dict[Any, int] = {}
_lexer: Any = None

# Words that start one of sqlparse's multi-word or special patterns
# (PRIMARY KEY, IF NOT EXISTS, NOT NULL, LEFT JOIN, CREATE OR REPLACE, ...);
# every other word ends in its catch-all word pattern.
_SPECIAL_WORDS = (
    "CASE|IN|VALUES|USING|FROM|AS|LEFT|RIGHT|FULL|INNER|OUTER|STRAIGHT|CROSS|NATURAL|JOIN"
    "|END|IF|NOT|ASC|DESC|NULLS|UNION|CREATE|DOUBLE|GROUP|ORDER|PRIMARY|HANDLER|GO|LATERAL"
    "|AT|WITH|LIKE|ILIKE|RLIKE|REGEXP"
)
# Fast paths tried before sqlparse's own patterns. Each matches only where
# sqlparse would produce a token of the same extent and of a kind we treat
# the same (punctuation; whitespace, which we drop; a plain word, which we
# read as a WORD whether sqlparse calls it Keyword or Name). The tests
# compare this lexer with sqlparse's default one.
_FAST_PATHS = (
    (r"[(),;]", "Punctuation"),
    (r"\s+", "Whitespace"),
    # not right after "." (sqlparse then ends the name before any $ or #)
    (rf"(?<!\.)(?!(?:{_SPECIAL_WORDS})\b)[^\W\d][\w$#]*+(?!\s*[.(])", "Name"),
)


def _make_lexer() -> Any:
    """A private sqlparse Lexer with the fast paths above; 2-3x faster.

    sqlparse tries its ~45 patterns in order for every token, and most
    tokens (words, commas, parentheses, single whitespace characters) only
    match near the end of that list. sqlparse's shared default instance is
    left untouched; if its API ever changes we fall back to it.
    """
    from sqlparse import keywords
    from sqlparse import tokens as T
    from sqlparse.lexer import Lexer

    ttypes = {"Punctuation": T.Punctuation, "Whitespace": T.Text.Whitespace, "Name": T.Name}
    try:
        lexer = Lexer()
        lexer.default_initialization()
        lexer.set_SQL_REGEX([*((pattern, ttypes[name]) for pattern, name in _FAST_PATHS),
                             *keywords.SQL_REGEX])
        if [value for _, value in lexer.get_tokens("a (b, c);  d")] != \
                ["a", " ", "(", "b", ",", " ", "c", ")", ";", "  ", "d"]:
            raise ValueError("unexpected tokens")
        return lexer
    except Exception:  # noqa: BLE001 -- any surprise in sqlparse's internals: use its stock lexer
        return Lexer.get_default_instance()


def default_lexer_tokens(text: str) -> list[tuple[Any, str]]:
    """sqlparse's own tokens for `text` (for tests comparing the lexers)."""
    from sqlparse.lexer import Lexer

    return list(Lexer.get_default_instance().get_tokens(text))


def _kind_for(ttype: Any) -> int:
    from sqlparse import tokens as T

    if ttype in T.Text or ttype in T.Comment:  # whitespace, newlines, comments
        return SKIP
    if ttype in T.Literal.String.Single:
        return STRING
    if ttype in T.Literal.String.Symbol:
        return QUOTED
    if ttype in T.Literal.Number:
        return NUMBER
    if ttype in T.Punctuation:
        return PUNCT
    if ttype in T.Keyword or ttype in T.Name:
        return WORD
    return OTHER


def lex(text: str, start: int, end: int) -> list[Tok]:
    """Significant tokens of text[start:end], with absolute offsets."""
    global _lexer  # noqa: PLW0603 -- built on first use: only runs that meet SQL pay for it
    if _lexer is None:
        _lexer = _make_lexer()
    kinds = _kind_of_ttype
    result: list[Tok] = []
    append = result.append
    new_token = tuple.__new__  # Tok(...) minus NamedTuple's argument handling
    offset = start
    for ttype, value in _lexer.get_tokens(text[start:end]):
        kind = kinds.get(ttype)
        if kind is None:
            kind = kinds[ttype] = _kind_for(ttype)
        if kind:
            if kind == WORD:
                first = value[0]
                if first == "`" or first == "[" or first == "\u00b4":
                    kind = QUOTED
                    key = value
                else:
                    key = value.upper()
                    if not key.isidentifier() and len(key.split()) > 1:
                        key = " ".join(key.split())  # "PRIMARY\n  KEY" -> "PRIMARY KEY"
            else:
                key = value
                if kind == QUOTED and value[0] == '"' and '\\"' in value and _quoted_name_end(value) < len(value):
                    # sqlparse reads `\"` as an escaped quote, as a MySQL string would be read;
                    # SQL ends a quoted name at the first quote not doubled. Read either way the
                    # text may hold the rest of a column (a default value is data): it names nothing.
                    kind = OTHER
            append(new_token(Tok, (kind, value, offset, key)))
        offset += len(value)
    return result


def _quoted_name_end(value: str) -> int:
    """Where a double-quoted name ends as SQL reads it: after the first quote not doubled."""
    index = 1
    while index < len(value):
        if value[index] == '"':
            if value[index + 1 : index + 2] == '"':
                index += 2
                continue
            return index + 1
        index += 1
    return len(value)
