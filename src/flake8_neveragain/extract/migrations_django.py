"""Django migrations: the operations that create, add, alter or rename a field or model.

A module holds a migration when a class named `Migration` subclasses
`migrations.Migration` (django.db.migrations.Migration), wherever the file lives.
Its `operations = [...]` list is read in order:

    CreateModel(name, fields=[("race", models.CharField(...)), ...], options={"db_table": ...})
        -> the model and each field, "0007_x creates"
    AddField(model_name, name, field)       -> the field, "0007_x adds"
    AlterField(model_name, name, field)     -> the field as redefined, "0007_x alters"
    RenameField(model_name, old_name, new_name) -> the new name, "0007_x renames m.old to"
    RenameModel(old_name, new_name)         -> the new model name, "0007_x renames Old to"
    SeparateDatabaseAndState(database_operations=[...])   -> those operations

Every other operation (RemoveField, DeleteModel, AlterModelOptions, AddIndex, ...)
says nothing. Field definitions are read exactly as in model classes (fieldcalls.py).
RunSQL is read as SQL by sql_strings.py (its `sql`, never its `reverse_sql`); the
reverse functions of RunPython(forwards, backwards) are returned so that the SQL
they execute is skipped too. Model names are used as written (often lower case);
a relation to "app.ethnicgroup" takes the spelling of a model this migration
creates ("EthnicGroup"), so that its words can be told apart.
"""

from __future__ import annotations

import ast

from flake8_neveragain.extract.changes import KnownFields, action, migration_name
from flake8_neveragain.extract.drafts import FieldDraft, draft_fact, schema_facts
from flake8_neveragain.extract.fieldcalls import field_constructor, read_field_call
from flake8_neveragain.extract.frameworks import (
    DJANGO,
    DJANGO_CREATE_MODEL,
    DJANGO_DATABASE_OPERATIONS,
    DJANGO_FIELD_OPERATIONS,
    DJANGO_MIGRATION,
    DJANGO_MIGRATION_CLASS,
    DJANGO_MIGRATIONS_MODULE,
    DJANGO_MIGRATIONS_ORIGIN,
    DJANGO_OPERATION_PARAMETERS,
    DJANGO_OPERATIONS_ATTRIBUTE,
    DJANGO_RENAME_FIELD,
    DJANGO_RENAME_MODEL,
    DJANGO_RUN_PYTHON,
    DJANGO_SEPARATE_OPERATIONS,
    DJANGO_TABLE_OPTIONS,
)
from flake8_neveragain.extract.imports import ImportMap
from flake8_neveragain.extract.index import ModuleIndex
from flake8_neveragain.extract.symbols import Symbols
from flake8_neveragain.extract.syntax import call_argument, head_name, node_span, span_between, string_value
from flake8_neveragain.facts import FieldFact

# SeparateDatabaseAndState inside SeparateDatabaseAndState ...: stop somewhere.
_MAX_NESTED_OPERATIONS = 4


def django_migration_facts(index: ModuleIndex, symbols: Symbols, path: str) -> tuple[list[FieldFact], set[str]]:
    """Facts for the module's Django migrations, and the names of RunPython reverse functions."""
    facts: list[FieldFact] = []
    reverse_functions: set[str] = set()
    for node in index.classes:
        # The name test first: this loop runs on every module.
        if node.name == DJANGO_MIGRATION_CLASS and is_migration_class(node, symbols.imports):
            reader = _MigrationReader(symbols, migration_name(path))
            operations = migration_attribute(node, DJANGO_OPERATIONS_ATTRIBUTE)
            if operations is not None:
                reader.read(operations, 0)
            facts.extend(reader.facts)
            reverse_functions |= reader.reverse_functions
    return facts, reverse_functions


def is_migration_class(node: ast.ClassDef, imports: ImportMap) -> bool:
    """Whether class `node` (named Migration) subclasses django.db.migrations.Migration."""
    for base in node.bases:
        if imports.last_name(base) != DJANGO_MIGRATION_CLASS:  # Migration as BaseMigration too
            continue
        if head_name(base) == DJANGO_MIGRATIONS_MODULE:
            return True
        origin = imports.resolve(base)
        if origin is not None and origin.startswith(DJANGO_MIGRATIONS_ORIGIN):
            return True
    return False


def migration_attribute(node: ast.ClassDef, name: str) -> ast.expr | None:
    """The value of `operations = [...]` (or `dependencies`, ...) in the class body.

    The last assignment wins, as Python would have it.
    """
    found = None
    for statement in node.body:
        if isinstance(statement, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == name for t in statement.targets):
                found = statement.value
        elif isinstance(statement, ast.AnnAssign):
            target = statement.target
            if isinstance(target, ast.Name) and target.id == name:
                found = statement.value
    return found


