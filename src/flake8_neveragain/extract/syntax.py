"""Small, framework-free helpers for reading `ast` nodes."""

from __future__ import annotations

import ast

from flake8_neveragain.facts import Span

# Attribute chains longer than this are not names anyone writes by hand.
_MAX_DOTTED_PARTS = 32


def dotted_name(node: ast.expr) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None (calls, subscripts, ...)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        if len(parts) > _MAX_DOTTED_PARTS:
            return None
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    parts.reverse()
    return ".".join(parts)


def last_name(node: ast.expr) -> str | None:
    """The rightmost identifier of a Name/Attribute (`models.CharField` -> `CharField`)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def head_name(node: ast.expr) -> str | None:
    """The segment just before the last one (`models` in `models.CharField`)."""
    if isinstance(node, ast.Attribute):
        return last_name(node.value)
    return None


def string_value(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def split_names(text: str) -> list[str]:
    """Names listed in one string: namedtuple("P", "race religion"), Enum("E", "A, B")."""
    return text.replace(",", " ").split()


def is_public_name(name: str) -> bool:
    """Private `_x` and dunder names are never stored fields."""
    return not name.startswith("_")


def looks_like_class(name: str) -> bool:
    """Class names start upper case; single letters are usually type variables and
    ALL_CAPS names constants (settings.AUTH_USER_MODEL)."""
    return len(name) > 1 and name[0].isupper() and not name.isupper()


def node_span(node: ast.expr | ast.keyword | ast.stmt) -> Span:
    """The whole node, as a 1-based span (end column exclusive)."""
    end_col = node.end_col_offset
    if end_col is None:
        end_col = node.col_offset
    return Span(node.lineno, node.col_offset + 1, node.end_lineno or node.lineno, end_col + 1)


def target_span(target: ast.expr, statement: ast.stmt) -> Span:
    """From the assigned name to the end of the whole statement."""
    end_line = statement.end_lineno or statement.lineno
    end_col = statement.end_col_offset
    if end_col is None:
        end_col = statement.col_offset
    return Span(target.lineno, target.col_offset + 1, end_line, end_col + 1)


def class_header_span(node: ast.ClassDef) -> Span:
    """The `class` keyword to the end of the last base or keyword expression.

    Without bases the span ends after the class name (assuming `class Name`).
    """
    end_line = node.lineno
    end_col = node.col_offset + len("class ") + len(node.name)
    for expr in (*node.bases, *(keyword.value for keyword in node.keywords)):
        if expr.end_lineno is not None and expr.end_col_offset is not None:
            if (expr.end_lineno, expr.end_col_offset) > (end_line, end_col):
                end_line, end_col = expr.end_lineno, expr.end_col_offset
    return Span(node.lineno, node.col_offset + 1, end_line, end_col + 1)


def call_head_span(call: ast.Call) -> Span:
    """A functional schema's header: from the call to the end of its first argument."""
    first = call.args[0] if call.args else call.func
    end_line = first.end_lineno or call.lineno
    end_col = first.end_col_offset
    if end_col is None:
        end_col = call.col_offset
    return Span(call.lineno, call.col_offset + 1, end_line, end_col + 1)


def call_argument(call: ast.Call, position: int, name: str) -> ast.expr | None:
    """The argument at `position`, or the keyword argument `name`: f(x) and f(name=x)."""
    if 0 <= position < len(call.args):
        argument = call.args[position]
        return None if isinstance(argument, ast.Starred) else argument
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def span_between(first: ast.expr, last: ast.expr) -> Span:
    """From the start of `first` to the end of `last` (a field name to the end of its call)."""
    end_line = last.end_lineno or last.lineno
    end_col = last.end_col_offset
    if end_col is None:
        end_col = last.col_offset
    return Span(first.lineno, first.col_offset + 1, end_line, end_col + 1)
