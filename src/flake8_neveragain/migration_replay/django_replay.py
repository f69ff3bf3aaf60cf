"""NEV201 in Django migrations: replay the app's migrations to know what a field was.

`AlterField(model_name="patient", name="notes", field=models.TextField())` says
only what the field becomes. Whether it was encrypted lives in the app's earlier
migrations, so for a migration being checked:

1. The `*.py` files in its directory are read through a MigrationFiles reader
   (parsed with `ast`, never imported). The checked file itself is never parsed
   again for its own check: its tree is the one the caller already has.
2. Its ancestors are found through the in-app `dependencies`. The app label is the
   directory's parent name (`patients/migrations/` -> "patients") unless the
   checked migration's dependencies name migrations here under another label. A
   migration without in-app dependencies follows the one named just before it.
   Only ancestors count: a sibling branch or a later migration never does. A
   squashed migration whose replaced migrations are present stands for them.
3. Their operations fold into a state, model -> field -> (encrypted?, type shown):
   CreateModel, AddField, AlterField, RemoveField, RenameField, RenameModel,
   DeleteModel, and SeparateDatabaseAndState's state_operations.
4. The checked migration's own operations then run on that state, and report:
   - AlterField making plain a field that was encrypted;
   - AddField of a plain field under the name of an encrypted field that this
     migration or an ancestor removed;
   - RenameField of a plain field onto such a name (django-fernet-fields'
     add / copy / remove / rename dance, run backwards).

Cost: nothing is read unless the checked migration adds, alters or renames a
field (or defines an encrypted one). Each directory is listed and its files read
once per reader (a reader is one run's snapshot of the tree, or one revision) and
scanned for encryption markers ("ncrypt", "PGP", "Fernet", configured type
names); without a marker nothing is parsed. Otherwise files are parsed as the
walk through the graph needs them, migrations already checked in the run are
taken from their trees, and the state after each migration is kept (sharing
unchanged models), so an app of n migrations costs O(n), not O(n^2). Scan results
and parsed summaries are also cached per process, keyed by path and the reader's
version of the file (modification time and size). Unreadable or broken siblings
are skipped (each is reported on its own when it is checked); in the graph they
follow the migration named just before them, so they do not cut the chain.
"""

from __future__ import annotations

import ast
import os
import re
import warnings
import weakref
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TypeVar

from flake8_neveragain.extract.changes import migration_name
from flake8_neveragain.extract.encrypted_types import EncryptedTypesConfig
from flake8_neveragain.extract.frameworks import (
    DJANGO_ADD_FIELD,
    DJANGO_ALTER_FIELD,
    DJANGO_CREATE_MODEL,
    DJANGO_DELETE_MODEL,
    DJANGO_DEPENDENCIES_ATTRIBUTE,
    DJANGO_MIGRATION_CLASS,
    DJANGO_OPERATIONS_ATTRIBUTE,
    DJANGO_REMOVE_FIELD,
    DJANGO_RENAME_FIELD,
    DJANGO_RENAME_MODEL,
    DJANGO_REPLACES_ATTRIBUTE,
    DJANGO_SEPARATE_OPERATIONS,
    DJANGO_STATE_OPERATIONS,
)
from flake8_neveragain.extract.index import index_module
from flake8_neveragain.extract.migrations_django import (
    is_migration_class,
    migration_attribute,
    operation_argument,
)
from flake8_neveragain.extract.symbols import Symbols
from flake8_neveragain.extract.syntax import node_span, string_value
from flake8_neveragain.facts import Decryption, FieldType, Span
from flake8_neveragain.files.pathtext import fs_path
from flake8_neveragain.migration_replay.fieldtypes import django_field_type
from flake8_neveragain.migration_replay.sources import MigrationFiles

# SeparateDatabaseAndState inside SeparateDatabaseAndState ...: stop somewhere.
_MAX_NESTED_OPERATIONS = 4
# Operations after which a field may be stored in plain text where it was encrypted.
_CHECKED_KINDS = frozenset({DJANGO_ADD_FIELD, DJANGO_ALTER_FIELD, DJANGO_RENAME_FIELD})
# Parsed sibling summaries kept per process; a very large tree starts the cache afresh.
_CACHE_LIMIT = 4096