class _MigrationReader:
    __slots__ = ("_known", "_models", "_name", "_symbols", "facts", "reverse_functions")

    def __init__(self, symbols: Symbols, name: str) -> None:
        self.facts: list[FieldFact] = []
        self.reverse_functions: set[str] = set()
        self._symbols = symbols
        self._name = name
        self._known = KnownFields()
        # Models created or renamed here, by lower-case name: Django writes relations as
        # to="casework.ethnicgroup", and the model's own spelling splits into words.
        self._models: dict[str, str] = {}

    def read(self, operations: ast.expr, depth: int) -> None:
        if not isinstance(operations, (ast.List, ast.Tuple)) or depth > _MAX_NESTED_OPERATIONS:
            return
        for operation in operations.elts:
            if isinstance(operation, ast.Call):
                self._operation(operation, depth)

    def _operation(self, call: ast.Call, depth: int) -> None:
        kind = self._symbols.imports.last_name(call.func)
        if kind == DJANGO_CREATE_MODEL:
            self._create_model(call)
        elif kind in DJANGO_FIELD_OPERATIONS:
            self._field_operation(call, kind)
        elif kind == DJANGO_RENAME_FIELD:
            self._rename_field(call)
        elif kind == DJANGO_RENAME_MODEL:
            self._rename_model(call)
        elif kind == DJANGO_SEPARATE_OPERATIONS:
            database = operation_argument(call, kind, DJANGO_DATABASE_OPERATIONS, 0)
            if database is not None:
                self.read(database, depth + 1)
        elif kind == DJANGO_RUN_PYTHON:
            reverse = operation_argument(call, kind, "reverse_code")
            if isinstance(reverse, ast.Name):
                self.reverse_functions.add(reverse.id)

    def _create_model(self, call: ast.Call) -> None:
        kind = DJANGO_CREATE_MODEL
        name_node = operation_argument(call, kind, "name")
        model = string_value(name_node)
        if not model or name_node is None:
            return
        self._models[model.lower()] = model
        drafts = []
        fields = operation_argument(call, kind, "fields")
        if isinstance(fields, (ast.List, ast.Tuple)):
            for element in fields.elts:
                draft = self._listed_field(element)
                if draft is not None:
                    drafts.append(draft)
        tables = _table_options(operation_argument(call, kind, "options"))
        self._known.add(model, [draft.name for draft in drafts])
        self.facts.extend(
            schema_facts(model, DJANGO_MIGRATION, node_span(name_node), drafts, tables, self._action("creates"))
        )

    def _listed_field(self, element: ast.expr) -> FieldDraft | None:
        """("race", models.CharField(max_length=40, choices=[...]))."""
        if not isinstance(element, (ast.Tuple, ast.List)) or len(element.elts) < 2:
            return None
        name = string_value(element.elts[0])
        if not name:
            return None
        draft = FieldDraft(name, node_span(element))
        self._read_field(element.elts[1], draft)
        return draft

    def _field_operation(self, call: ast.Call, kind: str) -> None:
        model = string_value(operation_argument(call, kind, "model_name"))
        name_node = operation_argument(call, kind, "name")
        name = string_value(name_node)
        if not model or not name or name_node is None:
            return
        draft = FieldDraft(name, span_between(name_node, call))
        field = operation_argument(call, kind, "field")
        if field is not None:
            self._read_field(field, draft)
        siblings = self._known.siblings(model, name)
        if kind == "AddField":
            self._known.add(model, [name])
        verb = DJANGO_FIELD_OPERATIONS[kind]
        self.facts.append(draft_fact(draft, model, DJANGO_MIGRATION, siblings, self._action(verb)))

    def _rename_field(self, call: ast.Call) -> None:
        kind = DJANGO_RENAME_FIELD
        model = string_value(operation_argument(call, kind, "model_name"))
        old = string_value(operation_argument(call, kind, "old_name"))
        new_node = operation_argument(call, kind, "new_name")
        new = string_value(new_node)
        if not model or not old or not new or new_node is None:
            return
        self._known.rename(model, old, new)
        draft = FieldDraft(new, span_between(new_node, call))
        siblings = self._known.siblings(model, new)
        verb = f"renames {model}.{old} to"
        self.facts.append(draft_fact(draft, model, DJANGO_MIGRATION, siblings, self._action(verb)))

    def _rename_model(self, call: ast.Call) -> None:
        kind = DJANGO_RENAME_MODEL
        old = string_value(operation_argument(call, kind, "old_name"))
        new_node = operation_argument(call, kind, "new_name")
        new = string_value(new_node)
        if not old or not new or new_node is None:
            return
        self._models[new.lower()] = new
        span = node_span(new_node)
        self.facts.append(
            FieldFact(new, DJANGO_MIGRATION, span, None, "model", action=self._action(f"renames {old} to"))
        )

    def _read_field(self, value: ast.expr, draft: FieldDraft) -> None:
        if read_field_definition(value, self._symbols, draft) is None:
            return
        if draft.type_refs and self._models:
            draft.type_refs = [self._models.get(ref.rpartition(".")[2], ref) for ref in draft.type_refs]

    def _action(self, verb: str) -> str:
        return action(self._name, verb)


def read_field_definition(value: ast.expr, symbols: Symbols, draft: FieldDraft) -> tuple[ast.Call, str, bool] | None:
    """A field definition, read as in a model class: choices, db_column, to=, types.

    Returns what fieldcalls.field_constructor says (the field call with wrappers
    looked through, its constructor name, whether a wrapper encrypts), or None
    when `value` is not a field.
    """
    if not isinstance(value, ast.Call):
        return None
    constructor = field_constructor(value, symbols.imports, DJANGO)
    if constructor is None:
        return None
    call, name, encrypted = constructor
    read_field_call(call, name, symbols.module_scope, draft)
    draft.encrypted = draft.encrypted or encrypted
    return constructor


def operation_argument(
    call: ast.Call, operation: str, parameter: str, position: int | None = None
) -> ast.expr | None:
    """An operation's argument by parameter name, positional or keyword."""
    if position is None:
        position = DJANGO_OPERATION_PARAMETERS[operation].index(parameter)
    return call_argument(call, position, parameter)


def _table_options(options: ast.expr | None) -> list[str]:
    """CreateModel(options={"db_table": "ethnic_groups"}) -> ["ethnic_groups"]."""
    tables = []
    if isinstance(options, ast.Dict):
        for key, value in zip(options.keys, options.values):
            table = string_value(value)
            if table and string_value(key) in DJANGO_TABLE_OPTIONS:
                tables.append(table)
    return tables
