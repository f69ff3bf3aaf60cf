"""One iterative walk over statement lists, shared by every statement walker.

Nesting in Python source is shallow (the parser allows 100 indentation levels)
but nesting in the tree is not: each `elif` is an `If` in the `orelse` of the
one before, so a 1,000-branch chain is 1,000 levels deep. A walker that
recursed once per block ran out of stack there and lost the whole file (or
killed flake8). This one keeps its own stack of open blocks, visits each
statement once, and yields them in the order a recursive pre-order walk
would: a statement, then the statements of its blocks, block by block.

Walkers differ only in which blocks they enter (a class body, a function
body, an exception handler...), so that is the one thing they pass in.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

Context = TypeVar("Context")

# The blocks of a statement to walk into, each with the context it is read in.
ScopedBlocks = Callable[[ast.stmt, Context], Iterable[tuple[Sequence[ast.stmt], Context]]]


def walk_scoped(
    body: Sequence[ast.stmt], context: Context, blocks: ScopedBlocks[Context]
) -> Iterator[tuple[ast.stmt, Context]]:
    """Every statement reachable through `blocks`, in source pre-order, with its context.

    `blocks(statement, context)` says which blocks of `statement` to enter and
    in what context (e.g. the tables `with op.batch_alter_table(...)` binds).
    """
    stack: list[tuple[Iterator[ast.stmt], Context]] = [(iter(body), context)]
    while stack:
        statements, here = stack[-1]
        for statement in statements:
            yield statement, here
            inner = [(iter(block), within) for block, within in blocks(statement, here) if block]
            if inner:
                # The first block goes on top; this list resumes after them.
                stack.extend(reversed(inner))
                break
        else:
            stack.pop()


def walk(body: Sequence[ast.stmt], blocks: Callable[[ast.stmt], Sequence[Sequence[ast.stmt]]]) -> Iterator[ast.stmt]:
    """`walk_scoped` without a context (written out: it runs on every statement of every module)."""
    stack: list[Iterator[ast.stmt]] = [iter(body)]
    while stack:
        for statement in stack[-1]:
            yield statement
            inner = blocks(statement)
            if inner:
                stack.extend(iter(block) for block in reversed(inner))
                break
        else:
            stack.pop()


# Statement type -> its statement lists, in the order the walk enters them.
_BLOCKS: dict[type, tuple[str, ...]] = {
    ast.FunctionDef: ("body",), ast.AsyncFunctionDef: ("body",), ast.ClassDef: ("body",),
    ast.With: ("body",), ast.AsyncWith: ("body",),
    ast.If: ("body", "orelse"), ast.For: ("body", "orelse"), ast.AsyncFor: ("body", "orelse"),
    ast.While: ("body", "orelse"),
}
_TRY = (ast.Try, getattr(ast, "TryStar", ast.Try))
_NO_BLOCKS: tuple[list[ast.stmt], ...] = ()


def every_block(statement: ast.stmt) -> Sequence[list[ast.stmt]]:
    """All statement lists of `statement`: bodies (functions and classes too), else and
    finally blocks, exception handlers and match cases, in that order."""
    names = _BLOCKS.get(type(statement))
    if names is not None:
        return [block for block in (getattr(statement, name) for name in names) if block]
    if isinstance(statement, _TRY):
        blocks = [block for block in (statement.body, statement.orelse, statement.finalbody) if block]
        blocks.extend(handler.body for handler in statement.handlers)
        return blocks
    if isinstance(statement, ast.Match):
        return [case.body for case in statement.cases]
    return _NO_BLOCKS
