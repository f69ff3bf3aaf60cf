"""pydal / web2py tables: X.define_table(name, Field("race"), ...) on any receiver.

Large web2py applications define their tables inside functions and model class methods,
under a name held in a variable:

    tablename = "pr_person_details"
    self.define_table(tablename, self.pr_person_id(), Field("religion"), *s3_meta_fields())

Any call named exactly `define_table` counts (db., current.db., self., a local alias).
The table is named by its literal name; else by the string last assigned to that name
before the call in the enclosing function, class or module (`self.tablename` and
`cls.tablename`: the enclosing class's attribute); else by the name it is computed
under ("tablename", "table_user_name" for settings.table_user_name), a placeholder that
still reads well.
Nothing is executed: the assignments are read from the statement lists, once per scope.

The fields are the Field("name", ...) calls among the arguments, also inside lists,
tuples and *[...], and behind names assigned the same way (`fields = [Field(...)]`,
then `define_table(tablename, *fields)`).
"""

from __future__ import annotations

import ast
from bisect import bisect_right
from operator import itemgetter

from flake8_neveragain.extract.drafts import FieldDraft, schema_facts
from flake8_neveragain.extract.fieldcalls import read_field_call
from flake8_neveragain.extract.frameworks import (
    INSTANCE_NAMES,
    PYDAL,
    PYDAL_BOOLEAN_TYPES,
    PYDAL_FIELD,
    PYDAL_FIELD_NAME_KEYWORD,
    PYDAL_REFERENCE_PREFIXES,
    PYDAL_TABLE_ALIAS_KEYWORDS,
    PYDAL_TABLE_NAME_KEYWORD,
)
from flake8_neveragain.extract.index import Owners
from flake8_neveragain.extract.symbols import Scope, Symbols
from flake8_neveragain.extract.syntax import call_head_span, last_name, node_span, string_value
from flake8_neveragain.facts import FieldFact

__all__ = ["ScopeBindings", "pydal_table_facts"]

_Owner = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
# (line, column) where a binding statement ends, and the value bound (None: bound to
# something that is not a plain value: a parameter, a loop target, an unpacking, ...).
_Binding = tuple[tuple[int, int], ast.expr | None]
_END = itemgetter(0)

# A name bound to a name bound to ...: stop this deep.
_MAX_LOOKUPS = 8
# Field(...) calls nested in lists, tuples, *args and names deeper than this are not read.
_MAX_FIELD_NESTING = 4
# Table names (and placeholders) computed longer than this are not names.
_MAX_NAME_LENGTH = 120
# The placeholder for a table named by an expression without a name in it.
_UNKNOWN_TABLE = "<table>"


class _Timeline:
    """One name's bindings in one scope, by where they end: the binding in force at a
    position is one bisection away (a filter per lookup was quadratic when a function
    rebinds `tablename` before each of thousands of tables)."""

    __slots__ = ("ends", "values")

    def __init__(self, bindings: list[_Binding]) -> None:
        # Bindings ending at the same place (a `with ... as t:` and the last statement
        # inside it) keep the first in scan order, as max() over the list did.
        first: dict[tuple[int, int], ast.expr | None] = {}
        for end, value in bindings:
            first.setdefault(end, value)
        self.ends = sorted(first)
        self.values = [first[end] for end in self.ends]

    def last(self) -> ast.expr | None:
        return self.values[-1]

    def at(self, position: tuple[int, int]) -> tuple[bool, ast.expr | None]:
        """(whether any binding ends by `position`, the value of the last that does)."""
        index = bisect_right(self.ends, position) - 1
        return (False, None) if index < 0 else (True, self.values[index])