# What a per-model table of the replay holds: field types, or removed fields.
_Value = TypeVar("_Value")


@dataclass(frozen=True, slots=True)
class Operation:
    """One migration operation, as much of it as the replay needs."""

    kind: str  # the Django operation's class name: "AlterField", "RenameModel", ...
    model: str  # as written ("patient"); for RenameModel the old name
    name: str = ""  # the field; for RenameField the old name, for RenameModel the new model name
    new_name: str = ""  # RenameField's new name
    field: FieldType | None = None  # AddField / AlterField
    fields: tuple[tuple[str, FieldType | None], ...] = ()  # CreateModel
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class MigrationSummary:
    name: str  # the file stem: "0039_plain_notes"
    dependencies: tuple[tuple[str, str], ...]
    replaces: tuple[tuple[str, str], ...]
    operations: tuple[Operation, ...]
    # A file that could not be read or parsed: in the graph it follows the migration
    # named just before it, so the chain is not cut there.
    unreadable: bool = False

    @property
    def has_encrypted_field(self) -> bool:
        return any(
            (operation.field is not None and operation.field.encrypted)
            or any(field_type is not None and field_type.encrypted for _, field_type in operation.fields)
            for operation in self.operations
        )


# --- reading a migration module ------------------------------------------------------------

def summarise(classes: list[ast.ClassDef], symbols: Symbols, name: str) -> MigrationSummary:
    """The dependencies and operations of a module's Migration classes."""
    dependencies: list[tuple[str, str]] = []
    replaces: list[tuple[str, str]] = []
    operations: list[Operation] = []
    for node in classes:
        dependencies += _pairs(migration_attribute(node, DJANGO_DEPENDENCIES_ATTRIBUTE))
        replaces += _pairs(migration_attribute(node, DJANGO_REPLACES_ATTRIBUTE))
        _read_operations(migration_attribute(node, DJANGO_OPERATIONS_ATTRIBUTE), symbols, operations, 0)
    return MigrationSummary(name, tuple(dependencies), tuple(replaces), tuple(operations))


def _pairs(value: ast.expr | None) -> list[tuple[str, str]]:
    """[("patients", "0001_initial"), swappable_dependency(...)] -> the literal pairs."""
    pairs = []
    if isinstance(value, (ast.List, ast.Tuple)):
        for element in value.elts:
            if isinstance(element, (ast.Tuple, ast.List)) and len(element.elts) == 2:
                label, name = (string_value(item) for item in element.elts)
                if label and name:
                    pairs.append((label, name))
    return pairs


def _read_operations(value: ast.expr | None, symbols: Symbols, into: list[Operation], depth: int) -> None:
    if not isinstance(value, (ast.List, ast.Tuple)) or depth > _MAX_NESTED_OPERATIONS:
        return
    for call in value.elts:
        if not isinstance(call, ast.Call):
            continue
        kind = symbols.imports.last_name(call.func)
        if kind == DJANGO_SEPARATE_OPERATIONS:
            # The state side is what later migrations (and the models) see.
            _read_operations(operation_argument(call, kind, DJANGO_STATE_OPERATIONS), symbols, into, depth + 1)
        elif kind is not None:
            operation = _operation(call, kind, symbols)
            if operation is not None:
                into.append(operation)


def _operation(call: ast.Call, kind: str, symbols: Symbols) -> Operation | None:
    def text(parameter: str) -> str | None:
        return string_value(operation_argument(call, kind, parameter))

    span = node_span(call)
    if kind in (DJANGO_ADD_FIELD, DJANGO_ALTER_FIELD):
        model, name = text("model_name"), text("name")
        value = operation_argument(call, kind, "field")
        field_type = django_field_type(value, symbols) if value is not None else None
        if model and name and field_type is not None:
            return Operation(kind, model, name, field=field_type, span=span)
    elif kind == DJANGO_REMOVE_FIELD:
        model, name = text("model_name"), text("name")
        if model and name:
            return Operation(kind, model, name, span=span)
    elif kind == DJANGO_RENAME_FIELD:
        model, old, new = text("model_name"), text("old_name"), text("new_name")
        if model and old and new:
            return Operation(kind, model, old, new, span=span)
    elif kind == DJANGO_RENAME_MODEL:
        old, new = text("old_name"), text("new_name")
        if old and new:
            return Operation(kind, old, new, span=span)
    elif kind == DJANGO_DELETE_MODEL:
        model = text("name")
        if model:
            return Operation(kind, model, span=span)
    elif kind == DJANGO_CREATE_MODEL:
        model = text("name")
        if model:
            return Operation(kind, model, fields=_created_fields(operation_argument(call, kind, "fields"), symbols),
                             span=span)
    return None


