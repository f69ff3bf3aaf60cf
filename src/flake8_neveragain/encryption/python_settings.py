"""The settings a Python module gives datastores, caches and clouds: driver options, DSNs,
Django settings, cloud calls, the encryption clauses of SQL strings, and pymongo's
automatic field encryption (judged NEV202, NEV203 and NEV201 by the rules).

Hot path: the survey (survey.py) reads the imports the extraction's index found
and notices a module-level `DATABASES = ...`. A module that imports
no datastore driver, cache client, cloud SDK or SQLAlchemy, sets no DATABASES
and imports nothing that runs SQL text stops there (Django models import
django, but only settings with DATABASES and code that imports
django.db.connection or migrations matter). Modules that import a driver or
cloud SDK (connection code, rarely large) are walked in full. Modules that only
import SQLAlchemy (every SQLAlchemy models file) or only set DATABASES get a
shallow pass: the calls a statement starts with (`engine = create_engine(...)`,
`return await asyncpg.connect(...)`, `with ...(...)`) and the calls passed
directly to those (`sessionmaker(bind=create_engine(...))`), never every
expression, so they cost about one more statement pass.

What is read, per call to a known connect function (resolved through the
module's imports, so `import psycopg2 as pg; pg.connect(...)` counts):
keyword arguments, string arguments that are connection strings (URL,
libpq keywords, ODBC, JDBC), SQLAlchemy's `connect_args={...}`; constants may be
written in place or bound once to a module-level name, and option dicts may be
passed as `**OPTIONS` or `connect_args=OPTIONS` when OPTIONS is a module-level
name bound once to a dict display (connection_values.py). A constant passed by name is
reported at its literal (`DSN = "...sslmode=disable"`), once however many calls
use it: that is where the setting is written and where its `# noqa` goes.
Module-level ODBC and JDBC connection strings (`CONN_STR = "Server=db;Encrypt=no"`)
are also read where they are written, with no connect call in sight; the
survey lists them, so a settings module that imports no driver is still read.
Besides calls: Django `DATABASES[...]["OPTIONS"]`, `os.environ["PGSSLMODE"] = ...`
(and `os.environ.setdefault`), pymongo's `AutoEncryptionOpts(...)`, the boto3
calls in cloud.py, and the SQL strings of execute()/text()/RunSQL(...) calls
(sql_at_rest.py reads them through extract/sql_strings.py).

Local connections are skipped: when the call, the connection string or the
Django entry names a loopback host (localhost, 127.0.0.0/8, ::1), a Unix
socket path or Django's empty HOST, nothing is reported for it.

Each call is read once into a `Reading` (who configures what, and every
option it was given). Every option becomes a neutral SettingFact; the rules
judge them (rules/encryption_levels.py), and protection.py keys them for `--diff`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flake8_neveragain.encryption.connection_values import (
    UNKNOWN,
    ConnectionString,
    Constants,
    constant,
    family_of_scheme,
    is_connection_string,
    is_local_host,
    is_true,
    mapping,
    parse_connection_string,
    show,
    show_word,
)
from flake8_neveragain.encryption.survey import AUTO_ENCRYPTION, CONNECTORS, DEEP_ROOTS, ModuleSurvey, statements
from flake8_neveragain.extract.callee import callee_name
from flake8_neveragain.extract.syntax import node_span
from flake8_neveragain.facts import SettingFact

if TYPE_CHECKING:
    from flake8_neveragain.extract.sql_strings import SqlString

_ENV_VARIABLE = "PGSSLMODE"

# pymongo.encryption_options.AutoEncryptionOpts (also re-exported by pymongo.encryption,
# see survey.AUTO_ENCRYPTION): bypass_auto_encryption is its fifth parameter.
_BYPASS = "bypass_auto_encryption"
_BYPASS_POSITION = 4

# A node an option is written at: a keyword, an expression, or a statement (os.environ[...] = ...).
Node = ast.expr | ast.keyword | ast.stmt


@dataclass(slots=True)
class Option:
    """One option as written: the driver family that reads it, its key and its value."""

    family: str  # the driver family that reads it: "postgres", "mysql", "odbc", "mongo", ...
    key: str  # lower case: "sslmode", "encrypt", "tlsinsecure"
    value: object  # the constant, or a string from a connection string
    label: str  # as messages name it: "sslmode", "connect_args sslmode", "OPTIONS sslmode"
    evidence: str  # "sslmode='disable'", "sslmode=disable in the connection URL"
    node: Node  # where it is written (or, for a dict passed by name, where it is passed)


@dataclass(slots=True)
class Reading:
    """What one call or settings entry configures, and every option it was given."""

    source: str  # "python-connection", "django-settings", "mongo-client-encryption"
    subject: str  # "psycopg2.connect", "DATABASES['default']", "os.environ"
    driver: str  # whose defaults apply: the import root, "django-postgres", "environ", ...
    family: str  # the call's driver family
    node: Node  # the call or entry
    options: list[Option] = field(default_factory=list)
    scheme: str = ""  # scheme of the URL given, if any ("rediss", "mongodb+srv")
    odbc_driver: str = ""  # Driver={...} of an ODBC connection string
    tls: bool = True  # redis: TLS is on (ssl=True or rediss://); certificate options only count then


@dataclass(slots=True)
class _Keyword:
    """A keyword argument, written as name=value or taken from a dict passed as **options."""

    name: str
    value: ast.expr
    anchor: Node  # where a finding about it points
    via: str | None  # the module-level dict it came from

    def suffix(self) -> str:
        return f" in {self.via}" if self.via else ""


def find_setting_facts(
    tree: ast.Module, module: ModuleSurvey | None = None, sql_strings: list[SqlString] | None = None
) -> list[SettingFact]:
    """Every option the module sets on a datastore, cache, cloud or SQL object.

    `module` is its survey and `sql_strings` its SQL strings, if already made.
    """
    if module is None:
        module = ModuleSurvey(tree)
    facts: list[SettingFact] = []
    if module.runs_sql:
        from flake8_neveragain.encryption.sql_at_rest import find_at_rest_facts_in_python

        facts.extend(find_at_rest_facts_in_python(tree, sql_strings))
    if module.worth_reading():
        facts.extend(_call_facts(tree, module))
    if module.connection_strings:
        # After the calls: a constant a call already read counts once (rules/encryption_findings.py).
        facts.extend(constant_string_facts(module))
    return facts


def _call_facts(tree: ast.Module, module: ModuleSurvey) -> list[SettingFact]:
    nodes = ast.walk(tree) if module.watched & DEEP_ROOTS else _shallow_nodes(tree)

    def cloud_facts(call: ast.Call, operation: str, where: str) -> list[SettingFact]:
        from flake8_neveragain.encryption.cloud import cloud_call_facts

        return cloud_call_facts(call, operation, module.constants)

    return settings_in(module, ((node, "") for node in nodes), lambda reading, _: reading_facts(reading), cloud_facts)


def settings_in(
    module: ModuleSurvey,
    nodes: Iterable[tuple[ast.AST, str]],
    of_reading: Callable[[Reading, str], list[SettingFact]],
    of_cloud: Callable[[ast.Call, str, str], list[SettingFact]],
) -> list[SettingFact]:
    """The settings of Django DATABASES, then of the connect calls, os.environ assignments and
    cloud calls among `nodes`, each given with the scope it is in."""
    facts: list[SettingFact] = []
    if module.has_databases:
        for entry in django_databases(module):
            facts.extend(of_reading(entry, ""))
    names = module.call_names()
    for node, where in nodes:
        if isinstance(node, ast.Call):
            func = node.func
            last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if last in names:
                reading = node_reading(node, module)
                if reading is not None:
                    facts.extend(of_reading(reading, where))
                elif module.cloud and isinstance(func, ast.Attribute):
                    facts.extend(of_cloud(node, func.attr, where))
        elif isinstance(node, ast.Assign):
            reading = node_reading(node, module)
            if reading is not None:
                facts.extend(of_reading(reading, where))
    return facts


def constant_string_facts(module: ModuleSurvey) -> list[SettingFact]:
    """The options of module-level connection strings, read where they are written
    whether or not a connect call is in sight:
    `CONN_STR = "Driver={...};Server=db;Encrypt=no;"`, `jdbc:sqlserver://db;encrypt=false`."""
    facts = []
    for name, literal in module.connection_strings:
        text = literal.value
        if not isinstance(text, str):
            continue
        parsed = parse_connection_string(text)
        if parsed is None or parsed.is_local() or not is_connection_string(parsed, text):
            continue
        family = "odbc" if parsed.kind == "odbc" else family_of_scheme(parsed.scheme)
        if family is None or family == "redis":  # redis options only count on a TLS call
            continue
        reading = Reading("python-connection", name, "connection-string", family, literal)
        reading.options.extend(_string_options(parsed, literal, family))
        facts.extend(reading_facts(reading))
    return facts


def reading_facts(reading: Reading) -> list[SettingFact]:
    """The options of a reading as setting facts."""
    return [
        option_fact(reading, option) for option in reading.options
        # redis-py reads certificate options only on a TLS connection.
        if option.family != "redis" or reading.tls
    ]


def option_fact(reading: Reading, option: Option, key: str = "", shown: str = "") -> SettingFact:
    return SettingFact(
        family=option.family, option=option.key, value=option.value, subject=reading.subject,
        symbol=f"{reading.subject}({option.label})", written=option.evidence, source=reading.source,
        span=node_span(option.node), key=key, shown=shown,
    )


# --- what a shallow pass reads ------------------------------------------------------

def _shallow_nodes(tree: ast.Module) -> Iterator[ast.AST]:
    """Statements, the calls they start with, and calls passed straight to those."""
    for statement in statements(tree.body):
        yield statement
        roots: list[ast.expr] = []
        value = getattr(statement, "value", None)
        if isinstance(value, ast.expr):
            roots.append(value)
        for item in getattr(statement, "items", ()):  # with / async with
            roots.append(item.context_expr)
        for root in roots:
            call = root.value if isinstance(root, ast.Await) else root
            if isinstance(call, ast.Call):
                yield call
                for argument in [*call.args, *(keyword.value for keyword in call.keywords)]:
                    inner = argument.value if isinstance(argument, ast.Await) else argument
                    if isinstance(inner, ast.Call):
                        yield inner


# --- calls -----------------------------------------------------------------------

def _connector(origin: str) -> tuple[str, str] | None:
    """(driver, family) for a resolved call origin that opens a connection."""
    last = origin.rpartition(".")[2]
    for driver, (family, names) in CONNECTORS.items():
        if (origin == driver or origin.startswith(driver + ".")) and last in names:
            return driver, family
    return None


def node_reading(node: ast.AST, module: ModuleSurvey) -> Reading | None:
    """The reading for a call or an `os.environ[...] = ...` statement, if it configures encryption.

    boto3 operations (cloud.py) are not readings: the caller handles those.
    """
    reading = _node_reading(node, module)
    return _at_constants(reading, module) if reading is not None else None


def _at_constants(reading: Reading, module: ModuleSurvey) -> Reading:
    """Options given by a module-level name (`connect(DSN)`, `ssl=SSL_OFF`) point at
    the literal the name is bound to: the setting is written, reviewed and
    `# noqa`-ed there, however many calls use it."""
    for option in reading.options:
        node = option.node
        value = node.value if isinstance(node, ast.keyword) else node
        if isinstance(value, ast.Name):
            literal = module.literals.get(value.id)
            if literal is not None:
                option.node = literal
    return reading


def _node_reading(node: ast.AST, module: ModuleSurvey) -> Reading | None:
    if isinstance(node, ast.Assign):
        return _environ_assignment(node, module)
    if not isinstance(node, ast.Call):
        return None
    call, constants = node, module.constants
    origin = module.imports.resolve(call.func)
    if origin == "os.environ.setdefault":
        if len(call.args) == 2 and constant(call.args[0], constants) == _ENV_VARIABLE:
            return _pgsslmode(call.args[1], constants, call)
        return None
    if origin and origin.startswith("pymongo.") and origin.endswith("." + AUTO_ENCRYPTION):
        return _auto_encryption(call, origin, constants)
    found = _connector(origin) if origin else None
    if found is None or not origin:
        # boto3.session.Session().client(...): the receiver is not an import.
        if module.cloud and isinstance(call.func, ast.Attribute) and call.func.attr in ("client", "resource"):
            return _options_reading(call, callee_name(call.func), "boto3", "boto3", constants)
        return None
    driver, family = found
    subject = origin if origin.startswith(driver) else callee_name(call.func)
    if family == "sqlalchemy":
        return _engine_reading(call, subject, constants)
    return _options_reading(call, subject, driver, family, constants)


def _keywords(call: ast.Call, constants: Constants) -> Iterator[_Keyword]:
    """name=value arguments, and the items of dicts passed as **options."""
    for keyword in call.keywords:
        if keyword.arg:
            yield _Keyword(keyword.arg, keyword.value, keyword, None)
            continue
        found = mapping(keyword.value, constants)
        if found is None:
            continue
        display, name = found
        for key_node, value_node in zip(display.keys, display.values):
            key = constant(key_node, constants) if key_node is not None else UNKNOWN
            if isinstance(key, str):
                # A dict bound to a name: the finding points where it is passed.
                yield _Keyword(key, value_node, keyword.value if name else value_node, name)


def _options_reading(call: ast.Call, subject: str, driver: str, family: str,
                     constants: Constants) -> Reading | None:
    """Keyword options and connection-string arguments of one driver call (None: local)."""
    keywords = list(_keywords(call, constants))
    host: object = UNKNOWN
    for keyword in keywords:
        if keyword.name in ("host", "server"):
            host = constant(keyword.value, constants)
    if is_local_host(host):
        return None
    reading = Reading("python-connection", subject, driver, family, call)
    # redis-py: certificate options only matter on a TLS connection (ssl=True or rediss://).
    tls = family != "redis" or any(
        keyword.name == "ssl" and is_true(constant(keyword.value, constants)) for keyword in keywords)
    arguments: list[tuple[ast.expr, Node, str]] = [(argument, argument, "") for argument in call.args]
    arguments.extend((keyword.value, keyword.value if keyword.via is None else keyword.anchor, keyword.suffix())
                     for keyword in keywords)
    strings = []
    for argument, anchor, suffix in arguments:
        text = constant(argument, constants)
        parsed = parse_connection_string(text) if isinstance(text, str) else None
        if parsed is None:
            continue
        if parsed.is_local():
            return None
        tls = tls or parsed.scheme == "rediss"
        reading.scheme = reading.scheme or parsed.scheme
        reading.odbc_driver = reading.odbc_driver or parsed.options.get("driver", "")
        strings.append((parsed, anchor, suffix))
    reading.tls = tls
    for parsed, anchor, suffix in strings:
        string_family = "odbc" if parsed.kind == "odbc" else family_of_scheme(parsed.scheme) or family
        reading.options.extend(_string_options(parsed, anchor, string_family, suffix))
    for keyword in keywords:
        if keyword.name in ("host", "server"):
            continue
        value = _option_value(keyword.value, constants)
        if value is UNKNOWN:
            continue
        evidence = f"{keyword.name}={_show(keyword.value, value)}{keyword.suffix()}"
        reading.options.append(Option(family, keyword.name.lower(), value, keyword.name, evidence, keyword.anchor))
    return reading


def _string_options(parsed: ConnectionString, node: Node, family: str, suffix: str = "") -> list[Option]:
    where = "connection URL" if parsed.kind == "url" else "connection string"
    options = []
    for key, value in parsed.options.items():
        spelled = parsed.spelled.get(key, key)
        options.append(Option(family, key, value, spelled, f"{spelled}={show_word(value)} in the {where}{suffix}",
                              node))
    return options


def _engine_reading(call: ast.Call, subject: str, constants: Constants) -> Reading | None:
    """create_engine / create_async_engine: the URL, then connect_args by its scheme."""
    url_node = call.args[0] if call.args else next(
        (keyword.value for keyword in call.keywords if keyword.arg == "url"), None)
    url = constant(url_node, constants) if url_node is not None else UNKNOWN
    family = "postgres"  # a URL we cannot read: only sslmode / ssl_disabled / ssl_mode count
    reading = Reading("python-connection", subject, "sqlalchemy", family, call)
    if isinstance(url, str) and "://" in url and url_node is not None:
        parsed = parse_connection_string(url)
        if parsed is not None:
            if parsed.is_local():
                return None
            family = family_of_scheme(parsed.scheme) or family
            reading.options.extend(_string_options(parsed, url_node, family))
            reading.odbc_driver = parsed.options.get("driver", "")
        reading.scheme = url.partition("://")[0].lower()
        family = family_of_scheme(reading.scheme) or family
    reading.family = family
    for keyword in _keywords(call, constants):
        found = mapping(keyword.value, constants) if keyword.name == "connect_args" else None
        if found is None:
            continue
        display, name = found
        items = _dict_items(display, constants)
        if is_local_host(items.get("host", (None, UNKNOWN))[1]):
            return None
        for key, (value_node, value) in items.items():
            key_family = family
            if family == "postgres" and key.lower() in ("ssl_disabled", "ssl_mode"):
                key_family = "mysql"  # a MySQL driver's option behind a URL we could not read
            evidence = f"connect_args {key}={_show(value_node, value)}" + (f" in {name}" if name else "")
            reading.options.append(Option(key_family, key.lower(), value, f"connect_args {key}", evidence,
                                          keyword.value if name else value_node))
    return reading


def _auto_encryption(call: ast.Call, subject: str, constants: Constants) -> Reading:
    """pymongo AutoEncryptionOpts(...): is automatic encryption bypassed?"""
    reading = Reading("mongo-client-encryption", subject, "pymongo", "mongo-encryption", call)
    node: ast.expr | None = None
    anchor: Node = call
    suffix = ""
    if len(call.args) > _BYPASS_POSITION and not any(isinstance(a, ast.Starred) for a in call.args):
        node = anchor = call.args[_BYPASS_POSITION]
    for keyword in _keywords(call, constants):
        if keyword.name == _BYPASS:
            node, anchor, suffix = keyword.value, keyword.anchor, keyword.suffix()
    value = constant(node, constants) if node is not None else UNKNOWN
    if value is not UNKNOWN and node is not None:
        reading.options.append(Option("mongo-encryption", _BYPASS, value, _BYPASS,
                                      f"{_BYPASS}={_show(node, value)}{suffix}", anchor))
    return reading


# --- Django DATABASES and PGSSLMODE ------------------------------------------------

def django_databases(module: ModuleSurvey) -> Iterator[Reading]:
    """One reading per DATABASES entry that connects to another machine."""
    constants = module.constants
    for statement in module.tree.body:
        if not (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Dict)
                and any(isinstance(t, ast.Name) and t.id == "DATABASES" for t in statement.targets)):
            continue
        for alias_node, entry_node in zip(statement.value.keys, statement.value.values):
            alias = constant(alias_node, constants) if alias_node is not None else UNKNOWN
            entry = mapping(entry_node, constants)
            if entry is None:
                continue
            settings = _dict_items(entry[0], constants)
            # Django reads a missing or empty HOST as localhost (PostgreSQL: the Unix socket).
            if is_local_host(settings.get("HOST", (None, ""))[1]):
                continue
            engine = settings.get("ENGINE", (None, ""))[1]
            engine = engine if isinstance(engine, str) else ""
            family = "mysql" if "mysql" in engine else "postgres"
            driver = ("django-mysql" if "mysql" in engine
                      else "django-postgres" if "postg" in engine or "cockroach" in engine else "django")
            subject = _databases_entry(alias)
            reading = Reading("django-settings", subject, driver, family,
                              alias_node if alias_node is not None else entry_node)
            options_node = settings.get("OPTIONS", (None, None))[0]
            found = mapping(options_node, constants) if options_node is not None else None
            if found is not None and options_node is not None:
                display, name = found
                for key, (value_node, value) in _dict_items(display, constants).items():
                    evidence = f"OPTIONS {key}={_show(value_node, value)}" + (f" in {name}" if name else "")
                    reading.options.append(Option(family, key.lower(), value, f"OPTIONS {key}", evidence,
                                                  options_node if name else value_node))
            yield _at_constants(reading, module)


def _environ_assignment(node: ast.Assign, module: ModuleSurvey) -> Reading | None:
    """os.environ["PGSSLMODE"] = "disable" (libpq's default sslmode for the process)."""
    for target in node.targets:
        if (isinstance(target, ast.Subscript) and module.imports.resolve(target.value) == "os.environ"
                and constant(target.slice, module.constants) == _ENV_VARIABLE):
            return _pgsslmode(node.value, module.constants, node)
    return None


def _pgsslmode(value_node: ast.expr, constants: Constants, node: ast.Call | ast.Assign) -> Reading:
    reading = Reading("python-connection", "os.environ", "environ", "postgres", node)
    value = constant(value_node, constants)
    if value is not UNKNOWN:
        reading.options.append(Option("postgres", "sslmode", value, f"'{_ENV_VARIABLE}'",
                                      f"{_ENV_VARIABLE}={show(value)}", node))
    return reading


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
    if isinstance(node, ast.Attribute):  # ssl.CERT_NONE
        return callee_name(node)
    return show(value)


# A Django database alias is a name (`using="replica"`), shown as written when it looks like one.
_ALIAS = re.compile(r"[A-Za-z_][\w.-]{0,63}", re.ASCII)


def _databases_entry(alias: object) -> str:
    """`DATABASES['default']`; `DATABASES[...]` for a key that is not a name."""
    if not isinstance(alias, str):
        return "DATABASES"
    return f"DATABASES[{alias!r}]" if _ALIAS.fullmatch(alias) else "DATABASES[...]"
