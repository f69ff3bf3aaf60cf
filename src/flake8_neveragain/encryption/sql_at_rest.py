"""Encryption at rest in SQL text: the clauses and SET statements that set it, as
setting facts (judged NEV203 by rules/encryption_levels.py).

Cost: one case-insensitive search for "CRYPT" over the whole text; text
without it (nearly every schema and dump) is never split into statements.
Otherwise sql/scanner.py splits statements (strings, comments, dollar quotes
and COPY data handled there), a statement without "CRYPT" is skipped by a
second search, and only the rest is tokenised by one small regex here
(comments dropped, string literals kept as values). The statement's first
keywords decide which patterns apply, so an INSERT whose data reads
"ENCRYPTION='N'" is never reported.

Patterns read (the family of each fact is the kind of object, "sql-table",
"sql-database", "sql-tablespace", or "sql-server" for variables), and where
the weak values are documented:
- MySQL 8.0.16+: `ENCRYPTION [=] 'N'` on CREATE/ALTER TABLE, CREATE/ALTER
  DATABASE|SCHEMA (also after DEFAULT), CREATE/ALTER TABLESPACE
  (MySQL worklog 12261, ALTER DATABASE reference; MariaDB documents the same
  clause for decrypting InnoDB tables).
- `SET [GLOBAL|PERSIST|SESSION] default_table_encryption = OFF` (MySQL),
  `innodb_encrypt_tables = OFF`, `innodb_encrypt_log = OFF` (MariaDB
  "InnoDB: Enabling/Disabling Encryption").
- MariaDB `ENCRYPTED [=] NO` on CREATE/ALTER TABLE.
- SQL Server: `ALTER DATABASE x SET ENCRYPTION OFF`, `DROP DATABASE ENCRYPTION KEY`
  (Microsoft "DROP DATABASE ENCRYPTION KEY (Transact-SQL)").
- Oracle TDE: `ALTER TABLE t MODIFY (c DECRYPT)`, `... ENCRYPT ... NO SALT`
  (Advanced Security guide: "Turning Off Column Encryption", "Removing Salt
  from an Encrypted Column"), `ALTER TABLESPACE ts ENCRYPTION ... DECRYPT`
  (ALTER TABLESPACE encryption clause grammar).

SQL in Python: the strings that execute(...), executescript(...), text(...),
op.execute(...) and migrations.RunSQL(...) receive as SQL are the ones
extract/sql_strings.py reads for the schema rules (RunSQL's reverse_sql never;
calls inside an Alembic downgrade() or a RunPython reverse function are
skipped). Only modules whose imports say they may run SQL text are indexed
(python_settings.py decides), and only strings containing "CRYPT" are read;
positions point into the string, on the right line of the Python file.

For `--diff`, `table_encryption_settings` gives every CREATE TABLE /
TABLESPACE / DATABASE / SCHEMA its encryption clause (MySQL `ENCRYPTION='Y'`,
MariaDB `ENCRYPTED=YES`) or "(none)", so a deleted clause shows as a weaker
setting of the same object.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flake8_neveragain.facts import SettingFact, Span
from flake8_neveragain.sql.positions import Positions
from flake8_neveragain.sql.scanner import StatementScanner

if TYPE_CHECKING:
    from flake8_neveragain.extract.index import ModuleIndex
    from flake8_neveragain.extract.sql_strings import SqlString

_CHEAP = re.compile(r"CRYPT", re.IGNORECASE)

_TOKEN = re.compile(
    r"""
      (?P<comment>--[^\r\n]*+|/\*.*?\*/|\#(?![\w\#>])[^\r\n]*+)
    | (?P<string>'(?:[^'\\]|\\.|'')*+'|"(?:[^"\\]|\\.|"")*+")
    | (?P<ident>`(?:[^`]|``)*+`|\[[^\]]*+\])
    | (?P<word>[^\W\d][\w$]*+|\d++)
    | (?P<punct>:=|\S)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "string", "ident", "word" or "punct"
    text: str  # as written, quotes removed for strings and quoted identifiers
    start: int
    end: int
    quote: str = ""  # the quote a string or quoted identifier was written with

    @property
    def upper(self) -> str:
        return self.text.upper()


def find_at_rest_facts(text: str) -> list[SettingFact]:
    if not _CHEAP.search(text):
        return []
    positions = Positions(text)
    facts: list[SettingFact] = []
    for statement in StatementScanner(text).statements():
        if _CHEAP.search(text, statement.start, statement.end):
            facts.extend(_statement_facts(_tokens(text, statement.start, statement.end), positions))
    return facts


def _tokens(text: str, start: int, end: int) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text, start, end):
        kind = match.lastgroup or ""
        if kind == "comment":
            continue
        value = match.group()
        quote = ""
        if kind in ("string", "ident"):
            quote, value = value[0], value[1:-1]
        tokens.append(Token(kind, value, match.start(), match.end(), quote))
    return tokens


# --- statement heads ---------------------------------------------------------------

_SKIPPED_MODIFIERS = {"OR", "REPLACE", "TEMPORARY", "TEMP", "GLOBAL", "LOCAL", "ONLINE", "OFFLINE",
                      "IGNORE", "UNDO", "BIGFILE", "SMALLFILE", "DEFINER"}
_OBJECTS = {"TABLE": "table", "DATABASE": "database", "SCHEMA": "database", "TABLESPACE": "tablespace"}


def _head(tokens: list[Token]) -> tuple[str, str, int] | None:
    """(verb, object kind, index after the object keyword) for CREATE/ALTER/DROP ..."""
    if not tokens or tokens[0].kind != "word":
        return None
    verb = tokens[0].upper
    if verb == "SET":
        return "SET", "set", 1
    if verb not in ("CREATE", "ALTER", "DROP"):
        return None
    for index in range(1, min(len(tokens), 6)):
        word = tokens[index].upper
        if word in _OBJECTS and tokens[index].kind == "word":
            return verb, _OBJECTS[word], index + 1
        if word not in _SKIPPED_MODIFIERS:
            return None
    return None


def _name(tokens: list[Token], index: int) -> tuple[str, int]:
    """The object name at `index` (IF [NOT] EXISTS skipped, dotted parts joined)."""
    while index < len(tokens) and tokens[index].upper in ("IF", "NOT", "EXISTS") and tokens[index].kind == "word":
        index += 1
    parts = []
    # "name" is a quoted identifier in standard SQL; a 'string' is a value, never shown as a name.
    while index < len(tokens) and (tokens[index].kind in ("word", "ident") or tokens[index].quote == '"'):
        parts.append(tokens[index].text)
        if index + 1 < len(tokens) and tokens[index + 1].text == ".":
            index += 2
            continue
        index += 1
        break
    return ".".join(parts) or "?", index


# --- patterns ----------------------------------------------------------------------

def _statement_facts(tokens: list[Token], positions: Positions) -> list[SettingFact]:
    head = _head(tokens)
    if head is None:
        return []
    verb, kind, index = head
    if kind == "set":
        return _set_facts(tokens, positions)
    if verb == "DROP":
        # DROP DATABASE ENCRYPTION KEY (T-SQL); DROP TABLE etc. are not about encryption.
        words = [token.upper for token in tokens[index:index + 2]]
        if kind == "database" and words == ["ENCRYPTION", "KEY"]:
            return [_fact("sql-database", "ENCRYPTION KEY", "DROP", "SQL DROP DATABASE ENCRYPTION KEY",
                          "database encryption key", "DROP DATABASE ENCRYPTION KEY", tokens[0], tokens[index + 1],
                          positions, "removes the key of transparent data encryption")]
        return []
    name, index = _name(tokens, index)
    subject = f"SQL {verb} {_object_word(tokens)} {name}"
    family = f"sql-{kind}"
    facts: list[SettingFact] = []
    count = len(tokens)

    def add(option: str, value: str, symbol: str, written: str, first: Token, last: Token, action: str = "") -> None:
        facts.append(_fact(family, option, value, subject, symbol, written, first, last, positions, action))

    for position in range(index, count):
        token = tokens[position]
        if token.kind != "word":
            continue
        word = token.upper
        value_at = position + 2 if position + 1 < count and tokens[position + 1].text == "=" else position + 1
        value = tokens[value_at] if value_at < count else None
        if word == "ENCRYPTION" and value is not None:
            if value.kind == "string":
                add("ENCRYPTION", value.text, f"{name} ({kind})", f"ENCRYPTION='{value.text}'", token, value)
            if kind == "database" and position > 0 and tokens[position - 1].upper == "SET":
                add("SET ENCRYPTION", value.text, f"{name} (database)", f"SET ENCRYPTION {value.upper}",
                    tokens[position - 1], value, f"sets ENCRYPTION {value.upper}")
        elif word == "ENCRYPTED" and kind == "table" and value is not None:
            add("ENCRYPTED", value.text, f"{name} (table)", f"ENCRYPTED={value.upper}", token, value)
        elif word == "DECRYPT" and kind == "table":
            column = _column_before(tokens, position)
            add("DECRYPT", token.text, f"{name}.{column} (column)", f"{column} DECRYPT",
                tokens[position - 1] if column != "?" else token, token, f"decrypts column {column}")
        elif word == "DECRYPT" and kind == "tablespace":
            add("DECRYPT", token.text, f"{name} (tablespace)", "ENCRYPTION ... DECRYPT", token, token,
                "decrypts the tablespace")
        elif (word == "NO" and kind == "table" and position + 1 < count
              and tokens[position + 1].upper == "SALT" and tokens[position + 1].kind == "word"):
            column = _column_of(tokens, position)
            add("SALT", token.text, f"{name}.{column} (column)", "NO SALT", token, tokens[position + 1],
                f"encrypts column {column} with NO SALT")
    return facts


def _object_word(tokens: list[Token]) -> str:
    for token in tokens[1:6]:
        if token.upper in _OBJECTS:
            return token.upper
    return ""


def _set_facts(tokens: list[Token], positions: Positions) -> list[SettingFact]:
    """`SET [GLOBAL] name = value, ...`: every variable given a word or a string."""
    facts = []
    for position, token in enumerate(tokens):
        if token.kind != "word" or position + 2 >= len(tokens) or tokens[position + 1].text not in ("=", ":="):
            continue
        value = tokens[position + 2]
        if value.kind in ("word", "string"):
            name = token.text.lower()
            facts.append(_fact("sql-server", name, value.text, "SQL SET", f"{name} (server variable)",
                               f"{name}={value.upper}", token, value, positions, f"turns {name} {value.upper}"))
    return facts


def _column_before(tokens: list[Token], position: int) -> str:
    """`MODIFY (ssn DECRYPT)`: the name right before DECRYPT."""
    previous = tokens[position - 1] if position else None
    return previous.text if previous is not None and previous.kind in ("word", "ident") else "?"


def _column_of(tokens: list[Token], position: int) -> str:
    """The column a clause belongs to: the first name after the nearest '(' or ',' at this depth."""
    depth = 0
    for index in range(position - 1, -1, -1):
        text = tokens[index].text if tokens[index].kind == "punct" else ""
        if text == ")":
            depth += 1
        elif text in ("(", ",") and depth == 0:
            after = tokens[index + 1]
            return after.text if after.kind in ("word", "ident") else "?"
        elif text == "(":
            depth -= 1
    return "?"


def _fact(family: str, option: str, value: str, subject: str, symbol: str, written: str, first: Token,
          last: Token, positions: Positions, action: str = "", key: str = "", shown: str = "") -> SettingFact:
    return SettingFact(family=family, option=option, value=value, subject=subject, symbol=symbol, written=written,
                       source="sql-ddl", span=positions.span(first.start, last.end), action=action, key=key,
                       shown=shown)


# --- SQL strings in Python -----------------------------------------------------------

def find_at_rest_facts_in_python(tree: ast.Module, strings: list[SqlString] | None = None) -> list[SettingFact]:
    """The settings in the SQL strings of the module's execute()/text()/RunSQL(...) calls
    (`strings`: those the extraction found, when the caller has them)."""
    from flake8_neveragain.extract.frameworks import SQL_IN_PYTHON

    facts: list[SettingFact] = []
    for text, place in python_sql_strings(tree) if strings is None else strings:
        if _CHEAP.search(text):
            facts.extend(fact._replace(source=SQL_IN_PYTHON, span=place(fact.span))
                         for fact in find_at_rest_facts(text))
    return facts


def python_sql_strings(
    tree: ast.Module, index: ModuleIndex | None = None
) -> Iterator[tuple[str, Callable[[Span], Span]]]:
    """The module's SQL strings, with the function that maps spans in each into the file
    (`index`: the module's index, if the extraction made it)."""
    from flake8_neveragain.extract.index import index_module
    from flake8_neveragain.extract.sql_strings import sql_strings

    index = index or index_module(tree)
    if index.sql_calls:
        yield from sql_strings(index, _reverse_skipper(index))


def _reverse_skipper(index: ModuleIndex) -> Callable[[ast.FunctionDef | ast.AsyncFunctionDef | None], bool]:
    """Whether a function undoes a migration: Alembic's downgrade*(), a RunPython reverse_code."""
    from flake8_neveragain.extract.migrations_alembic import is_alembic_module, is_downgrade

    alembic = is_alembic_module(index)
    reverse: set[str] | None = None

    def skip(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> bool:
        nonlocal reverse
        if function is None:
            return False
        if alembic and is_downgrade(function):
            return True
        if reverse is None:
            reverse = _reverse_functions(index)
        return function.name in reverse

    return skip


def _reverse_functions(index: ModuleIndex) -> set[str]:
    """Names of RunPython reverse functions, read by the Django migration reader."""
    from flake8_neveragain.extract.migrations_django import django_migration_facts
    from flake8_neveragain.extract.symbols import Symbols

    if not any(node.name == "Migration" for node in index.classes):
        return set()
    symbols = Symbols(index.imports, index.constants, index.classes_by_name, {})
    return django_migration_facts(index, symbols, "")[1]


# --- protection settings for --diff ---------------------------------------------------

def table_encryption_settings(text: str) -> list[SettingFact]:
    """The encryption clause (or "(none)") of every CREATE TABLE / TABLESPACE / DATABASE / SCHEMA."""
    positions = Positions(text)
    settings: list[SettingFact] = []
    for statement in StatementScanner(text).statements():
        if text[statement.start:statement.start + 6].upper() != "CREATE":
            continue
        tokens = _tokens(text, statement.start, statement.end)
        head = _head(tokens)
        if head is None or head[0] != "CREATE" or head[1] == "set":
            continue
        _, kind, index = head
        name, after = _name(tokens, index)
        if name == "?":
            continue
        subject = f"SQL CREATE {_object_word(tokens)} {name}"
        key = f"{kind} {name.lower()} ENCRYPTION"
        clause = _encryption_clause(tokens, after)
        if clause is None:  # no clause: as unencrypted as ENCRYPTION='N' (the server may say otherwise)
            span = positions.span(statement.start, tokens[max(after - 1, 0)].end)
            settings.append(SettingFact(f"sql-{kind}", "ENCRYPTION", "N", subject, "", "", "sql-ddl", span,
                                        key=key, shown="(none)"))
            continue
        first, value, option, written = clause
        settings.append(_fact(f"sql-{kind}", option, value.text, subject, "", written, first, value, positions,
                              key=key, shown=written))
    return settings


def _encryption_clause(tokens: list[Token], start: int) -> tuple[Token, Token, str, str] | None:
    """MySQL `ENCRYPTION [=] 'Y'|'N'` or MariaDB `ENCRYPTED [=] YES|NO` outside parentheses."""
    depth = 0
    count = len(tokens)
    for position in range(start, count):
        token = tokens[position]
        if token.kind == "punct":
            depth += token.text == "("
            depth -= token.text == ")"
            continue
        if depth or token.kind != "word" or token.upper not in ("ENCRYPTION", "ENCRYPTED"):
            continue
        value_at = position + 2 if position + 1 < count and tokens[position + 1].text == "=" else position + 1
        if value_at >= count:
            return None
        value = tokens[value_at]
        if token.upper == "ENCRYPTION" and value.kind == "string" and value.upper in ("Y", "N"):
            return token, value, "ENCRYPTION", f"ENCRYPTION='{value.text}'"
        if token.upper == "ENCRYPTED" and value.kind in ("word", "string") and value.upper in ("YES", "NO"):
            return token, value, "ENCRYPTED", f"ENCRYPTED={value.text}"
    return None