def _created_fields(value: ast.expr | None, symbols: Symbols) -> tuple[tuple[str, FieldType | None], ...]:
    fields = []
    if isinstance(value, (ast.List, ast.Tuple)):
        for element in value.elts:
            if isinstance(element, (ast.Tuple, ast.List)) and len(element.elts) >= 2:
                name = string_value(element.elts[0])
                if name:
                    fields.append((name, django_field_type(element.elts[1], symbols)))
    return tuple(fields)


# --- the app's other migrations ----------------------------------------------------------------

@dataclass(slots=True)
class _Entry:
    mentions: bool  # the bytes contain an encryption marker
    summary: MigrationSummary | None = None  # None: not parsed yet, or broken
    broken: bool = False


# Per process: what each file version mentions, and its summary once parsed.
_cache: dict[tuple[str, Hashable, tuple[str, ...]], _Entry] = {}
# Per reader (one run's snapshot of the tree, or one git revision): each directory.
_directories: weakref.WeakKeyDictionary[MigrationFiles, dict[tuple[str, tuple[str, ...]], _Directory]] = (
    weakref.WeakKeyDictionary()
)


def parse_migration(data: bytes, name: str, config: EncryptedTypesConfig) -> MigrationSummary | None:
    """A migration file's summary from its bytes; None when it does not parse."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes in the scanned code are its business
            tree = ast.parse(data)
        index = index_module(tree)
        symbols = Symbols(index.imports, index.constants, index.classes_by_name, {}, config)
        classes = [
            node for node in index.classes
            if node.name == DJANGO_MIGRATION_CLASS and is_migration_class(node, symbols.imports)
        ]
        return summarise(classes, symbols, name)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


class _Directory:
    """One migrations directory as one reader sees it.

    Built once per reader and directory: every file is read once and scanned for
    encryption markers. A file is parsed only when a check walks through it, so
    the file being checked never is for its own check (its tree is at hand), and
    each migration's resulting state is folded once per app label (`_after`).
    """

    __slots__ = ("_after", "_checked", "_config", "_entries", "_files", "_mentioning", "_paths", "names")

    def __init__(self, directory: str, files: MigrationFiles, config: EncryptedTypesConfig) -> None:
        self._files = files
        self._config = config
        self._paths: dict[str, str] = {}
        self._entries: dict[str, _Entry] = {}
        self._mentioning: set[str] = set()
        self._after: dict[tuple[str, str], AppState] = {}  # (label, migration) -> state after it
        # Migrations checked in this run, from the trees their checks had: never parsed again.
        self._checked: dict[str, MigrationSummary] = {}
        for path in files.list_migrations(directory):
            name = migration_name(path)
            if name and name not in self._paths:
                entry = self._scan(path)
                self._paths[name] = path
                self._entries[name] = entry
                if entry.mentions:
                    self._mentioning.add(name)
        self.names = sorted(self._paths)

    def _scan(self, path: str) -> _Entry:
        version = self._files.version(path)
        key = (path, version, self._config.entries)
        entry = _cache.get(key) if version is not None else None
        if entry is None:
            data = self._files.read(path)
            if data is None:
                return _Entry(False, broken=True)
            entry = _Entry(any(marker in data for marker in self._config.markers))
            if version is not None:
                if len(_cache) >= _CACHE_LIMIT:
                    _cache.clear()
                _cache[key] = entry
        return entry

    def __contains__(self, name: str) -> bool:
        return name in self._paths

    @property
    def mentions_encryption(self) -> bool:
        """Whether a file here contains an encryption marker (a byte scan, not a parse)."""
        return bool(self._mentioning)

    def remember(self, summary: MigrationSummary) -> None:
        """The summary of a migration just checked, read from the tree its check was given."""
        if summary.name in self._paths:
            self._checked.setdefault(summary.name, summary)

    def summary(self, name: str) -> MigrationSummary:
        """A migration's summary, parsed on first use; a stand-in if it cannot be read."""
        checked = self._checked.get(name)
        if checked is not None:
            return checked
        entry = self._entries[name]
        if entry.summary is None and not entry.broken:
            data = self._files.read(self._paths[name])
            entry.summary = parse_migration(data, name, self._config) if data is not None else None
            entry.broken = entry.summary is None
        return entry.summary or MigrationSummary(name, (), (), (), True)

    def history(self, label: str) -> _History:
        return _History(self, label)


