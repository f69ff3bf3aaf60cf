"""Values as the detectors see them: constants, connection strings and hosts.

A value is a Python constant written in place or a module-level name bound
once to a constant (`DSN = "host=db sslmode=disable"` ... `connect(DSN)`).
Option dicts are dict displays written in place or module-level names bound
once to one (`DB_OPTIONS = {"sslmode": "disable"}` ... `connect(**DB_OPTIONS)`).
Connection strings come in three shapes, all read into lower-cased keys:
URLs (`postgresql://h/db?sslmode=disable`), libpq keyword strings
(`host=h sslmode=disable`) and ODBC strings (`Server=h;Encrypt=no`); JDBC
URLs are read as the URL (`jdbc:postgresql://h/db?sslmode=disable`) or, for
SQL Server, as an ODBC string (`jdbc:sqlserver://h:1433;encrypt=false`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

# Marker for "not a constant we can read".
UNKNOWN = object()

Constants = dict[str, object]


class DictBinding:
    """A module-level name bound once to a dict display (kept out of `constant`)."""

    __slots__ = ("node",)

    def __init__(self, node: ast.Dict) -> None:
        self.node = node


def module_constants(tree: ast.Module) -> Constants:
    """Module-level names bound exactly once, to a str/bool/int/None constant or a dict display."""
    constants: Constants = {}
    rebound: set[str] = set()
    for target, value in _module_bindings(tree):
        if target.id in constants:
            rebound.add(target.id)
        if isinstance(value, ast.Constant) and isinstance(value.value, (str, bool, int, type(None))):
            constants[target.id] = value.value
        elif isinstance(value, ast.Dict):
            constants[target.id] = DictBinding(value)
        else:
            constants[target.id] = UNKNOWN
    for name in rebound:
        constants[name] = UNKNOWN
    return constants


def bound_literals(tree: ast.Module, constants: Constants) -> dict[str, ast.Constant]:
    """The literal each constant of `constants` is written as (`DSN = "..."` -> the string),
    so a finding about a setting passed by name can point where the setting is written."""
    literals: dict[str, ast.Constant] = {}
    for target, value in _module_bindings(tree):
        if isinstance(value, ast.Constant) and constants.get(target.id, UNKNOWN) is not UNKNOWN:
            literals[target.id] = value
    return literals


def _module_bindings(tree: ast.Module) -> Iterator[tuple[ast.Name, ast.expr]]:
    """`NAME = value` and `NAME: type = value` at module level, in order."""
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if isinstance(target, ast.Name):
            yield target, value


def constant(node: ast.expr | None, constants: Constants) -> object:
    """The constant `node` stands for, or UNKNOWN."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        value = constants.get(node.id, UNKNOWN)
        return UNKNOWN if isinstance(value, DictBinding) else value
    return UNKNOWN


def mapping(node: ast.expr | None, constants: Constants) -> tuple[ast.Dict, str | None] | None:
    """The dict display `node` stands for, and the module-level name it came through."""
    if isinstance(node, ast.Dict):
        return node, None
    if isinstance(node, ast.Name):
        value = constants.get(node.id)
        if isinstance(value, DictBinding):
            return value.node, node.id
    return None


# How drivers spell a flag in a string ("ssl=true", "TrustServerCertificate=yes").
TRUE_WORDS = frozenset({"true", "yes", "1", "on"})
FALSE_WORDS = frozenset({"false", "no", "0", "off"})


def is_true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in TRUE_WORDS)


# The option words a finding may quote (sslmode='disable', Encrypt=no, ...): the words
# rules/encryption_levels.py ranks. Reports carry these words and names, never
# values: any other string (a password, a key, a host) is shown as "...".
_OPTION_WORDS = frozenset({
    "disable", "allow", "prefer", "require", "verify-ca", "verify-full", "verify_ca", "verify_full",
    "disabled", "preferred", "required", "verify_identity", "verify-identity",
    "true", "false", "yes", "no", "on", "off", "1", "0", "none", "optional", "mandatory", "strict",
})
HIDDEN = "..."


def show(value: object) -> str:
    """A value as the evidence shows it: True/False/None/numbers as Python writes them,
    option words quoted (`'disable'`), any other string as `'...'`."""
    if isinstance(value, str):
        return repr(value) if is_option_word(value) else f"'{HIDDEN}'"
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    return HIDDEN


def show_word(value: str) -> str:
    """An option value from a connection string, unquoted as it is written there: `disable`."""
    return value if is_option_word(value) else HIDDEN


def is_option_word(value: str) -> bool:
    return value.strip().lower() in _OPTION_WORDS


# --- hosts -----------------------------------------------------------------------

_LOOPBACK = re.compile(r"^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\]|0:0:0:0:0:0:0:1)$", re.IGNORECASE)