class ScopeBindings:
    """The simple `name = value` bindings of the module's scopes, read once per scope."""

    __slots__ = ("_bindings", "_locals", "_timelines")

    def __init__(self) -> None:
        self._bindings: dict[_Owner, dict[str, list[_Binding]]] = {}
        self._locals: dict[_Owner, dict[str, ast.expr]] = {}
        self._timelines: dict[tuple[_Owner, str], _Timeline | None] = {}

    def of(self, owner: _Owner) -> dict[str, list[_Binding]]:
        bindings = self._bindings.get(owner)
        if bindings is None:
            bindings = self._bindings[owner] = _scan(owner)
        return bindings

    def timeline(self, owner: _Owner, name: str) -> _Timeline | None:
        key = (owner, name)
        if key not in self._timelines:
            bindings = self.of(owner).get(name)
            self._timelines[key] = _Timeline(bindings) if bindings else None
        return self._timelines[key]

    def local_values(self, owner: _Owner) -> dict[str, ast.expr]:
        """Each name's last plain value in the scope (for choices= and requires= lookups)."""
        values = self._locals.get(owner)
        if values is None:
            values = {}
            for name, bindings in self.of(owner).items():
                value = max(bindings, key=_END)[1]
                if value is not None:
                    values[name] = value
            self._locals[owner] = values
        return values

    def lookup(self, name: str, owners: Owners, at: tuple[int, int]) -> tuple[ast.expr, Owners] | None:
        """The value `name` has at position `at` of the innermost scope, with its scopes.

        The innermost scope counts the last binding before `at` (web2py model methods
        reassign `tablename` before each table); enclosing scopes, which have run by then,
        their last binding. Class bodies are skipped except as the innermost scope, as
        Python does. None when the name is unbound or bound to no plain value.
        """
        for depth in range(len(owners)):
            owner = owners[-1 - depth]
            if depth and isinstance(owner, ast.ClassDef):
                continue
            timeline = self.timeline(owner, name)
            if timeline is None:
                continue
            if depth == 0:
                bound, value = timeline.at(at)
                if not bound:  # a local bound only later: unknown here
                    return None
            else:
                value = timeline.last()
            return None if value is None else (value, owners[:len(owners) - depth])
        return None

    def class_attribute(self, attribute: str, owners: Owners) -> tuple[ast.expr, Owners] | None:
        """`self.tablename` / `cls.tablename`: the enclosing class body's last binding."""
        for depth in range(len(owners)):
            owner = owners[-1 - depth]
            if isinstance(owner, ast.ClassDef):
                timeline = self.timeline(owner, attribute)
                if timeline is None:
                    return None
                value = timeline.last()
                return None if value is None else (value, owners[:len(owners) - depth])
        return None


def pydal_table_facts(call: ast.Call, symbols: Symbols, owners: Owners, bindings: ScopeBindings) -> list[FieldFact]:
    """The table and its Field(...) columns for one define_table(...) call."""
    name_node, first_field = _table_name_argument(call)
    if name_node is None:
        return []
    owner = owners[-1] if owners else None
    scope = symbols.module_scope
    if owner is not None and not isinstance(owner, ast.Module):
        scope = Scope(symbols, bindings.local_values(owner))
    reader = _Reader(bindings, scope)
    drafts: list[FieldDraft] = []
    at = (call.lineno, call.col_offset)
    for argument in call.args[first_field:]:
        reader.collect(argument, owners, at, drafts, 0)
    table = _text(name_node, owners, at, bindings, 0)
    if table is None:
        if not drafts:  # db_bak.define_table(tablename, db[tablename]): nothing to report
            return []
        table = _placeholder(name_node)
    aliases = [
        alias
        for keyword in call.keywords
        if keyword.arg in PYDAL_TABLE_ALIAS_KEYWORDS and (alias := string_value(keyword.value))
    ]
    return schema_facts(table, PYDAL, call_head_span(call), drafts, aliases)


def _table_name_argument(call: ast.Call) -> tuple[ast.expr | None, int]:
    """The table name expression, and the position of the first field argument."""
    if call.args:
        first = call.args[0]
        return (None, 0) if isinstance(first, ast.Starred) else (first, 1)
    for keyword in call.keywords:
        if keyword.arg == PYDAL_TABLE_NAME_KEYWORD:
            return keyword.value, 0
    return None, 0