def _directory(
    files: MigrationFiles, directory: str, config: EncryptedTypesConfig, create: bool = True
) -> _Directory | None:
    """The directory as `files` sees it (memoised per reader); None if not yet built and not `create`."""
    try:
        per_reader = _directories.setdefault(files, {})
    except TypeError:  # a reader that cannot be weakly referenced: no memo
        return _Directory(directory, files, config) if create else None
    key = (directory, config.entries)
    found = per_reader.get(key)
    if found is None and create:
        found = per_reader[key] = _Directory(directory, files, config)
    return found


def clear_cache() -> None:
    """Forget every scanned and parsed file (tests; long-lived processes that want to)."""
    _cache.clear()
    _directories.clear()


# --- ordering: the checked migration's ancestors -------------------------------------------

def app_label(directory: str, current: MigrationSummary, present: _Directory | set[str]) -> str:
    """The label the app's migrations use for each other, from the checked migration's
    dependencies: the directory's parent name ("patients" for patients/migrations) if
    they use it or name no migration here, else the label naming migrations here most.
    """
    parent = os.path.basename(os.path.dirname(os.path.abspath(directory or os.curdir)))
    votes = Counter(label for label, name in current.dependencies if name in present and name != current.name)
    if not votes or parent in votes:
        return parent
    return max(sorted(votes), key=votes.__getitem__)


class _History:
    """The states an app's migrations lead to, under one label (memoised in the directory)."""

    __slots__ = ("_after", "_directory", "_label")

    def __init__(self, directory: _Directory, label: str) -> None:
        self._directory = directory
        self._label = label
        self._after = directory._after

    def predecessors(self, summary: MigrationSummary) -> list[str]:
        """The in-app dependencies of a migration, squashed migrations standing for what they replace.

        A migration without any (an app that never declares them, or a file that cannot
        be read) follows the migration whose name sorts just before its own.
        """
        directory, label = self._directory, self._label
        if not summary.unreadable:
            found: list[str] = []
            for other_label, name in summary.dependencies:
                if other_label == label and name in directory and name != summary.name:
                    found.extend(self._replaced(name) or [name])
            if found:
                return sorted(set(found))
        names = directory.names
        for position in range(bisect_left(names, summary.name) - 1, -1, -1):
            if not self._replaced(names[position]):
                return [names[position]]
        return []

    def _replaced(self, name: str) -> list[str]:
        """For a squashed migration, the migrations it replaces that are present here."""
        if not _SQUASHED.search(name):  # Django names them 0001_squashed_0004_...
            return []
        replaces = self._directory.summary(name).replaces
        return [other for label, other in replaces if label == self._label and other in self._directory]

    def before(self, current: MigrationSummary) -> AppState:
        """A fresh state for `current` to change: what its ancestors leave behind."""
        return self._state_from(self.predecessors(current), current.name)

    def _state_from(self, predecessors: list[str], name: str) -> AppState:
        if not predecessors:
            return AppState()
        if len(predecessors) == 1:
            return self._state_after(predecessors[0]).derived()
        # A merge: fold every ancestor afresh, each after its own dependencies.
        state = AppState()
        for ancestor in self._ancestors(predecessors, name):
            for operation in self._directory.summary(ancestor).operations:
                state.apply(operation, ancestor)
        return state

    def _state_after(self, name: str) -> AppState:
        """The state once migration `name` has run (memoised; iterative, so long chains are fine)."""
        key = (self._label, name)
        pending = [name]
        on_stack = {name}  # a dependency cycle is cut where it closes
        while pending:
            top = pending[-1]
            if (self._label, top) in self._after:
                on_stack.discard(pending.pop())
                continue
            summary = self._directory.summary(top)
            predecessors = [p for p in self.predecessors(summary) if p not in on_stack]
            # One predecessor (the usual chain): its state first. A merge folds afresh.
            if len(predecessors) == 1 and (self._label, predecessors[0]) not in self._after:
                pending.append(predecessors[0])
                on_stack.add(predecessors[0])
                continue
            state = self._state_from(predecessors, top)
            for operation in summary.operations:
                state.apply(operation, top)
            self._after[(self._label, top)] = state
            on_stack.discard(pending.pop())
        return self._after[key]

    def _ancestors(self, start: list[str], exclude: str) -> list[str]:
        """Every migration reachable from `start`, in an order where dependencies come first."""
        order: list[str] = []
        seen = {exclude, *start}
        stack = [(name, iter(self.predecessors(self._directory.summary(name)))) for name in reversed(start)]
        while stack:
            name, pending = stack[-1]
            for dependency in pending:
                if dependency not in seen:
                    seen.add(dependency)
                    stack.append((dependency, iter(self.predecessors(self._directory.summary(dependency)))))
                    break
            else:
                stack.pop()
                order.append(name)
        return order


