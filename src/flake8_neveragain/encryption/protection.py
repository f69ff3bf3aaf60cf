"""Every recognised protection setting, strong or weak, for `neveragain check --diff`.

The diff compares a file at a base revision with the working tree and reports
NEV201 when a setting's rank went down under the same key. The settings come
from the detectors' own readers (python_settings.py, cloud.py, sql_at_rest.py),
so what is recognised here is what the single-file rules recognise; only the
ranking is added. Keys name the configured thing, never a line or a path:

    psycopg2.connect(sslmode)@get_engine      a call, in the function (or assignment) it is in
    DATABASES['default'].OPTIONS.sslmode      a Django database entry
    os.environ[PGSSLMODE]                     the process default of libpq
    table person ENCRYPTION                   a CREATE TABLE / TABLESPACE / DATABASE

Families and ranks (higher = stronger protection):

    libpq-sslmode        disable 0 < allow 1 < prefer 2 < require 3 < verify-ca 4 < verify-full 5
                         (asyncpg's ssl=False is disable; no sslmode = prefer, libpq's and asyncpg's default)
    mysql-ssl-mode       DISABLED 0 < PREFERRED 1 < REQUIRED 2 < VERIFY_CA 3 < VERIFY_IDENTITY 4
                         (ssl_disabled is DISABLED; none = PREFERRED for mysqlclient and mysql-connector)
    odbc-encrypt         no / false / optional 0 < yes / true / mandatory 1 < strict 2
                         (none: ODBC Driver 18 encrypts by default, 17 and older do not)
    odbc-trust-server-certificate   yes 0 < no 1 (the default)
    mongo-tls            off 0 < on without certificate or host checks 1 < on 2 (mongodb+srv:// is on by default)
    redis-tls            redis:// or ssl off 0 < TLS with ssl_cert_reqs none 1 < TLS 2
    boto3-tls            use_ssl=False 0 < verify=False 1 < use_ssl=True 2
    mongo-auto-encryption           bypass_auto_encryption=True 0 < automatic encryption on 1 (the default);
                                    on a MongoClient: no auto_encryption_opts 0 < auto_encryption_opts given 1
    sql-table-encryption            ENCRYPTION='N' / ENCRYPTED=NO / no clause 0 < ENCRYPTION='Y' / ENCRYPTED=YES 1
    cloud families (cloud.py)       storage or transit encryption switched off 0 < on 1 (or by key control)

Local connections are skipped as for NEV202. Absent settings ("(none)") are
listed only where the default is documented for the driver at hand.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from flake8_neveragain.encryption.setting_facts import ProtectionSetting
from flake8_neveragain.encryption.python_settings import (
    ModuleSurvey,
    Option,
    Reading,
    django_databases,
    node_reading,
    span_of,
)

LIBPQ = "libpq-sslmode"
MYSQL = "mysql-ssl-mode"
ODBC_ENCRYPT = "odbc-encrypt"
ODBC_TRUST = "odbc-trust-server-certificate"
MONGO = "mongo-tls"
REDIS = "redis-tls"
BOTO3 = "boto3-tls"
MONGO_AUTO = "mongo-auto-encryption"

NONE = "(none)"

_LIBPQ_RANKS = {"disable": 0, "allow": 1, "prefer": 2, "require": 3, "verify-ca": 4, "verify-full": 5}
_MYSQL_RANKS = {"disabled": 0, "preferred": 1, "required": 2, "verify_ca": 3, "verify_identity": 4}
_ODBC_ENCRYPT_RANKS = {"no": 0, "false": 0, "optional": 0, "yes": 1, "true": 1, "mandatory": 1, "strict": 2}
_ODBC_TRUST_RANKS = {"yes": 0, "true": 0, "no": 1, "false": 1}
_MONGO_INSECURE = ("tlsinsecure", "tlsallowinvalidcertificates", "tlsallowinvalidhostnames")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}

# Drivers whose default, with no option at all, is documented.
_LIBPQ_DRIVERS = frozenset({"psycopg", "psycopg2", "asyncpg", "django-postgres"})
_MYSQL_PREFERRED_DRIVERS = frozenset({"MySQLdb", "mysql.connector", "django-mysql"})
_MYSQL_PREFERRED_SCHEMES = frozenset({"mysql", "mysql+mysqldb", "mysql+mysqlconnector", "mariadb", "mariadb+mysqldb"})
_ODBC_DRIVER_VERSION = re.compile(r"odbc driver (\d+)", re.IGNORECASE)
_ODBC_DEFAULT_ENCRYPTS = 18


def python_protection_settings(tree: ast.Module) -> list[ProtectionSetting]:
    """Every protection setting of a Python module, in source order."""
    module = ModuleSurvey(tree)
    settings: list[ProtectionSetting] = []
    if module.runs_sql:
        settings.extend(_sql_string_settings(tree))
    if module.worth_reading():
        if module.has_databases:
            for reading in django_databases(module):
                settings.extend(reading_settings(reading, ""))
        names = module.call_names()
        cloud = module.cloud
        for node, where in _scoped_nodes(tree):
            if isinstance(node, ast.Call):
                func = node.func
                last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if last not in names:
                    continue
                reading = node_reading(node, module)
                if reading is not None:
                    settings.extend(reading_settings(reading, where))
                elif cloud and isinstance(func, ast.Attribute):
                    from flake8_neveragain.encryption.cloud import cloud_call_settings

                    settings.extend(cloud_call_settings(node, last, module.constants, _scope(where)))
            elif isinstance(node, ast.Assign):
                reading = node_reading(node, module)
                if reading is not None:
                    settings.extend(reading_settings(reading, where))
    settings.sort(key=lambda setting: (setting.span.line, setting.span.column))
    return settings


def sql_protection_settings(text: str) -> list[ProtectionSetting]:
    """Every CREATE TABLE / TABLESPACE / DATABASE of SQL text with its encryption clause."""
    from flake8_neveragain.encryption.sql_at_rest import table_encryption_settings

    return table_encryption_settings(text)


def _sql_string_settings(tree: ast.Module) -> list[ProtectionSetting]:
    from dataclasses import replace

    from flake8_neveragain.encryption.sql_at_rest import python_sql_strings, table_encryption_settings

    settings = []
    for text, place in python_sql_strings(tree):
        if "create" in text.lower():
            settings.extend(replace(setting, span=place(setting.span))
                            for setting in table_encryption_settings(text))
    return settings


# --- one reading -> its settings -------------------------------------------------------

def reading_settings(reading: Reading, where: str) -> list[ProtectionSetting]:
    """The ranked settings of one call or entry, absent ones included where the default is known."""
    found: dict[str, list[tuple[str, str, int, ast.AST]]] = {}
    for option in reading.options:
        ranked = _rank(option)
        if ranked is not None:
            family, name, value, rank = ranked
            found.setdefault(family, []).append((name, value, rank, option.node))
    if reading.family == "mongo":
        _mongo(reading, found)
    elif reading.family == "redis":
        _redis(reading, found)
    _defaults(reading, found)
    settings = []
    for family, entries in found.items():
        for name, value, rank, node in entries:
            settings.append(ProtectionSetting(_key(reading, name, where), family, value, rank, reading.subject,
                                              span_of(node)))
    return settings


def _key(reading: Reading, option: str, where: str) -> str:
    if reading.source == "django-settings":
        return f"{reading.subject}.OPTIONS.{option}"
    if reading.driver == "environ":
        return "os.environ[PGSSLMODE]"
    return f"{reading.subject}({option})@{_scope(where)}"


def _scope(where: str) -> str:
    return where or "<module>"


def _rank(option: Option) -> tuple[str, str, str, int] | None:
    """(family, option name for the key, value as written, rank) of one explicit option."""
    key, value = option.key, option.value
    text = value.strip().lower() if isinstance(value, str) else None
    if key == "sslmode" and text in _LIBPQ_RANKS:
        return LIBPQ, "sslmode", value, _LIBPQ_RANKS[text]
    family = option.family
    if family == "asyncpg" and key == "ssl":
        if value is False or text == "false":
            return LIBPQ, "ssl", _written(option), 0
        mode = text.replace("_", "-") if text else None
        return (LIBPQ, "ssl", value, _LIBPQ_RANKS[mode]) if mode in _LIBPQ_RANKS else None
    if family == "mysql":
        if key == "ssl_mode" and text in _MYSQL_RANKS:
            return MYSQL, "ssl_mode", value, _MYSQL_RANKS[text]
        if key == "ssl_disabled" and (value is True or bool(text)):  # as options.py: any string counts
            return MYSQL, "ssl_mode", _written(option), 0
        return None
    if family == "odbc":
        if key == "encrypt" and text in _ODBC_ENCRYPT_RANKS:
            return ODBC_ENCRYPT, "Encrypt", value, _ODBC_ENCRYPT_RANKS[text]
        if key == "trustservercertificate" and _flag(value) is not None:
            return ODBC_TRUST, "TrustServerCertificate", _written(option), 0 if _flag(value) else 1
        return None
    if family == "boto3" and key in ("use_ssl", "verify") and isinstance(value, bool):
        rank = 2 if value else (0 if key == "use_ssl" else 1)
        return BOTO3, "tls", _written(option), rank
    if family == "mongo-encryption" and _flag(value) is not None:
        return MONGO_AUTO, key, _written(option), 0 if _flag(value) else 1
    return None


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    return None


def _written(option: Option) -> str:
    """The option as written, without where it came from: "ssl_disabled=True"."""
    return option.evidence.split(" in ", 1)[0]


def _mongo(reading: Reading, found: dict[str, list[tuple[str, str, int, ast.AST]]]) -> None:
    """One setting per client: TLS off, on without checks, or on."""
    off = on = insecure = None
    for option in reading.options:
        flag = _flag(option.value)
        if option.key in ("tls", "ssl") and flag is not None:
            if flag:
                on = on or option
            else:
                off = off or option
        elif option.key in _MONGO_INSECURE and flag:
            insecure = insecure or option
    if off is not None:
        entry = (_written(off), 0, off.node)
    elif insecure is not None:
        entry = (_written(insecure), 1, insecure.node)
    elif on is not None:
        entry = (_written(on), 2, on.node)
    elif reading.scheme == "mongodb+srv":
        entry = ("mongodb+srv:// (TLS by default)", 2, reading.node)
    elif reading.scheme == "mongodb":
        entry = (NONE, 0, reading.node)
    else:
        entry = None
    if entry is not None:
        found.setdefault(MONGO, []).append(("tls", *entry))
    _mongo_auto_encryption(reading, found)


def _mongo_auto_encryption(reading: Reading, found: dict[str, list[tuple[str, str, int, ast.AST]]]) -> None:
    """Whether the client encrypts fields automatically: `auto_encryption_opts=` given or not.

    Only a comparison can make use of it: a client without the option is the
    common case, but one that had it at REV and lost it writes plain text now.
    """
    call = reading.node
    if not isinstance(call, ast.Call):
        return
    given = next((keyword for keyword in call.keywords if keyword.arg == "auto_encryption_opts"), None)
    if given is not None and not (isinstance(given.value, ast.Constant) and given.value.value is None):
        found.setdefault(MONGO_AUTO, []).append(("auto_encryption_opts", "auto_encryption_opts", 1, given.value))
    else:
        found.setdefault(MONGO_AUTO, []).append(("auto_encryption_opts", NONE, 0, call))


def _redis(reading: Reading, found: dict[str, list[tuple[str, str, int, ast.AST]]]) -> None:
    """One setting per client: plain, TLS without certificate checks, or TLS."""
    cert_none = next((option for option in reading.options if option.key == "ssl_cert_reqs"
                      and (option.value is None or (isinstance(option.value, str)
                                                     and option.value.strip().lower() == "none"))), None)
    ssl = next((option for option in reading.options if option.key == "ssl"), None)
    if reading.tls:
        if cert_none is not None:
            entry = (_written(cert_none), 1, cert_none.node)
        elif ssl is not None and _flag(ssl.value):
            entry = (_written(ssl), 2, ssl.node)
        else:
            entry = ("rediss://", 2, reading.node)
    elif ssl is not None:
        entry = (_written(ssl), 0, ssl.node)
    elif reading.scheme == "redis":
        entry = ("redis://", 0, reading.node)
    elif not reading.subject.endswith("from_url"):
        entry = (NONE, 0, reading.node)
    else:
        return
    found.setdefault(REDIS, []).append(("ssl", *entry))


def _defaults(reading: Reading, found: dict[str, list[tuple[str, str, int, ast.AST]]]) -> None:
    """Absent settings whose default the driver documents."""
    driver, scheme = reading.driver, reading.scheme
    postgres = driver in _LIBPQ_DRIVERS or (driver == "sqlalchemy" and scheme.startswith(("postgres", "cockroach")))
    if postgres and LIBPQ not in found:
        name = "ssl" if driver == "asyncpg" or "asyncpg" in scheme else "sslmode"
        found[LIBPQ] = [(name, NONE, _LIBPQ_RANKS["prefer"], reading.node)]
    mysql = driver in _MYSQL_PREFERRED_DRIVERS or (driver == "sqlalchemy" and scheme in _MYSQL_PREFERRED_SCHEMES)
    if mysql and MYSQL not in found:
        found[MYSQL] = [("ssl_mode", NONE, _MYSQL_RANKS["preferred"], reading.node)]
    odbc = driver == "pyodbc" or scheme.startswith("mssql")
    if odbc:
        version = _ODBC_DRIVER_VERSION.search(reading.odbc_driver)
        if ODBC_ENCRYPT not in found and version is not None:
            encrypts = int(version.group(1)) >= _ODBC_DEFAULT_ENCRYPTS
            value = f"(none: ODBC Driver {version.group(1)} {'encrypts' if encrypts else 'does not encrypt'} by default)"
            found[ODBC_ENCRYPT] = [("Encrypt", value, int(encrypts), reading.node)]
        if ODBC_TRUST not in found:
            found[ODBC_TRUST] = [("TrustServerCertificate", NONE, 1, reading.node)]
    if reading.family == "mongo-encryption" and MONGO_AUTO not in found:
        found[MONGO_AUTO] = [("bypass_auto_encryption", NONE, 1, reading.node)]


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
