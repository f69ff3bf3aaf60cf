"""Schema classes: the model fact, and one fact per field of the class body."""

from __future__ import annotations

import ast

from flake8_neveragain.extract.annotations import annotation_head, read_annotation
from flake8_neveragain.extract.drafts import FieldDraft, schema_facts
from flake8_neveragain.extract.fieldcalls import (
    constructor_framework,
    constructor_name,
    field_constructor,
    read_field_call,
)
from flake8_neveragain.extract.frameworks import (
    ANNOTATION_SOURCES,
    CLASSVAR_ANNOTATIONS,
    DICT_META_ATTRIBUTE,
    DICT_META_TABLE_KEYS,
    ENUM,
    GENERIC,
    META_TABLE_NAME_ATTRIBUTES,
    NON_FIELD_NAMES,
    TABLE_NAME_ATTRIBUTES,
)
from flake8_neveragain.extract.symbols import Scope, Symbols
from flake8_neveragain.extract.syntax import class_header_span, string_value, target_span
from flake8_neveragain.extract.walk import walk
from flake8_neveragain.facts import FieldFact

# Class attributes that are never fields, even with a field-like value.
_SPECIAL_ATTRIBUTES = frozenset(TABLE_NAME_ATTRIBUTES) | NON_FIELD_NAMES | {DICT_META_ATTRIBUTE}
_UNKNOWN_FRAMEWORK = (None, GENERIC)


def _body_blocks(statement: ast.stmt) -> tuple[list[ast.stmt], ...]:
    """Blocks of a class body whose fields are the class's: if/else and try (not handlers)."""
    if isinstance(statement, ast.If):
        return statement.body, statement.orelse
    if isinstance(statement, (ast.Try, ast.TryStar)):
        return statement.body, statement.orelse, statement.finalbody
    return ()


def class_facts(node: ast.ClassDef, kind: str | None, symbols: Symbols) -> list[FieldFact]:
    """Facts for one class of kind `kind` (see recognise.py); [] for ordinary classes."""
    if kind == ENUM:
        values = symbols.enum_class_values(node)
        return [FieldFact(node.name, ENUM, class_header_span(node), None, "model", values=values)]
    body = _ClassBody(kind, symbols)
    body.read(node.body)
    if kind is None and not body.drafts:
        return []
    source = kind if kind not in (None, GENERIC) else body.framework or GENERIC
    return schema_facts(node.name, source, class_header_span(node), body.drafts, body.table_names)


class _ClassBody:
    """Reads a class body in order: fields, class constants (for later fields) and table names.

    One pass is enough: a class body can only use constants defined above the use.
    """

    __slots__ = ("_constants", "_imports", "_kind", "_scope", "drafts", "framework", "table_names")

    def __init__(self, kind: str | None, symbols: Symbols) -> None:
        self.drafts: list[FieldDraft] = []
        self.table_names: list[str] = []
        # What the body says about the framework, for classes whose bases do not.
        self.framework: str | None = None
        self._kind = kind
        self._constants: dict[str, ast.expr] = {}
        self._scope = Scope(symbols, self._constants)
        self._imports = symbols.imports

    def read(self, body: list[ast.stmt]) -> None:
        for statement in walk(body, _body_blocks):
            if isinstance(statement, ast.Assign):
                self._read_assigned(statement)
            elif isinstance(statement, ast.AnnAssign):
                self._read_annotated(statement)
            elif isinstance(statement, ast.ClassDef):
                if statement.name == "Meta":
                    self._read_meta(statement)

    def _read_assigned(self, statement: ast.Assign) -> None:
        value = statement.value
        for target in statement.targets:
            if not isinstance(target, ast.Name):
                continue
            name = target.id
            if name.startswith("_") or name in _SPECIAL_ATTRIBUTES:
                self._read_special(name, value)
                continue
            constructor = (
                field_constructor(value, self._imports, self._kind) if isinstance(value, ast.Call) else None
            )
            if constructor is None:
                self._constants[name] = value
            else:
                self._add_field(target, statement, None, constructor)

    def _read_annotated(self, statement: ast.AnnAssign) -> None:
        target = statement.target
        if not isinstance(target, ast.Name):
            return
        name = target.id
        value = statement.value
        if name.startswith("_") or name in _SPECIAL_ATTRIBUTES:
            self._read_special(name, value)
            return
        head = annotation_head(statement.annotation)
        if head in CLASSVAR_ANNOTATIONS:
            if value is not None:
                self._constants[name] = value
            return
        mapped_source = ANNOTATION_SOURCES.get(head) if head is not None else None
        mapped = mapped_source is not None
        if mapped_source is not None and self.framework is None:
            self.framework = mapped_source
        constructor = (
            field_constructor(value, self._imports, self._kind) if isinstance(value, ast.Call) else None
        )
        # Annotations are fields in schema classes; Mapped[...] makes one in any class.
        if constructor is not None or self._kind is not None or mapped:
            self._add_field(target, statement, statement.annotation, constructor)
        elif value is not None:
            self._constants[name] = value

    def _read_special(self, name: str, value: ast.expr | None) -> None:
        """Private names, table names, MongoEngine's meta dict: never fields."""
        if name in TABLE_NAME_ATTRIBUTES:
            self._add_table_name(name, value)
        elif name == DICT_META_ATTRIBUTE and isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values):  # meta = {"collection": "..."}
                if string_value(key) in DICT_META_TABLE_KEYS:
                    self._add_table_name(None, item)

    def _add_field(
        self,
        target: ast.Name,
        statement: ast.stmt,
        annotation: ast.expr | None,
        constructor: tuple[ast.Call, str, bool] | None,
    ) -> None:
        scope = self._scope
        draft = FieldDraft(target.id, target_span(target, statement))
        if annotation is not None:
            for metadata in read_annotation(annotation, scope, draft):
                inner = constructor_name(metadata, self._imports, self._kind)  # Annotated[str, Field(...)]
                if inner is not None:
                    read_field_call(metadata, inner, scope, draft)
        if constructor is not None:
            call, name, encrypted = constructor
            if self.framework is None and self._kind in _UNKNOWN_FRAMEWORK:
                self.framework = constructor_framework(call, name, self._imports)
            read_field_call(call, name, scope, draft)
            draft.encrypted = draft.encrypted or encrypted
        self.drafts.append(draft)

    def _read_meta(self, meta: ast.ClassDef) -> None:
        """Django / Peewee / Tortoise: class Meta: db_table = "ethnic_groups"."""
        for statement in meta.body:
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name) and target.id in META_TABLE_NAME_ATTRIBUTES:
                        self._add_table_name(None, statement.value)

    def _add_table_name(self, attribute: str | None, value: ast.expr | None) -> None:
        table = string_value(value)
        if table:
            self.table_names.append(table)
            if attribute is not None and self.framework is None:
                self.framework = TABLE_NAME_ATTRIBUTES[attribute]
