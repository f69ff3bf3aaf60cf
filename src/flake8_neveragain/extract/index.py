"""One walk over a module's statements, collecting what the adapters need.

Only statement lists are traversed (class, function and compound-statement bodies),
never every expression node: that is what keeps extraction cheap next to `ast.parse`.
The same walk notes the calls that may carry SQL text (cursor.execute(...), text(...),
migrations.RunSQL(...)) with the function they are in; nothing about them is read here.
"""

from __future__ import annotations

import ast
from typing import Any

from flake8_neveragain.extract.frameworks import (
    BASE_FACTORIES,
    CONFIG_CLASS_NAMES,
    FUNCTIONAL_ENUMS,
    FUNCTIONAL_FORMS,
    PYDAL_DEFINE_TABLE,
    SQL_CALLS,
)
from flake8_neveragain.extract.imports import ImportMap
from flake8_neveragain.extract.syntax import last_name

# Calls nested deeper than this inside a statement's value are not schema definitions.
_MAX_CALL_NESTING = 3

_FUNCTIONAL_NAMES = frozenset(FUNCTIONAL_FORMS) | FUNCTIONAL_ENUMS
_NOTED_NAMES = _FUNCTIONAL_NAMES | SQL_CALLS
_Function = ast.FunctionDef | ast.AsyncFunctionDef
# The module, class and function bodies around a statement, outermost first.
Owners = tuple[ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef, ...]
_Pending = tuple[list[ast.stmt], int, _Function | None, Owners]
# Scopes of a statement list.
_MODULE, _CLASS, _FUNCTION = 0, 1, 2
_VALUE_STATEMENTS = (ast.Assign, ast.Expr, ast.Return, ast.AnnAssign)
_TYPE_ALIAS = getattr(ast, "TypeAlias", None)  # the `type X = ...` statement, Python 3.12+


class ModuleIndex:
    """What the adapters need to know about the whole module before reading any schema."""

    __slots__ = (
        "classes",
        "classes_by_name",
        "constants",
        "factories",
        "function",
        "functional_calls",
        "import_statements",
        "imports",
        "owners",
        "sql_calls",
        "table_owners",
    )

    def __init__(self) -> None:
        self.imports = ImportMap()
        # The import statements themselves, wherever they are (the encryption survey reads them).
        self.import_statements: list[ast.Import | ast.ImportFrom] = []
        # Module-level `NAME = value` (also inside module-level if/try blocks).
        self.constants: dict[str, ast.expr] = {}
        # Module-level names bound to base-class factories: Base = declarative_base().
        self.factories: dict[str, str] = {}
        # Every class in the module, wherever it is nested (except Meta/Config inner classes).
        self.classes: list[ast.ClassDef] = []
        self.classes_by_name: dict[str, ast.ClassDef] = {}
        # Calls that may define a schema functionally: Table(...), NamedTuple(...), Enum(...).
        self.functional_calls: list[ast.Call] = []
        # Calls that may carry SQL text, with the innermost function they are in (None at
        # module or class level): execute(...), text(...), RunSQL(...), raw(...).
        self.sql_calls: list[tuple[ast.Call, _Function | None]] = []
        # pydal's define_table(...) calls, with the bodies around them: a computed table
        # name (`tablename = "pr_person"; self.define_table(tablename, ...)`) is looked up there.
        self.table_owners: dict[ast.Call, Owners] = {}
        # The function whose statements are being walked, and the bodies around them
        # (internal to the walk).
        self.function: _Function | None = None
        self.owners: Owners = ()


