"""What the value readers may ask of a module's names, as protocols.

symbols.py answers these questions and, to answer them, runs the readers of
choice values and enums (choice_values.py, enums.py) on the constants it finds.
The readers depend on these protocols rather than on symbols.py, so the
mutual recursion stays in the calls and out of the imports.
"""

from __future__ import annotations

import ast
from typing import Protocol


class ModuleLookups(Protocol):
    """Module-wide lookups: enums, constants and class attributes by name."""

    def is_enum(self, name: str) -> bool: ...

    def enum_values(self, name: str) -> tuple[str, ...]: ...

    def constant_values(self, name: str) -> tuple[str, ...]: ...

    def class_attribute(self, class_name: str, attribute: str) -> ast.expr | None: ...


class ScopeLookups(Protocol):
    """Lookups from inside one class body, falling back to the module's."""

    @property
    def symbols(self) -> ModuleLookups: ...

    def is_local(self, name: str) -> bool: ...

    def constant(self, name: str) -> ast.expr | None: ...
