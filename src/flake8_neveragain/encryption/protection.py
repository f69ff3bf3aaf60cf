"""Every recognised protection setting, strong or weak, keyed for `neveragain check --diff`.

The diff compares a file at a base revision with the working tree and reports
NEV201 when a setting's rank went down under the same key
(diff/downgrades.py, ranks from rules/encryption_levels.py). The settings come
from the detectors' own readers (python_settings.py, cloud.py, sql_at_rest.py),
so what is recognised here is what the single-file rules recognise; what is
added is the key, how the value reads in a message, and the driver's default
where nothing is written. Keys name the configured thing, never a line or a path:

    psycopg2.connect(sslmode)@get_engine      a call, in the function (or assignment) it is in
    DATABASES['default'].OPTIONS.sslmode      a Django database entry
    os.environ[PGSSLMODE]                     the process default of libpq
    table person ENCRYPTION                   a CREATE TABLE / TABLESPACE / DATABASE

A client of MongoDB or redis has one setting for TLS: its weakest option, or what
its URL scheme implies. Absent settings ("(none)") are listed only where the
default is documented for the driver at hand: libpq's and asyncpg's `prefer`,
mysqlclient's and mysql-connector's `PREFERRED`, ODBC Driver 18 encrypting (17
and older do not), TrustServerCertificate=no, automatic encryption not bypassed,
no auto_encryption_opts on a MongoClient. Local connections are skipped as for NEV202.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from flake8_neveragain.encryption.connection_values import is_true
from flake8_neveragain.encryption.python_settings import Node, Option, Reading, option_fact, settings_in
from flake8_neveragain.encryption.survey import ModuleSurvey
from flake8_neveragain.facts import SettingFact
from flake8_neveragain.rules.encryption_levels import judge, judge_value

if TYPE_CHECKING:
    from flake8_neveragain.extract.index import ModuleIndex

NONE = "(none)"

# Drivers whose default, with no option at all, is documented.
_LIBPQ_DRIVERS = frozenset({"psycopg", "psycopg2", "asyncpg", "django-postgres"})
_MYSQL_PREFERRED_DRIVERS = frozenset({"MySQLdb", "mysql.connector", "django-mysql"})
_MYSQL_PREFERRED_SCHEMES = frozenset({"mysql", "mysql+mysqldb", "mysql+mysqlconnector", "mariadb", "mariadb+mysqldb"})
_ODBC_DRIVER_VERSION = re.compile(r"odbc driver (\d+)", re.IGNORECASE)
_ODBC_DEFAULT_ENCRYPTS = 18


def python_protection_settings(tree: ast.Module, index: ModuleIndex | None = None) -> list[SettingFact]:
    """Every protection setting of a Python module, in source order (`index`: its index, if made)."""
    module = ModuleSurvey(tree, index)
    settings: list[SettingFact] = []
    if module.runs_sql:
        settings.extend(_sql_string_settings(tree, index))
    if module.worth_reading():

        def cloud_settings(call: ast.Call, operation: str, where: str) -> list[SettingFact]:
            from flake8_neveragain.encryption.cloud import cloud_call_settings

            return [setting._replace(key=f"{setting.subject}({judged.ranking.setting})@{_scope(where)}")
                    for setting in cloud_call_settings(call, operation, module.constants)
                    if (judged := judge(setting)) is not None]

        settings.extend(settings_in(module, _scoped_nodes(tree), reading_settings, cloud_settings))
    settings.sort(key=lambda setting: (setting.span.line, setting.span.column))
    return settings


def sql_protection_settings(text: str) -> list[SettingFact]:
    """Every CREATE TABLE / TABLESPACE / DATABASE of SQL text with its encryption clause."""
    from flake8_neveragain.encryption.sql_at_rest import table_encryption_settings

    return table_encryption_settings(text)


def _sql_string_settings(tree: ast.Module, index: ModuleIndex | None) -> list[SettingFact]:
    from flake8_neveragain.encryption.sql_at_rest import python_sql_strings, table_encryption_settings

    settings: list[SettingFact] = []
    for text, place in python_sql_strings(tree, index):
        if "create" in text.lower():
            settings.extend(setting._replace(span=place(setting.span))
                            for setting in table_encryption_settings(text))
    return settings


# --- one reading -> its settings -------------------------------------------------------

# The settings found, by ranking family: (option, its name in keys, its value as messages show it).
_Found = dict[str, list[tuple[Option, str, str]]]


def reading_settings(reading: Reading, where: str) -> list[SettingFact]:
    """The settings of one call or entry, absent ones included where the default is known."""
    found: _Found = {}
    for option in reading.options:
        judged = judge_value(option.family, option.key, option.value)
        if judged is not None and not judged.ranking.per_client:
            shown = option.value if judged.level.named and isinstance(option.value, str) else _written(option)
            found.setdefault(judged.ranking.family.name, []).append((option, judged.ranking.setting, shown))
    if reading.family == "mongo":
        _mongo(reading, found)
    elif reading.family == "redis":
        _redis(reading, found)
    _defaults(reading, found)
    return [option_fact(reading, option, _key(reading, setting, where), shown)
            for entries in found.values() for option, setting, shown in entries]


def _key(reading: Reading, setting: str, where: str) -> str:
    if reading.source == "django-settings":
        return f"{reading.subject}.OPTIONS.{setting}"
    if reading.driver == "environ":
        return "os.environ[PGSSLMODE]"
    return f"{reading.subject}({setting})@{_scope(where)}"


def _scope(where: str) -> str:
    return where or "<module>"


def _written(option: Option) -> str:
    """The option as written, without where it came from: "ssl_disabled=True"."""
    return option.evidence.split(" in ", 1)[0]


def _implied(family: str, key: str, value: object, node: Node) -> Option:
    """What a driver does when nothing (or only a URL scheme) says otherwise."""
    return Option(family, key, value, key, "", node)


def _weakest(reading: Reading, keys: tuple[str, ...]) -> Option | None:
    """The first of the weakest ranked options of the reading among `keys`, as its driver reads it."""
    weakest: tuple[int, Option] | None = None
    for option in reading.options:
        judged = judge_value(reading.family, option.key, option.value) if option.key in keys else None
        if judged is not None and (weakest is None or judged.level.rank < weakest[0]):
            weakest = (judged.level.rank, option)
    return replace(weakest[1], family=reading.family) if weakest is not None else None


_MONGO_TLS_KEYS = ("tls", "ssl", "tlsinsecure", "tlsallowinvalidcertificates", "tlsallowinvalidhostnames")
_AUTO = "auto_encryption_opts"


def _mongo(reading: Reading, found: _Found) -> None:
    """One setting per client: TLS off, on without checks, or on (and auto-encryption given or not)."""
    weakest = _weakest(reading, _MONGO_TLS_KEYS)
    if weakest is not None:
        tls = (weakest, _written(weakest))
    elif reading.scheme == "mongodb+srv":
        tls = (_implied("mongo", "tls", True, reading.node), "mongodb+srv:// (TLS by default)")
    elif reading.scheme == "mongodb":
        tls = (_implied("mongo", "tls", False, reading.node), NONE)
    else:
        tls = None
    if tls is not None:
        found.setdefault("mongo-tls", []).append((tls[0], "tls", tls[1]))
    # Only a comparison can make use of it: a client without the option is the common
    # case, but one that had it at REV and lost it writes plain text now.
    call = reading.node
    if not isinstance(call, ast.Call):
        return
    given = next((keyword for keyword in call.keywords if keyword.arg == "auto_encryption_opts"), None)
    if given is not None and not (isinstance(given.value, ast.Constant) and given.value.value is None):
        entry = (_implied("mongo", _AUTO, True, given.value), _AUTO, _AUTO)
    else:
        entry = (_implied("mongo", _AUTO, False, call), _AUTO, NONE)
    found.setdefault("mongo-auto-encryption", []).append(entry)


def _redis(reading: Reading, found: _Found) -> None:
    """One setting per client: plain, TLS without certificate checks, or TLS."""
    ssl = next((option for option in reading.options if option.key == "ssl"), None)
    entry: tuple[Option, str]
    if reading.tls:
        cert_none = _weakest(reading, ("ssl_cert_reqs",))
        if cert_none is not None:
            entry = (cert_none, _written(cert_none))
        elif ssl is not None and is_true(ssl.value):
            entry = (_implied("redis", "ssl", True, ssl.node), _written(ssl))
        else:
            entry = (_implied("redis", "ssl", True, reading.node), "rediss://")
    elif ssl is not None:  # whatever it says, the connection is plain (redis-py reads only the keyword)
        entry = (_implied("redis", "ssl", False, ssl.node), _written(ssl))
    elif reading.scheme == "redis":
        entry = (_implied("redis", "ssl", False, reading.node), "redis://")
    elif not reading.subject.endswith("from_url"):
        entry = (_implied("redis", "ssl", False, reading.node), NONE)
    else:
        return
    found.setdefault("redis-tls", []).append((entry[0], "ssl", entry[1]))


def _defaults(reading: Reading, found: _Found) -> None:
    """Absent settings whose default the driver documents."""
    driver, scheme, node = reading.driver, reading.scheme, reading.node
    postgres = driver in _LIBPQ_DRIVERS or (driver == "sqlalchemy" and scheme.startswith(("postgres", "cockroach")))
    if postgres and "libpq-sslmode" not in found:
        asyncpg = driver == "asyncpg" or "asyncpg" in scheme
        family, key = ("asyncpg", "ssl") if asyncpg else ("postgres", "sslmode")
        found["libpq-sslmode"] = [(_implied(family, key, "prefer", node), key, NONE)]  # libpq's and asyncpg's default
    mysql = driver in _MYSQL_PREFERRED_DRIVERS or (driver == "sqlalchemy" and scheme in _MYSQL_PREFERRED_SCHEMES)
    if mysql and "mysql-ssl-mode" not in found:
        found["mysql-ssl-mode"] = [(_implied("mysql", "ssl_mode", "preferred", node), "ssl_mode", NONE)]
    if driver == "pyodbc" or scheme.startswith("mssql"):
        version = _ODBC_DRIVER_VERSION.search(reading.odbc_driver)
        if "odbc-encrypt" not in found and version is not None:
            encrypts = int(version.group(1)) >= _ODBC_DEFAULT_ENCRYPTS
            does = "encrypts" if encrypts else "does not encrypt"
            shown = f"(none: ODBC Driver {version.group(1)} {does} by default)"
            encrypt = _implied("odbc", "encrypt", "yes" if encrypts else "no", node)
            found["odbc-encrypt"] = [(encrypt, "Encrypt", shown)]
        if "odbc-trust-server-certificate" not in found:
            trust = _implied("odbc", "trustservercertificate", False, node)
            found["odbc-trust-server-certificate"] = [(trust, "TrustServerCertificate", NONE)]
    if reading.family == "mongo-encryption" and "mongo-auto-encryption" not in found:
        bypass = _implied("mongo-encryption", "bypass_auto_encryption", False, node)
        found["mongo-auto-encryption"] = [(bypass, bypass.key, NONE)]


# --- where a call is -------------------------------------------------------------------

def _scoped_nodes(tree: ast.Module) -> Iterator[tuple[ast.AST, str]]:
    """Every node with the scope it is in: enclosing functions and classes, then the name
    an assignment binds (`engine = create_engine(...)` in `setup` -> "setup.engine")."""
    pending: list[tuple[ast.AST, str]] = [(tree, "")]
    while pending:
        parent, where = pending.pop()
        for child in ast.iter_child_nodes(parent):
            inner = where
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = f"{where}.{child.name}" if where else child.name
            elif isinstance(child, (ast.Assign, ast.AnnAssign)):
                target = child.targets[0] if isinstance(child, ast.Assign) else child.target
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
                if name:
                    inner = f"{where}.{name}" if where else name
            yield child, where
            pending.append((child, inner))