def index_module(tree: ast.Module) -> ModuleIndex:
    index = ModuleIndex()
    pending: list[_Pending] = [(tree.body, _MODULE, None, (tree,))]
    # The hot loop of extraction: the most frequent statement kinds are tested first.
    while pending:
        body, scope, function, owners = pending.pop()
        index.function = function
        index.owners = owners
        for statement in body:
            if isinstance(statement, _VALUE_STATEMENTS):
                value = statement.value
                if value is None:
                    continue
                if scope is _MODULE and isinstance(statement, (ast.Assign, ast.AnnAssign)):
                    _bind_constants(statement, value, index)
                if isinstance(value, ast.Call):
                    _find_in_call(value, index, 0)
                elif type(value) in _CONTAINERS:
                    _find_functional_calls(value, index)
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                pending.append((statement.body, _FUNCTION, statement, (*owners, statement)))
            elif isinstance(statement, (ast.If, ast.For, ast.While, ast.AsyncFor)):
                pending.append((statement.body, scope, function, owners))
                if statement.orelse:
                    pending.append((statement.orelse, scope, function, owners))
            elif isinstance(statement, ast.ClassDef):
                _index_class(statement, scope, index, pending)
            elif isinstance(statement, (ast.Import, ast.ImportFrom)):
                index.imports.add(statement)
                index.import_statements.append(statement)
            elif type(statement) is _TYPE_ALIAS:  # Python 3.12+: type Faith = Literal[...]
                if scope is _MODULE:
                    alias: Any = statement  # ast.TypeAlias is not in 3.11's stubs
                    index.constants[alias.name.id] = alias.value
            else:
                # Compound statements keep their scope: a class under a module-level
                # `if TYPE_CHECKING:` or `try:` is still a module-level class.
                pending.extend((block, scope, function, owners) for block in _blocks(statement))
    index.function = None
    index.owners = ()
    return index


def _index_class(node: ast.ClassDef, scope: int, index: ModuleIndex, pending: list[_Pending]) -> None:
    if scope is _CLASS and node.name in CONFIG_CLASS_NAMES:
        return
    index.classes.append(node)
    index.classes_by_name.setdefault(node.name, node)
    for base in node.bases:
        # class Person(NamedTuple("PersonBase", [...])): ...
        _find_functional_calls(base, index)
    pending.append((node.body, _CLASS, None, (*index.owners, node)))


def _blocks(statement: ast.stmt) -> list[list[ast.stmt]]:
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return [statement.body]
    if isinstance(statement, (ast.Try, ast.TryStar)):
        blocks = [statement.body, statement.orelse, statement.finalbody]
        blocks.extend(handler.body for handler in statement.handlers)
        return blocks
    if isinstance(statement, ast.Match):
        return [case.body for case in statement.cases]
    return []


def _bind_constants(statement: ast.Assign | ast.AnnAssign, value: ast.expr, index: ModuleIndex) -> None:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    for target in targets:
        if isinstance(target, ast.Name):
            _bind_constant(target.id, value, index)


def _bind_constant(name: str, value: ast.expr, index: ModuleIndex) -> None:
    index.constants[name] = value
    if isinstance(value, ast.Call):
        factory = last_name(value.func)
        if factory in BASE_FACTORIES:
            index.factories[name] = BASE_FACTORIES[factory]


def _find_functional_calls(value: ast.expr, index: ModuleIndex, depth: int = 0) -> None:
    """Functional schema calls (and SQL calls) in a statement value and in its calls' arguments.

    Hot path (runs on every assignment): constants and names are skipped by one type test.
    """
    if isinstance(value, ast.Call):
        _find_in_call(value, index, depth)
    elif depth >= _MAX_CALL_NESTING:
        return
    elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        for element in value.elts:
            if type(element) in _CONTAINERS:
                _find_functional_calls(element, index, depth + 1)
    elif isinstance(value, ast.Dict):
        for item in value.values:
            if type(item) in _CONTAINERS:
                _find_functional_calls(item, index, depth + 1)
    elif isinstance(value, (ast.Await, ast.Starred, ast.NamedExpr)):
        _find_functional_calls(value.value, index, depth + 1)


def _find_in_call(call: ast.Call, index: ModuleIndex, depth: int) -> None:
    name = last_name(call.func)
    if name in _NOTED_NAMES:  # one set lookup for the many calls that are neither
        if name in _FUNCTIONAL_NAMES:
            index.functional_calls.append(call)
            if name == PYDAL_DEFINE_TABLE:
                index.table_owners[call] = index.owners
        else:
            # Its arguments are read as SQL later (text(...) inside execute(...) included).
            index.sql_calls.append((call, index.function))
    elif depth < _MAX_CALL_NESTING:
        for argument in call.args:
            if type(argument) in _CONTAINERS:
                _find_functional_calls(argument, index, depth + 1)
        for keyword in call.keywords:
            if type(keyword.value) in _CONTAINERS:
                _find_functional_calls(keyword.value, index, depth + 1)


# Expressions that may hold a call; anything else is skipped by one set lookup.
_CONTAINERS = frozenset(
    {ast.Call, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Await, ast.Starred, ast.NamedExpr}
)