def _text(node: ast.expr, owners: Owners, at: tuple[int, int], bindings: ScopeBindings, depth: int) -> str | None:
    """The string an expression evaluates to, when assignments read in place say so."""
    text = string_value(node)
    if text is not None:
        return text
    if depth >= _MAX_LOOKUPS:
        return None
    found: tuple[ast.expr, Owners] | None = None
    if isinstance(node, ast.Name):
        found = bindings.lookup(node.id, owners, at)
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in INSTANCE_NAMES:
        found = bindings.class_attribute(node.attr, owners)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):  # "pr_" + "person"
        left = _text(node.left, owners, at, bindings, depth + 1)
        right = _text(node.right, owners, at, bindings, depth + 1) if left is not None else None
        if left is not None and right is not None:
            return _bounded(left + right)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # "%s_person" % prefix
        pattern = string_value(node.left)
        arguments = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
        substituted: list[str] = []
        for argument in arguments:
            part = _text(argument, owners, at, bindings, depth + 1)
            if pattern is None or part is None:
                return None
            substituted.append(part)
        return None if pattern is None else _substitute(pattern, substituted)
    elif isinstance(node, ast.JoinedStr):  # f"{prefix}_person"
        joined: list[str] = []
        for value in node.values:
            part = string_value(value)
            if isinstance(value, ast.FormattedValue) and value.conversion == -1 and value.format_spec is None:
                part = _text(value.value, owners, at, bindings, depth + 1)
            if part is None:
                return None
            joined.append(part)
        return _bounded("".join(joined))
    if found is None:
        return None
    value, value_owners = found
    return _text(value, value_owners, (value.lineno, value.col_offset), bindings, depth + 1)


def _substitute(pattern: str, parts: list[str]) -> str | None:
    """"%s_person" % ("pr",) -> "pr_person": %s and %% only, nothing else is formatted."""
    pieces = pattern.split("%")
    text = [pieces[0]]
    remaining = iter(parts)
    literal = False  # the previous piece ended a "%%"
    for piece in pieces[1:]:
        if literal:
            text.append(piece)
            literal = False
        elif not piece:  # "%%"
            text.append("%")
            literal = True
        elif piece[0] == "s":
            part = next(remaining, None)
            if part is None:
                return None
            text.append(part + piece[1:])
        else:
            return None
    if next(remaining, None) is not None:
        return None
    return _bounded("".join(text))


def _bounded(text: str) -> str | None:
    return text if len(text) <= _MAX_NAME_LENGTH else None


def _placeholder(node: ast.expr) -> str:
    """A computed table name, by the name it is computed under.

    `tablename` -> "tablename", `current.settings.table_user_name` -> "table_user_name",
    `get_tablename(x)` -> "get_tablename()". Only the rightmost name of a dotted one: the
    receiver says where the name is kept, not what the table holds, and the classifier
    reads the owner's words (a `settings.` prefix would pass for a settings table).
    Anything else (a join that could not be read) is "<table>".
    """
    suffix = ""
    while isinstance(node, (ast.Call, ast.Subscript)):
        suffix = "()" if isinstance(node, ast.Call) else "[]"
        node = node.func if isinstance(node, ast.Call) else node.value
    name = last_name(node)
    return name + suffix if name and len(name) <= _MAX_NAME_LENGTH else _UNKNOWN_TABLE