_SQUASHED = re.compile(r"_squashed_")


# --- the replay ------------------------------------------------------------------------------

class AppState:
    """Model (lower case) -> field -> type; and encrypted fields removed, with where.

    `derived()` shares the per-model dicts with the state it comes from and copies
    one only when it changes, so keeping the state after every migration is cheap.
    """

    __slots__ = ("_own", "models", "removed")

    def __init__(self) -> None:
        self.models: dict[str, dict[str, FieldType]] = {}
        self.removed: dict[str, dict[str, tuple[FieldType, str]]] = {}
        self._own: set[tuple[int, str]] = set()  # (table, model) dicts this state may change

    def derived(self) -> AppState:
        state = AppState()
        state.models = dict(self.models)
        state.removed = dict(self.removed)
        return state

    def _writable(self, table: dict[str, dict[str, _Value]], which: int, model: str) -> dict[str, _Value]:
        inner = table.get(model)
        if (which, model) not in self._own:
            inner = table[model] = dict(inner) if inner else {}
            self._own.add((which, model))
        elif inner is None:
            inner = table[model] = {}
        return inner

    def _move(self, table: dict[str, dict[str, _Value]], which: int, old: str, new: str) -> None:
        if old in table:
            table[new] = table.pop(old)
            owned = (which, old) in self._own
            self._own.discard((which, old))
            (self._own.add if owned else self._own.discard)((which, new))

    def _drop(self, table: dict[str, dict[str, _Value]], which: int, model: str) -> None:
        table.pop(model, None)
        self._own.discard((which, model))

    def apply(self, operation: Operation, migration: str) -> None:
        kind, model = operation.kind, operation.model.lower()
        if kind == DJANGO_CREATE_MODEL:
            self.models[model] = {name: ftype for name, ftype in operation.fields if ftype is not None}
            self._own.add((_MODELS, model))
            self._drop(self.removed, _REMOVED, model)
        elif kind in (DJANGO_ADD_FIELD, DJANGO_ALTER_FIELD) and operation.field is not None:
            self._writable(self.models, _MODELS, model)[operation.name] = operation.field
            if kind == DJANGO_ADD_FIELD and operation.name in self.removed.get(model, ()):
                self._writable(self.removed, _REMOVED, model).pop(operation.name)
        elif kind == DJANGO_REMOVE_FIELD:
            if operation.name in self.models.get(model, ()):
                before = self._writable(self.models, _MODELS, model).pop(operation.name)
                if before.encrypted:
                    self._writable(self.removed, _REMOVED, model)[operation.name] = (before, migration)
        elif kind == DJANGO_RENAME_FIELD:
            if operation.name in self.models.get(model, ()):
                fields = self._writable(self.models, _MODELS, model)
                fields[operation.new_name] = fields.pop(operation.name)
            if operation.new_name in self.removed.get(model, ()):
                self._writable(self.removed, _REMOVED, model).pop(operation.new_name)
        elif kind == DJANGO_RENAME_MODEL:
            new = operation.name.lower()
            self._move(self.models, _MODELS, model, new)
            self._move(self.removed, _REMOVED, model, new)
        elif kind == DJANGO_DELETE_MODEL:
            self._drop(self.models, _MODELS, model)
            self._drop(self.removed, _REMOVED, model)

    def check(self, operation: Operation, migration: str) -> Decryption | None:
        """What `operation` would take away, judged on the state before it."""
        kind, model = operation.kind, operation.model.lower()
        span = operation.span or Span(1, 1, 1, 1)
        if kind == DJANGO_ALTER_FIELD and operation.field is not None and not operation.field.encrypted:
            before = self.models.get(model, {}).get(operation.name)
            if before is not None and before.encrypted:
                return Decryption(migration, "alters", operation.model, operation.name, before, operation.field, span)
        elif kind == DJANGO_ADD_FIELD and operation.field is not None and not operation.field.encrypted:
            removed = self.removed.get(model, {}).get(operation.name)
            if removed is not None:
                return Decryption(migration, "adds", operation.model, operation.name, removed[0], operation.field,
                                  span, removed_in=removed[1])
        elif kind == DJANGO_RENAME_FIELD:
            renamed = self.models.get(model, {}).get(operation.name)
            removed = self.removed.get(model, {}).get(operation.new_name)
            if renamed is not None and not renamed.encrypted and removed is not None:
                return Decryption(migration, "renames", operation.model, operation.new_name, removed[0], renamed,
                                  span, removed_in=removed[1], renamed_from=operation.name)
        return None