def is_local_host(host: object) -> bool:
    """Loopback names and addresses, Unix-socket paths and "" (Django: localhost)."""
    if not isinstance(host, str):
        return False
    host = host.strip()
    if host == "" or host.startswith("/"):
        return True
    # ODBC servers: "tcp:localhost,1433", "localhost\\SQLEXPRESS", "(local)"
    host = host.removeprefix("tcp:").split(",", 1)[0].split("\\", 1)[0]
    return host.lower() in ("(local)", ".") or bool(_LOOPBACK.match(host))


# --- connection strings ------------------------------------------------------------

def family_of_scheme(scheme: str) -> str | None:
    """The driver family a URL scheme selects (`postgresql+asyncpg` -> "asyncpg")."""
    if scheme.startswith(("postgres", "cockroach")):
        return "asyncpg" if "asyncpg" in scheme else "postgres"
    if scheme.startswith(("mysql", "mariadb")):
        return "mysql"
    if scheme.startswith("mssql"):
        return "odbc"
    if scheme.startswith("mongodb"):
        return "mongo"
    if scheme.startswith(("redis", "rediss", "valkey")):
        return "redis"
    return None


_LIBPQ_PAIR = re.compile(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)")
_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)


class ConnectionString:
    """Options of a connection string: lower-cased key -> value (str)."""

    __slots__ = ("host", "kind", "options", "scheme", "spelled")

    def __init__(self, kind: str, scheme: str, host: str | None, pairs: list[tuple[str, str]]) -> None:
        self.kind = kind  # "url", "libpq" or "odbc"
        self.scheme = scheme  # URL scheme, lower case ("" otherwise)
        self.host = host
        self.options = {key.lower(): value for key, value in pairs}
        self.spelled = {key.lower(): key for key, _ in pairs}  # keys as written, for evidence

    def is_local(self) -> bool:
        return self.host is not None and is_local_host(self.host)


def parse_connection_string(text: str) -> ConnectionString | None:
    """Read a URL, libpq, ODBC or JDBC string; None for text that is none of these."""
    if text[:5].lower() == "jdbc:":
        return _parse_jdbc(text[5:])
    if _URL.match(text):
        return _parse_url(text)
    if "=" not in text:
        return None
    if ";" in text:
        return _parse_odbc(text)
    pairs = _LIBPQ_PAIR.findall(text)
    if not pairs:
        return None
    found = ConnectionString("libpq", "", None, [(key, value.strip("'")) for key, value in pairs])
    found.host = found.options.get("host", found.options.get("hostaddr"))
    return found


def _parse_url(text: str) -> ConnectionString | None:
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    found = ConnectionString("url", parts.scheme.lower(), host,
                             parse_qsl(parts.query, keep_blank_values=True))
    if "host" in found.options and not host:  # postgresql:///db?host=/var/run/postgresql
        found.host = found.options["host"]
    if "odbc_connect" in found.options:  # mssql+pyodbc:///?odbc_connect=<ODBC string>
        inner = _parse_odbc(found.options["odbc_connect"])
        found.options.update(inner.options)
        found.spelled.update(inner.spelled)
        found.host = found.host or inner.host
    return found


def _parse_jdbc(text: str) -> ConnectionString | None:
    """After `jdbc:`: SQL Server's `sqlserver://host[:port];key=value;...` (the same
    Encrypt / TrustServerCertificate keys as ODBC), or a URL (`postgresql://...`)."""
    if text[:12].lower() != "sqlserver://":
        return _parse_url(text) if _URL.match(text) else None
    address, _, properties = text[12:].partition(";")
    found = _parse_odbc(properties)
    if address.startswith("["):  # [::1]:1433
        host = address[:address.find("]") + 1]
    else:
        host = address.split(":", 1)[0].split("\\", 1)[0]
    found.host = host or found.options.get("servername")
    return found


ODBC_SERVER_KEYS = frozenset({"server", "driver", "data source", "address", "addr", "network address", "dsn"})


def is_connection_string(parsed: ConnectionString, text: str) -> bool:
    """Whether a string bound to a name is a connection string, not prose that
    mentions an option: key=value;key=value naming a server or driver, or a JDBC URL."""
    if text[:5].lower() == "jdbc:":
        return parsed.kind == "odbc" or bool(parsed.host)
    return (parsed.kind == "odbc" and len(parsed.options) >= 2
            and not ODBC_SERVER_KEYS.isdisjoint(parsed.options))


def _parse_odbc(text: str) -> ConnectionString:
    pairs = []
    for part in text.split(";"):
        key, equals, value = part.partition("=")
        if equals:
            value = value.strip()
            if value.startswith("{") and value.endswith("}"):
                value = value[1:-1]
            pairs.append((key.strip(), value))
    found = ConnectionString("odbc", "", None, pairs)
    found.host = found.options.get("server", found.options.get("data source", found.options.get("address")))
    return found
