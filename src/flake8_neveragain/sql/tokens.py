"""Tokens of one statement as the readers see them, and helpers to walk them.

Whitespace and comments are already gone (see lexer.py); what is left are
words, quoted names, strings, numbers, punctuation and other symbols, each
with its offset in the whole SQL text. `Stream` adds the paren structure:
top-level comma splitting, group skipping and qualified-name reading.
"""

from __future__ import annotations

from typing import NamedTuple

# Token kinds the readers distinguish.
WORD = 1  # keyword or unquoted name: the key is upper-cased, inner spaces collapsed
QUOTED = 2  # "name", `name`, [name]
STRING = 3  # 'literal'
NUMBER = 4
PUNCT = 5  # ( ) , . ; [ ] ::
OTHER = 6  # operators, dollar-quoted literals, stray characters
SKIP = 0  # whitespace, newlines, comments (never stored)


class Tok(NamedTuple):
    kind: int
    text: str
    start: int  # offset in the whole SQL text
    key: str  # WORD: "PRIMARY KEY"; others: the text itself

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def unquote(token: Tok) -> str:
    """The name a WORD or QUOTED token stands for, without quotes."""
    text = token.text
    if token.kind != QUOTED or len(text) < 2:
        return text
    first = text[0]
    if first == "[":
        return text[1:-1].replace("]]", "]")
    if first in "\"`\u00b4":
        return text[1:-1].replace(first + first, first)
    return text


def is_name(token: Tok) -> bool:
    return token.kind == WORD or token.kind == QUOTED


def matching_parens(tokens: list[Tok]) -> list[int]:
    """For each "(" the index of its ")" (len(tokens) if unclosed); -1 elsewhere."""
    partner = [-1] * len(tokens)
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.kind == PUNCT:
            if token.text == "(":
                stack.append(index)
            elif token.text == ")" and stack:
                partner[stack.pop()] = index
    for index in stack:
        partner[index] = len(tokens)
    return partner


class Stream:
    """A statement's tokens with the paren structure precomputed."""

    __slots__ = ("partner", "tokens")

    def __init__(self, tokens: list[Tok]) -> None:
        self.tokens = tokens
        self.partner = matching_parens(tokens)

    def __len__(self) -> int:
        return len(self.tokens)

    def is_punct(self, index: int, text: str) -> bool:
        tokens = self.tokens
        return index < len(tokens) and tokens[index].kind == PUNCT and tokens[index].text == text

    def is_word(self, index: int, *keys: str) -> bool:
        tokens = self.tokens
        return index < len(tokens) and tokens[index].kind == WORD and tokens[index].key in keys

    def close_of(self, index: int) -> int:
        """Index of the ")" matching the "(" at `index`."""
        return self.partner[index]

    def skip_group(self, index: int) -> int:
        """Index after the parenthesised group opening at `index`."""
        return min(self.partner[index] + 1, len(self.tokens))

    def find_punct(self, lo: int, hi: int, text: str) -> int:
        """First PUNCT token `text` in [lo, hi) at any depth, or -1."""
        tokens = self.tokens
        for index in range(lo, min(hi, len(tokens))):
            if tokens[index].kind == PUNCT and tokens[index].text == text:
                return index
        return -1

    def find_word(self, lo: int, hi: int, *keys: str) -> int:
        """First top-level (not inside parens) WORD in `keys`, or -1."""
        tokens = self.tokens
        index = lo
        while index < hi:
            token = tokens[index]
            if token.kind == PUNCT and token.text == "(":
                index = self.partner[index] + 1
                continue
            if token.kind == WORD and token.key in keys:
                return index
            index += 1
        return -1

    def split_commas(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Split [lo, hi) on top-level commas into non-empty (lo, hi) ranges.

        Parenthesised groups are jumped over; so are <...> type arguments
        (STRUCT<a INT64, b STRING>, ARRAY<...>, MAP<...>) which sqlparse lexes
        as comparison operators.
        """
        tokens = self.tokens
        parts: list[tuple[int, int]] = []
        part_start = index = lo
        angle_depth = 0
        while index < hi:
            token = tokens[index]
            kind = token.kind
            if kind == PUNCT:
                text = token.text
                if text == "(":
                    index = self.partner[index] + 1
                    continue
                if text == "," and angle_depth == 0:
                    if index > part_start:
                        parts.append((part_start, index))
                    part_start = index + 1
            elif kind == OTHER:
                angle_depth = _angle_change(tokens, index, angle_depth)
            index += 1
        if hi > part_start:
            parts.append((part_start, min(hi, len(tokens))))
        return parts

    def read_qualified_name(self, index: int, hi: int) -> tuple[int, int] | None:
        """A name like a, a.b, "a"."b", [a].[b] at `index`: (index of its last
        part, index after it), or None."""
        tokens = self.tokens
        if index >= hi or not is_name(tokens[index]):
            return None
        last = index
        while (last + 2 < hi and tokens[last + 1].kind == PUNCT and tokens[last + 1].text == "."
               and is_name(tokens[last + 2])):
            last += 2
        return last, last + 1


    def read_object_name(
        self, keywords: tuple[str, ...], modifiers: tuple[str, ...] = ("IF NOT EXISTS",)
    ) -> tuple[Tok, str, int] | None:
        """The object a DDL statement names: after the first of `keywords`
        ("TABLE", "VIEW"...) and any `modifiers` ("IF NOT EXISTS", "ONLY"),
        return (its last name token, that part unquoted, index after the name)."""
        count = len(self.tokens)
        index = self.find_word(0, count, *keywords)
        if index == -1:
            return None
        index += 1
        while modifiers and self.is_word(index, *modifiers):
            index += 1
        name = self.read_qualified_name(index, count)
        if name is None:
            return None
        token = self.tokens[name[0]]
        return token, last_name_part(unquote(token)), name[1]


_ANGLE_OPENERS = frozenset({"STRUCT", "ARRAY", "MAP", "OBJECT", "RECORD", "ROW", "TUPLE"})


def _angle_change(tokens: list[Tok], index: int, depth: int) -> int:
    """New <...> nesting depth after the operator token at `index`."""
    text = tokens[index].text
    if text.strip("<") == "" and (depth > 0 or (
            index > 0 and tokens[index - 1].kind == WORD
            and tokens[index - 1].key in _ANGLE_OPENERS)):
        return depth + len(text)
    if depth > 0 and text.strip(">") == "":
        return max(depth - len(text), 0)
    return depth


def last_name_part(name: str) -> str:
    """`project.dataset.table` (one backticked BigQuery name) -> `table`."""
    return name.rsplit(".", 1)[-1] if "." in name else name
