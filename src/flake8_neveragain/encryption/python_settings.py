"""NEV202 and NEV203 in Python source: driver options, DSNs, settings, cloud calls.

Hot path: one pass over the module's *statements* (not expressions) collects
imports and notices a module-level `DATABASES = ...`. A module that imports
no datastore driver, cache client, cloud SDK or SQLAlchemy and sets no
DATABASES stops there (Django models import django, but only settings with
DATABASES matter). Modules that import a driver or cloud SDK (connection
code, rarely large) are walked in full. Modules that only import SQLAlchemy
(every SQLAlchemy models file) or only set DATABASES get a shallow pass:
the calls a statement starts with (`engine = create_engine(...)`,
`return await asyncpg.connect(...)`, `with ...(...)`) and the calls passed
directly to those (`sessionmaker(bind=create_engine(...))`), never every
expression, so they cost about one more statement pass.

What is read, per call to a known connect function (resolved through the
module's imports, so `import psycopg2 as pg; pg.connect(...)` counts):
keyword arguments, string arguments that are connection strings (URL,
libpq keywords, ODBC), SQLAlchemy's `connect_args={...}`; constants may be
written in place or bound once to a module-level name.
Besides calls: Django `DATABASES[...]["OPTIONS"]`, `os.environ["PGSSLMODE"] = ...`
(and `os.environ.setdefault`), and the boto3 calls in cloud.py.

Local connections are skipped: when the call, the connection string or the
Django entry names a loopback host (localhost, 127.0.0.0/8, ::1), a Unix
socket path or Django's empty HOST, nothing is reported for it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..extract.imports import ImportMap
from ..facts import Span
from .facts import EncryptionFact
from .options import family_of_scheme, is_true, weak_option
from .values import (
    UNKNOWN,
    ConnectionString,
    Constants,
    constant,
    is_local_host,
    module_constants,
    parse_connection_string,
)

# Top-level packages whose presence makes a module worth walking.
DEEP_ROOTS = frozenset({
    "psycopg", "psycopg2", "asyncpg", "pymysql", "MySQLdb", "mysql", "pyodbc",
    "pymongo", "motor", "redis", "boto3", "botocore", "aioboto3",
})
# Imported by every model file of its kind: only a shallow pass.
SHALLOW_ROOTS = frozenset({"sqlalchemy"})
WATCHED_ROOTS = DEEP_ROOTS | SHALLOW_ROOTS

# Driver root -> (family, names of the functions/classes that open connections).
_CONNECTORS: dict[str, tuple[str, frozenset[str]]] = {
    "psycopg": ("postgres", frozenset({"connect"})),
    "psycopg2": ("postgres", frozenset({"connect"})),
    "asyncpg": ("asyncpg", frozenset({"connect", "create_pool"})),
    "pymysql": ("mysql", frozenset({"connect", "Connect", "Connection"})),
    "MySQLdb": ("mysql", frozenset({"connect", "Connect", "Connection"})),
    "mysql.connector": ("mysql", frozenset({"connect"})),
    "pyodbc": ("odbc", frozenset({"connect"})),
    "pymongo": ("mongo", frozenset({"MongoClient", "AsyncMongoClient"})),
    "motor": ("mongo", frozenset({"AsyncIOMotorClient", "MotorClient"})),
    "redis": ("redis", frozenset({"Redis", "StrictRedis", "from_url"})),
    "boto3": ("boto3", frozenset({"client", "resource"})),
    "sqlalchemy": ("sqlalchemy", frozenset({"create_engine", "create_async_engine"})),
}

_ENV_VARIABLE = "PGSSLMODE"

_ENGINE_NAMES = frozenset({"create_engine", "create_async_engine"})

# Last names of every call _call can act on (checked before resolving imports).
_CALL_NAMES = frozenset().union(*(names for _, names in _CONNECTORS.values()), {"setdefault"})


def find_connection_findings(tree: ast.Module) -> list[EncryptionFact]:
    """Every NEV202/NEV203 fact in the module, in source order."""
    imports, watched, has_databases = _survey(tree)
    if not watched and not has_databases:
        return []
    constants = module_constants(tree)
    facts: list[EncryptionFact] = []
    cloud = watched & {"boto3", "botocore", "aioboto3"}
    if has_databases:
        facts.extend(_django_databases(tree, constants))
    nodes = ast.walk(tree) if watched & DEEP_ROOTS else _shallow_nodes(tree)
    if cloud:
        from .cloud import OPERATIONS

        names = _CALL_NAMES | OPERATIONS
    else:
        names = _CALL_NAMES
    for node in nodes:
        if isinstance(node, ast.Call):
            func = node.func
            last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if last in names:
                facts.extend(_call(node, imports, constants, bool(cloud)))
        elif isinstance(node, ast.Assign):
            facts.extend(_environ_assignment(node, imports, constants))
    facts.sort(key=lambda fact: (fact.span.line, fact.span.column))
    return facts


# --- the cheap survey ------------------------------------------------------------

def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    for statement in body:
        yield statement
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(statement, field, None)
            if inner:
                yield from _statements(inner)
        for handler in getattr(statement, "handlers", ()):
            yield from _statements(handler.body)
        for case in getattr(statement, "cases", ()):
            yield from _statements(case.body)


def _shallow_nodes(tree: ast.Module) -> Iterator[ast.AST]:
    """Statements, the calls they start with, and calls passed straight to those."""
    for statement in _statements(tree.body):
        yield statement
        roots: list[ast.expr] = []
        value = getattr(statement, "value", None)
        if isinstance(value, ast.expr):
            roots.append(value)
        for item in getattr(statement, "items", ()):  # with / async with
            roots.append(item.context_expr)
        for root in roots:
            if isinstance(root, ast.Await):
                root = root.value
            if isinstance(root, ast.Call):
                yield root
                for argument in [*root.args, *(keyword.value for keyword in root.keywords)]:
                    if isinstance(argument, ast.Await):
                        argument = argument.value
                    if isinstance(argument, ast.Call):
                        yield argument


def _survey(tree: ast.Module) -> tuple[ImportMap, set[str], bool]:
    imports = ImportMap()
    watched: set[str] = set()
    for statement in _statements(tree.body):
        if isinstance(statement, ast.Import):
            imports.add(statement)
            watched.update(alias.name.partition(".")[0] for alias in statement.names)
        elif isinstance(statement, ast.ImportFrom) and not statement.level and statement.module:
            imports.add(statement)
            root = statement.module.partition(".")[0]
            # `from sqlalchemy import Column, String` (a models file) needs no pass at all.
            if root != "sqlalchemy" or any(alias.name in _ENGINE_NAMES for alias in statement.names):
                watched.add(root)
    has_databases = any(
        isinstance(statement, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == "DATABASES" for target in statement.targets)
        for statement in tree.body
    )
    return imports, watched & WATCHED_ROOTS, has_databases


# --- calls -----------------------------------------------------------------------

def _connector(origin: str) -> tuple[str, str] | None:
    """(driver, family) for a resolved call origin that opens a connection."""
    last = origin.rpartition(".")[2]
    for driver, (family, names) in _CONNECTORS.items():
        if (origin == driver or origin.startswith(driver + ".")) and last in names:
            return driver, family
    return None


def _call(call: ast.Call, imports: ImportMap, constants: Constants, cloud: bool) -> list[EncryptionFact]:
    origin = imports.resolve(call.func)
    if origin == "os.environ.setdefault" and len(call.args) == 2:
        if constant(call.args[0], constants) == _ENV_VARIABLE:
            return _pgsslmode(call.args[1], constants, call)
        return []
    found = _connector(origin) if origin else None
    if found is None:
        if cloud and isinstance(call.func, ast.Attribute):
            from .cloud import cloud_call_facts

            name = call.func.attr
            if name in ("client", "resource"):  # boto3.session.Session().client(...)
                return _options_call(call, ast.unparse(call.func), "boto3", constants)
            return cloud_call_facts(call, name, constants)
        return []
    driver, family = found
    subject = origin if origin.startswith(driver) else ast.unparse(call.func)
    if family == "sqlalchemy":
        return _engine_call(call, subject, constants)
    return _options_call(call, subject, family, constants)


def _options_call(call: ast.Call, subject: str, family: str, constants: Constants) -> list[EncryptionFact]:
    """Keyword options and connection-string arguments of one driver call."""
    keywords = {keyword.arg: keyword for keyword in call.keywords if keyword.arg}
    host = constant(keywords["host"].value, constants) if "host" in keywords else UNKNOWN
    if "server" in keywords:
        host = constant(keywords["server"].value, constants)
    if is_local_host(host):
        return []
    # redis-py: certificate options only matter on a TLS connection (ssl=True or rediss://).
    tls_on = family != "redis" or is_true(constant(keywords["ssl"].value, constants) if "ssl" in keywords else None)
    strings = []
    for argument in [*call.args, *(keyword.value for keyword in call.keywords if keyword.arg)]:
        text = constant(argument, constants)
        parsed = parse_connection_string(text) if isinstance(text, str) else None
        if parsed is None:
            continue
        if parsed.is_local():
            return []
        tls_on = tls_on or parsed.scheme == "rediss"
        strings.append((argument, parsed))
    facts: list[EncryptionFact] = []
    for argument, parsed in strings:
        string_family = "odbc" if parsed.kind == "odbc" else family_of_scheme(parsed.scheme) or family
        facts.extend(_string_facts(parsed, argument, subject, string_family, tls_on))
    for keyword in call.keywords:
        if keyword.arg is None or keyword.arg in ("host", "server"):
            continue
        value = _option_value(keyword.value, constants)
        if value is UNKNOWN:
            continue
        if family == "redis" and not tls_on:
            continue
        weak = weak_option(family, keyword.arg.lower(), value)
        if weak:
            facts.append(_fact("NEV202", "python-connection", subject, keyword.arg,
                               f"{keyword.arg}={_show(keyword.value, value)}", weak, keyword))
    return facts


def _string_facts(parsed: ConnectionString, node: ast.AST, subject: str, family: str,
                  tls_on: bool) -> list[EncryptionFact]:
    facts = []
    where = "connection URL" if parsed.kind == "url" else "connection string"
    for key, value in parsed.options.items():
        if family == "redis" and not tls_on:
            continue
        weak = weak_option(family, key, value)
        if weak:
            spelled = parsed.spelled.get(key, key)
            facts.append(_fact("NEV202", "python-connection", subject, spelled,
                               f"{spelled}={value} in the {where}", weak, node))
    return facts


def _engine_call(call: ast.Call, subject: str, constants: Constants) -> list[EncryptionFact]:
    """create_engine / create_async_engine: the URL, then connect_args by its scheme."""
    url_node = call.args[0] if call.args else next(
        (keyword.value for keyword in call.keywords if keyword.arg == "url"), None)
    url = constant(url_node, constants) if url_node is not None else UNKNOWN
    family = "postgres"  # a URL we cannot read: only sslmode / ssl_disabled / ssl_mode count
    facts: list[EncryptionFact] = []
    if isinstance(url, str):
        parsed = parse_connection_string(url) if "://" in url else None
        if parsed is not None:
            if parsed.is_local():
                return []
            family = family_of_scheme(parsed.scheme) or family
            facts.extend(_string_facts(parsed, url_node, subject, family, True))
        elif "://" in url:
            family = family_of_scheme(url.partition("://")[0].lower()) or family
    for keyword in call.keywords:
        if keyword.arg != "connect_args" or not isinstance(keyword.value, ast.Dict):
            continue
        items = _dict_items(keyword.value, constants)
        if is_local_host(items.get("host", (None, UNKNOWN))[1]):
            return []
        for key, (key_node, value) in items.items():
            weak = weak_option(family, key.lower(), value)
            if weak is None and family == "postgres" and key.lower() in ("ssl_disabled", "ssl_mode"):
                weak = weak_option("mysql", key.lower(), value)
            if weak:
                facts.append(_fact("NEV202", "python-connection", subject, f"connect_args {key}",
                                   f"connect_args {key}={_show(key_node, value)}", weak, key_node))
    return facts


# --- Django DATABASES and PGSSLMODE ------------------------------------------------

def _django_databases(tree: ast.Module, constants: Constants) -> list[EncryptionFact]:
    facts: list[EncryptionFact] = []
    for statement in tree.body:
        if not (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Dict)
                and any(isinstance(t, ast.Name) and t.id == "DATABASES" for t in statement.targets)):
            continue
        for alias_node, entry in zip(statement.value.keys, statement.value.values):
            alias = constant(alias_node, constants) if alias_node is not None else UNKNOWN
            if not isinstance(entry, ast.Dict):
                continue
            settings = _dict_items(entry, constants)
            # Django reads a missing or empty HOST as localhost (PostgreSQL: the Unix socket).
            if is_local_host(settings.get("HOST", (None, ""))[1]):
                continue
            engine = settings.get("ENGINE", (None, ""))[1]
            family = "mysql" if isinstance(engine, str) and "mysql" in engine else "postgres"
            options_node = settings.get("OPTIONS", (None, None))[0]
            if not isinstance(options_node, ast.Dict):
                continue
            subject = f"DATABASES[{alias!r}]" if isinstance(alias, str) else "DATABASES"
            for key, (value_node, value) in _dict_items(options_node, constants).items():
                weak = weak_option(family, key.lower(), value)
                if weak:
                    facts.append(_fact("NEV202", "django-settings", subject, f"OPTIONS {key}",
                                       f"OPTIONS {key}={_show(value_node, value)}", weak, value_node))
    return facts


def _environ_assignment(node: ast.Assign, imports: ImportMap, constants: Constants) -> list[EncryptionFact]:
    """os.environ["PGSSLMODE"] = "disable" (libpq's default sslmode for the process)."""
    for target in node.targets:
        if (isinstance(target, ast.Subscript) and imports.resolve(target.value) == "os.environ"
                and constant(target.slice, constants) == _ENV_VARIABLE):
            return _pgsslmode(node.value, constants, node)
    return []


def _pgsslmode(value_node: ast.expr, constants: Constants, node: ast.AST) -> list[EncryptionFact]:
    value = constant(value_node, constants)
    weak = weak_option("postgres", "sslmode", value)
    if weak is None:
        return []
    return [_fact("NEV202", "python-connection", "os.environ", "'PGSSLMODE'", f"PGSSLMODE={value!r}", weak, node)]


# --- helpers ---------------------------------------------------------------------

def _option_value(node: ast.expr, constants: Constants) -> object:
    value = constant(node, constants)
    if value is UNKNOWN and isinstance(node, ast.Attribute) and node.attr == "CERT_NONE":
        return None  # ssl.CERT_NONE: the same as ssl_cert_reqs=None
    return value


def _dict_items(node: ast.Dict, constants: Constants) -> dict[str, tuple[ast.expr, object]]:
    """String keys of a dict display -> (value node, constant value or UNKNOWN)."""
    items: dict[str, tuple[ast.expr, object]] = {}
    for key, value in zip(node.keys, node.values):
        name = constant(key, constants) if key is not None else UNKNOWN
        if isinstance(name, str):
            items[name] = (value, _option_value(value, constants))
    return items


def _show(node: ast.AST, value: object) -> str:
    if isinstance(node, ast.Attribute):
        return ast.unparse(node)
    return repr(value)


def _fact(code: str, source: str, subject: str, option: str, evidence: str,
          weak: tuple[str, str], node: ast.AST) -> EncryptionFact:
    effect, instead = weak
    return EncryptionFact(
        code=code, source=source, subject=subject, symbol=f"{subject}({option})",
        evidence=evidence, action=f"sets {evidence}", effect=effect, instead=instead,
        span=span_of(node),
    )


def span_of(node: ast.AST) -> Span:
    line = getattr(node, "lineno", 1)
    column = getattr(node, "col_offset", 0) + 1
    end_line = getattr(node, "end_lineno", None) or line
    end_column = (getattr(node, "end_col_offset", None) or column - 1) + 1
    return Span(line, column, end_line, end_column)
