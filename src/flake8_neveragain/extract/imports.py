"""The module's import map: which local name stands for which imported name."""

from __future__ import annotations

import ast

from flake8_neveragain.extract.syntax import dotted_name


class ImportMap:
    """Local names bound by `import` / `from ... import`, mapped to dotted origins.

    `import sqlalchemy as sa` binds `sa` -> `sqlalchemy`; `from django.db import models`
    binds `models` -> `django.db.models`; relative imports keep their dots
    (`from .base import Base` -> `.base.Base`), so they never look like a framework.
    Imports anywhere in the module count: precision lost to shadowing is negligible.
    """

    __slots__ = ("_origins",)

    def __init__(self) -> None:
        self._origins: dict[str, str] = {}

    def add(self, statement: ast.Import | ast.ImportFrom) -> None:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    self._origins[alias.asname] = alias.name
                else:
                    top = alias.name.partition(".")[0]
                    self._origins[top] = top
            return
        module = "." * (statement.level or 0) + (statement.module or "")
        for alias in statement.names:
            if alias.name == "*":
                continue
            # `from . import models` -> ".models"; `from .base import Base` -> ".base.Base"
            separator = "" if not module or module.endswith(".") else "."
            self._origins[alias.asname or alias.name] = f"{module}{separator}{alias.name}"

    def __contains__(self, local_name: str) -> bool:
        return local_name in self._origins

    def origin(self, local_name: str) -> str | None:
        """The dotted origin a local name was imported as (`op` -> `alembic.op`), if any."""
        return self._origins.get(local_name)

    def local_names(self, origin: str) -> list[str]:
        """Every local name bound to `origin` (`from alembic import op as alembic_op`)."""
        return [name for name, bound in self._origins.items() if bound == origin]

    def imports_from(self, packages: frozenset[str]) -> bool:
        """Whether any name is imported from one of these top-level packages."""
        return any(origin.partition(".")[0] in packages for origin in self._origins.values())

    def resolve(self, node: ast.expr) -> str | None:
        """The imported dotted origin of a Name/Attribute, or None if its head is not imported."""
        dotted = dotted_name(node)
        if dotted is None:
            return None
        head, dot, rest = dotted.partition(".")
        origin = self._origins.get(head)
        if origin is None:
            return None
        return f"{origin}.{rest}" if dot else origin

    def last_name(self, node: ast.expr) -> str | None:
        """The rightmost identifier with an import alias undone (`SAEnum` -> `Enum`).

        Only a bare name can be an alias of a different name: `sa.Enum` ends in `Enum`
        whatever `sa` stands for, so no dotted string is built on this hot path.
        """
        if isinstance(node, ast.Attribute):
            return node.attr
        if isinstance(node, ast.Name):
            origin = self._origins.get(node.id)
            return node.id if origin is None else origin.rpartition(".")[2]
        return None

    def root_module(self, node: ast.expr) -> str | None:
        """The top-level package a Name/Attribute was imported from (`sqlalchemy`), if any.

        Relative imports give "" (the project itself).
        """
        while isinstance(node, ast.Attribute):
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        origin = self._origins.get(node.id)
        if origin is None:
            return None
        return origin.partition(".")[0]