class _Reader:
    """Field(...) calls among define_table's arguments, wherever a few steps lead."""

    __slots__ = ("_bindings", "_scope", "_seen")

    def __init__(self, bindings: ScopeBindings, scope: Scope) -> None:
        self._bindings = bindings
        self._scope = scope
        self._seen: set[int] = set()

    def collect(
        self, node: ast.expr, owners: Owners, at: tuple[int, int], drafts: list[FieldDraft], depth: int
    ) -> None:
        if isinstance(node, ast.Call):
            # Reusable fields (self.pr_person_id(), s3_meta_fields()) are not read.
            if last_name(node.func) == PYDAL_FIELD and id(node) not in self._seen:
                self._seen.add(id(node))
                draft = self._field(node)
                if draft is not None:
                    drafts.append(draft)
            return
        if depth >= _MAX_FIELD_NESTING:
            return
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            for element in node.elts:
                self.collect(element, owners, at, drafts, depth + 1)
        elif isinstance(node, ast.Starred):
            self.collect(node.value, owners, at, drafts, depth + 1)
        elif isinstance(node, ast.Name):  # fields = [Field(...), ...]; define_table(t, *fields)
            found = self._bindings.lookup(node.id, owners, at)
            if found is not None:
                value, value_owners = found
                self.collect(value, value_owners, (value.lineno, value.col_offset), drafts, depth + 1)

    def _field(self, call: ast.Call) -> FieldDraft | None:
        """Field("race", "integer", requires=IS_IN_SET(...)); Field(fieldname="race")."""
        name = string_value(call.args[0]) if call.args else None
        field_type = string_value(call.args[1]) if len(call.args) > 1 else None
        for keyword in call.keywords:
            if keyword.arg == PYDAL_FIELD_NAME_KEYWORD and name is None and not call.args:
                name = string_value(keyword.value)
            elif keyword.arg == "type":
                field_type = string_value(keyword.value)
        if not name:
            return None
        draft = FieldDraft(name, node_span(call))
        read_field_call(call, PYDAL_FIELD, self._scope, draft)
        if field_type:
            _read_pydal_type(field_type, draft)
        return draft


def _read_pydal_type(field_type: str, draft: FieldDraft) -> None:
    """Field("x", "boolean"), Field("x", "reference religion"), "list:reference country"."""
    field_type = field_type.strip()
    if field_type.lower() in PYDAL_BOOLEAN_TYPES:
        draft.is_boolean = True
    for prefix in PYDAL_REFERENCE_PREFIXES:
        if field_type.startswith(prefix):
            target = field_type[len(prefix):].strip()
            if target:
                draft.type_refs.append(target)


def _scan(owner: _Owner) -> dict[str, list[_Binding]]:
    """Every name the scope binds, with where and to what (statement lists only)."""
    found: dict[str, list[_Binding]] = {}
    if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)):
        arguments = owner.args
        for argument in (
            *arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg,
        ):
            if argument is not None:
                found.setdefault(argument.arg, []).append(((0, 0), None))
    pending: list[list[ast.stmt]] = [owner.body]
    while pending:
        for statement in pending.pop():
            end = (statement.end_lineno or statement.lineno, statement.end_col_offset or 0)
            if isinstance(statement, ast.Assign):
                for target in statement.targets:
                    _bind(target, statement.value, end, found)
            elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
                value = statement.value if isinstance(statement, ast.AnnAssign) else None
                if value is not None or isinstance(statement, ast.AugAssign):
                    _bind(statement.target, value, end, found)
            elif isinstance(statement, (ast.For, ast.AsyncFor)):
                _bind(statement.target, None, end, found)
                pending.extend((statement.body, statement.orelse))
            elif isinstance(statement, (ast.If, ast.While)):
                pending.extend((statement.body, statement.orelse))
            elif isinstance(statement, (ast.With, ast.AsyncWith)):
                for item in statement.items:
                    if item.optional_vars is not None:
                        _bind(item.optional_vars, None, end, found)
                pending.append(statement.body)
            elif isinstance(statement, (ast.Try, ast.TryStar)):
                pending.extend((statement.body, statement.orelse, statement.finalbody))
                for handler in statement.handlers:
                    if handler.name:
                        found.setdefault(handler.name, []).append((end, None))
                    pending.append(handler.body)
            elif isinstance(statement, ast.Match):
                pending.extend(case.body for case in statement.cases)
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found.setdefault(statement.name, []).append((end, None))
            elif isinstance(statement, (ast.Import, ast.ImportFrom)):
                for alias in statement.names:
                    bound = alias.asname or alias.name.partition(".")[0]
                    found.setdefault(bound, []).append((end, None))
    return found


def _bind(target: ast.expr, value: ast.expr | None, end: tuple[int, int], found: dict[str, list[_Binding]]) -> None:
    if isinstance(target, ast.Name):
        found.setdefault(target.id, []).append((end, value))
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            _bind(element, None, end, found)
    elif isinstance(target, ast.Starred):
        _bind(target.value, None, end, found)
