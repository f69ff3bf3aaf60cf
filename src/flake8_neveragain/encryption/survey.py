"""The cheap first look at a Python module for the encryption rules (see python_settings.py),
and the tables of what the detectors look for: drivers, connect functions, AWS operations.

The survey reads the import statements the extraction's index already found
(extract/index.py; a module read without it has its statements walked once
here) and the module's top-level assignments: a `DATABASES = ...` and strings
that mention an encryption option (`CONN_STR = "...;Encrypt=no"`). Most modules
(Django models files among them) import no datastore driver, cache client or
cloud SDK, set no DATABASES, hold no such string and run no SQL text: for
those the survey is all there is, and python_settings.py, with the readers and
their dataclasses, is never imported (which saves a pre-commit run on such a
file a few milliseconds).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from flake8_neveragain.extract.imports import ImportMap
from flake8_neveragain.extract.walk import every_block, walk

if TYPE_CHECKING:
    from flake8_neveragain.encryption.connection_values import Constants
    from flake8_neveragain.extract.index import ModuleIndex

# Top-level packages whose presence makes a module worth walking.
DEEP_ROOTS = frozenset({
    "psycopg", "psycopg2", "asyncpg", "pymysql", "MySQLdb", "mysql", "pyodbc",
    "pymongo", "motor", "redis", "boto3", "botocore", "aioboto3",
})
# Imported by every model file of its kind: only a shallow pass.
SHALLOW_ROOTS = frozenset({"sqlalchemy"})
WATCHED_ROOTS = DEEP_ROOTS | SHALLOW_ROOTS
CLOUD_ROOTS = frozenset({"boto3", "botocore", "aioboto3"})

# Imports that mean the module may run SQL text (cursor.execute, op.execute, RunSQL,
# text(...)): only such modules have their SQL strings read for encryption clauses.
_SQL_ROOTS = frozenset({
    "psycopg", "psycopg2", "asyncpg", "pymysql", "MySQLdb", "mysql", "pyodbc", "sqlite3",
    "aiosqlite", "aiomysql", "aiopg", "pymssql", "oracledb", "cx_Oracle", "mariadb", "duckdb",
    "databases", "alembic",
})
# From these packages only some names say so (a models file imports Column or models).
_SQL_NAMES = {
    "sqlalchemy": frozenset({"text", "DDL", "create_engine", "create_async_engine", "Connection", "Engine"}),
    "django.db": frozenset({"connection", "connections", "migrations"}),
}
_SQL_MODULE_PREFIXES = ("django.db.migrations", "django.db.backends", "sqlalchemy.sql", "sqlalchemy.engine")

# Driver root -> (family, names of the functions/classes that open connections).
CONNECTORS: dict[str, tuple[str, frozenset[str]]] = {
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

_ENGINE_NAMES = frozenset({"create_engine", "create_async_engine"})

# A module-level string that may hold a connection string with an encryption
# option (`CONN_STR = "Server=db;Encrypt=no"`): read even with no driver imported.
_CONNECTION_OPTION = re.compile(r"(?:encrypt|trustservercertificate|sslmode)\s*=", re.IGNORECASE)

# pymongo.encryption_options.AutoEncryptionOpts (also re-exported by pymongo.encryption).
AUTO_ENCRYPTION = "AutoEncryptionOpts"

# Last names of every call python_settings can act on (checked before resolving imports).
_CALL_NAMES = frozenset().union(*(names for _, names in CONNECTORS.values()), {"setdefault", AUTO_ENCRYPTION})

# boto3 operations cloud.py reads, by the shape of what they are given. boto3 clients
# are plain variables (`rds = boto3.client("rds")`), so calls are known by these names.
AWS_SWITCHES = frozenset({  # boolean keyword arguments (and ElastiCache's TransitEncryptionMode)
    "create_db_instance", "create_db_cluster", "create_volume", "create_replication_group",
    "create_cache_cluster", "modify_replication_group",
})
AWS_OFF_SWITCHES = {  # turn encryption off by being called at all: what the call does
    "disable_ebs_encryption_by_default": "disables EBS encryption by default",
    "stop_stream_encryption": "stops stream encryption",
}
AWS_BLOCK_DEVICES = frozenset({"run_instances", "create_image", "register_image"})  # BlockDeviceMappings
AWS_LAUNCH_TEMPLATES = frozenset({"create_launch_template", "create_launch_template_version"})
AWS_QUEUES = frozenset({"create_queue", "set_queue_attributes"})  # SQS Attributes
AWS_DYNAMODB = frozenset({"create_table", "update_table"})  # SSESpecification (ranked by --diff only)
AWS_OPERATIONS = (AWS_SWITCHES | frozenset(AWS_OFF_SWITCHES) | AWS_BLOCK_DEVICES | AWS_LAUNCH_TEMPLATES | AWS_QUEUES
                  | AWS_DYNAMODB)


class ModuleSurvey:
    """What the cheap first look found, and the lookups every reader shares."""

    __slots__ = ("_aliases", "_constants", "_literals", "connection_strings", "has_databases", "imports",
                 "runs_sql", "tree", "watched")

    def __init__(self, tree: ast.Module, index: ModuleIndex | None = None) -> None:
        """`index`: the extraction's index of the module, if it was made."""
        self.tree = tree
        self.imports = ImportMap()
        self.watched: set[str] = set()
        self.runs_sql = False
        # `from pymongo.encryption import AutoEncryptionOpts as Opts`: Opts is a call name too.
        self._aliases: set[str] = set()
        self._constants: Constants | None = None
        self._literals: dict[str, ast.Constant] | None = None
        # Module-level `NAME = "..."` strings that mention an encryption option.
        self.connection_strings: list[tuple[str, ast.Constant]] = []
        self.has_databases = False
        if index is None:
            found = [node for node in statements(tree.body) if isinstance(node, (ast.Import, ast.ImportFrom))]
        else:
            found = index.import_statements
        # In source order, so that the last of two imports of one name wins as at run time.
        self._read_imports(sorted(found, key=_position))
        for statement in tree.body:
            if isinstance(statement, (ast.Assign, ast.AnnAssign)):
                self._note_assignment(statement)

    @property
    def constants(self) -> Constants:
        if self._constants is None:
            # Imported here: only modules worth reading need it.
            from flake8_neveragain.encryption.connection_values import module_constants

            self._constants = module_constants(self.tree)
        return self._constants

    @property
    def literals(self) -> dict[str, ast.Constant]:
        """Where each module-level constant is written (connection_values.bound_literals)."""
        if self._literals is None:
            from flake8_neveragain.encryption.connection_values import bound_literals

            self._literals = bound_literals(self.tree, self.constants)
        return self._literals

    @property
    def cloud(self) -> bool:
        return bool(self.watched & CLOUD_ROOTS)

    def worth_reading(self) -> bool:
        return bool(self.watched) or self.has_databases

    def call_names(self) -> frozenset[str]:
        names = _CALL_NAMES | self._aliases if self._aliases else _CALL_NAMES
        return names | AWS_OPERATIONS if self.cloud else names

    def _read_imports(self, found: list[ast.Import | ast.ImportFrom]) -> None:
        imports, watched = self.imports, self.watched
        runs_sql = False
        for statement in found:
            if isinstance(statement, ast.Import):
                imports.add(statement)
                for alias in statement.names:
                    root = alias.name.partition(".")[0]
                    watched.add(root)
                    runs_sql = runs_sql or root in _SQL_ROOTS or root == "sqlalchemy" or alias.name == "django.db"
            elif not statement.level and statement.module:
                imports.add(statement)
                module = statement.module
                root = module.partition(".")[0]
                names = {alias.name for alias in statement.names}
                self._aliases.update(alias.asname for alias in statement.names
                                     if alias.asname and alias.name in _CALL_NAMES)
                # `from sqlalchemy import Column, String` (a models file) needs no pass at all.
                if root != "sqlalchemy" or not names.isdisjoint(_ENGINE_NAMES):
                    watched.add(root)
                if not runs_sql:
                    runs_sql = (root in _SQL_ROOTS or module.startswith(_SQL_MODULE_PREFIXES)
                                or not names.isdisjoint(_SQL_NAMES.get(module, ())))
        watched &= WATCHED_ROOTS
        self.runs_sql = runs_sql

    def _note_assignment(self, statement: ast.Assign | ast.AnnAssign) -> None:
        """DATABASES = ..., and NAME = "<string with an encryption option>"."""
        names = _bound_names(statement)
        if "DATABASES" in names and isinstance(statement, ast.Assign):
            self.has_databases = True
        value = statement.value
        if names and isinstance(value, ast.Constant) and isinstance(value.value, str) \
                and _CONNECTION_OPTION.search(value.value):
            self.connection_strings.append((names[0], value))


def _bound_names(statement: ast.Assign | ast.AnnAssign) -> list[str]:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return [target.id for target in targets if isinstance(target, ast.Name)]


def _position(node: ast.stmt) -> tuple[int, int]:
    return (node.lineno, node.col_offset)


def statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, also those nested in compound statements, functions and classes.

    Iterative (extract/walk.py): a 1,000-branch elif chain is 1,000 levels deep.
    """
    return walk(body, every_block)
