"""Names a field can point at: module and class constants, enums, type aliases.

`RELIGION_CHOICES = [...]`, `Faith = Literal[...]`, `class Religion(Enum)` and
`Religion = Enum("Religion", "HINDU MUSLIM")` all let a field's meaning live elsewhere
in the module; these lookups bring it back.
"""

from __future__ import annotations

import ast

from flake8_neveragain.extract import choice_values as values_module
from flake8_neveragain.extract import enums
from flake8_neveragain.extract.encrypted_types import EncryptedTypes, EncryptedTypesConfig
from flake8_neveragain.extract.imports import ImportMap

# A constant or enum whose values come from another, and so on: stop this deep
# (each level may itself nest expressions, and the stack is shared with flake8).
_MAX_NESTED_LOOKUPS = 8


class Symbols:
    """Module-wide lookups, with the enum values cached (each enum is read once)."""

    __slots__ = (
        "_class_attributes",
        "_classes",
        "_constant_values",
        "_constants",
        "_enum_values",
        "_enums",
        "_nesting",
        "encryption",
        "imports",
        "module_scope",
    )

    def __init__(
        self,
        imports: ImportMap,
        constants: dict[str, ast.expr],
        classes: dict[str, ast.ClassDef],
        enum_definitions: dict[str, ast.ClassDef | ast.Call],
        encrypted_types: EncryptedTypesConfig | None = None,
    ) -> None:
        self.imports = imports
        # Which field types encrypt, by import origin and the configured in-house types.
        self.encryption = EncryptedTypes(imports, encrypted_types)
        self._constants = constants
        self._classes = classes
        self._enums = enum_definitions
        self._enum_values: dict[str, tuple[str, ...]] = {}
        self._constant_values: dict[str, tuple[str, ...]] = {}
        self._class_attributes: dict[str, dict[str, ast.expr]] = {}
        self._nesting = 0  # lookups being evaluated inside other lookups right now
        self.module_scope = Scope(self, {})

    def constant(self, name: str) -> ast.expr | None:
        return self._constants.get(name)

    def constant_values(self, name: str) -> tuple[str, ...]:
        """The string values of module constant `name` (RELIGION_CHOICES), read once."""
        cached = self._constant_values.get(name)
        if cached is not None:
            return cached
        if self._nesting >= _MAX_NESTED_LOOKUPS:
            return ()
        self._constant_values[name] = ()  # a constant referring to itself stops here
        values: list[str] = []
        self._nesting += 1
        try:
            values_module.collect_strings(self._constants.get(name), self.module_scope, values)
        finally:
            self._nesting -= 1
        cached = self._constant_values[name] = tuple(values)
        return cached

    def is_class(self, name: str) -> bool:
        return name in self._classes or name in self._enums

    def is_enum(self, name: str) -> bool:
        return name in self._enums

    def enum_values(self, name: str) -> tuple[str, ...]:
        cached = self._enum_values.get(name)
        if cached is not None:
            return cached
        definition = self._enums.get(name)
        if definition is None or self._nesting >= _MAX_NESTED_LOOKUPS:
            return ()
        self._enum_values[name] = ()  # an enum whose members refer to itself stops here
        self._nesting += 1
        try:
            if isinstance(definition, ast.ClassDef):
                values = enums.class_member_values(definition, self.module_scope)
            else:
                values = enums.functional_member_values(definition, self.module_scope)
        finally:
            self._nesting -= 1
        self._enum_values[name] = values
        return values

    def enum_class_values(self, node: ast.ClassDef) -> tuple[str, ...]:
        """The members of enum class `node`, shared with lookups when it is the one by that name."""
        if self._enums.get(node.name) is node:
            return self.enum_values(node.name)
        return enums.class_member_values(node, self.module_scope)

    def class_attribute(self, class_name: str, attribute: str) -> ast.expr | None:
        """`Person.RELIGION_CHOICES`: a constant defined in another class's body."""
        attributes = self._class_attributes.get(class_name)
        if attributes is None:
            # Indexed once per class: a scan per lookup was quadratic when thousands
            # of fields each name one of thousands of attributes.
            attributes = self._class_attributes[class_name] = _assigned_names(self._classes.get(class_name))
        return attributes.get(attribute)


def _assigned_names(node: ast.ClassDef | None) -> dict[str, ast.expr]:
    """`NAME = value` in a class body (the first, where a name is bound twice)."""
    found: dict[str, ast.expr] = {}
    for statement in node.body if node is not None else ():
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, statement.value)
    return found


class Scope:
    """Lookups from inside one class body: its own constants first, then the module's."""

    __slots__ = ("_local", "symbols")

    def __init__(self, symbols: Symbols, local_constants: dict[str, ast.expr]) -> None:
        self.symbols = symbols
        self._local = local_constants

    def constant(self, name: str) -> ast.expr | None:
        local = self._local.get(name)
        return local if local is not None else self.symbols.constant(name)

    def is_local(self, name: str) -> bool:
        return name in self._local