_MODELS, _REMOVED = 0, 1


def replay(state: AppState, current: MigrationSummary) -> list[Decryption]:
    """Check and fold `current`'s operations, in order, on the state its ancestors left."""
    found = []
    for operation in current.operations:
        decryption = state.check(operation, current.name)
        if decryption is not None:
            found.append(decryption)
        state.apply(operation, current.name)
    return found


def django_decryptions(
    classes: list[ast.ClassDef], symbols: Symbols, path: str, files: MigrationFiles, mentions: bool = True
) -> list[Decryption]:
    """NEV201 cases in the checked migration (its Migration classes, read from its tree).

    `mentions` says whether the migration itself defines an encrypted field (the
    extractor's facts know); when False, the files of its directory must mention
    encryption for the replay to run.
    """
    name = migration_name(path)
    checks = _has_checked_operations(classes, symbols, 0)
    if not name:  # stdin: the migration on its own
        return replay(AppState(), summarise(classes, symbols, name)) if mentions and checks else []
    directory = os.path.dirname(fs_path(path))  # `path` is report text: odd bytes escaped
    siblings = _directory(files, directory, symbols.encryption.config, create=checks or mentions)
    if siblings is None or not (mentions or siblings.mentions_encryption):
        return []
    current = summarise(classes, symbols, name)
    # The checks after this one in the same run take its summary from here.
    siblings.remember(current)
    if not checks:
        return []
    history = siblings.history(app_label(directory, current, siblings))
    return replay(history.before(current), current)


def _has_checked_operations(classes: list[ast.ClassDef], symbols: Symbols, depth: int) -> bool:
    """Whether a Migration adds, alters or renames a field (a name test per operation)."""
    return any(_checks_in(migration_attribute(node, DJANGO_OPERATIONS_ATTRIBUTE), symbols, depth)
               for node in classes)


def _checks_in(operations: ast.expr | None, symbols: Symbols, depth: int) -> bool:
    if not isinstance(operations, (ast.List, ast.Tuple)) or depth > _MAX_NESTED_OPERATIONS:
        return False
    for call in operations.elts:
        if isinstance(call, ast.Call):
            kind = symbols.imports.last_name(call.func)
            if kind in _CHECKED_KINDS:
                return True
            if kind == DJANGO_SEPARATE_OPERATIONS and _checks_in(
                operation_argument(call, kind, DJANGO_STATE_OPERATIONS), symbols, depth + 1
            ):
                return True
    return False
