"""SQL sources: DDL that defines columns (CREATE TABLE/VIEW/TYPE, CTAS, ALTER), data
statements the cheap scan must skip, and the lexical traps (comments, quoted
identifiers with odd characters, unterminated quotes, nested parens, CR-only lines).
"""

from __future__ import annotations

from collections.abc import Callable

from .choices import Chooser
from .vocab import CHOICE_VALUES, INNOCUOUS, ODD_IDENTIFIERS, SECRET, SENSITIVE

TYPES = ("text", "varchar(40)", "char(2)", "int", "boolean", "race_t", "numeric(10, 2)",
         "timestamptz", "jsonb", "text[]", "ENUM('a', 'b')", "bytea", "uuid")
ODD_QUOTED_CHARS = ("\n", "\r", "\u2028", "\x0c", "\x85", "--", "/*", ";", "'", "\t", "é", " ", "`", "$$", "|",
                    "<script>", "&amp;", "%0A", "::", "\x1b[31m", "\\")
NOQA = ("-- noqa", "-- noqa: NEV101", "-- noqa:NEV1", "-- NOQA: NEV102 -- reviewed: needed",
        "# noqa", "-- noqa: nev103", "/* noqa: NEV101 */")


def identifier(c: Chooser) -> str:
    """A column or table name: bare, or quoted in one of the dialects' ways."""
    roll = c.number(0, 9)
    word = c.pick(SENSITIVE) if roll < 4 else c.pick(INNOCUOUS) if roll < 8 else c.pick(ODD_IDENTIFIERS)
    style = c.number(0, 9)
    if style < 6:
        return word
    odd = c.pick(ODD_QUOTED_CHARS) if c.chance(40) else ""
    if style < 8:
        return '"' + (word + odd).replace('"', '""') + '"'
    if style < 9:
        return "`" + (word + odd).replace("`", "``") + "`"
    return f"[{word}]"


def literal(c: Chooser) -> str:
    value = c.pick((*CHOICE_VALUES, SECRET + str(c.number(0, 99)), "it''s", "a\\'b", "C:\\", ""))
    if c.chance(15):  # a lexicon term with a secret beside it: a report may name the term, never the value
        value = f"{c.pick(CHOICE_VALUES)} {SECRET}{c.number(0, 99)}"
    return f"'{value}'"


def parens(c: Chooser, inner: str) -> str:
    depth = c.number(0, 8) if c.chance(80) else c.number(9, 300)
    return "(" * depth + inner + ")" * depth


def column(c: Chooser) -> str:
    parts = [identifier(c), c.pick(TYPES)]
    if c.chance(20):
        parts.append(f"DEFAULT {parens(c, literal(c))}")
    if c.chance(15):
        values = ", ".join(literal(c) for _ in range(c.number(1, 4)))
        parts.append(f"CHECK {parens(c, identifier(c) + ' IN (' + values + ')')}")
    if c.chance(10):
        parts.append(c.pick(("NOT NULL", "PRIMARY KEY", "REFERENCES t(id)", "ENCRYPTED WITH (x)")))
    return " ".join(parts) + (f" {c.pick(NOQA)}\n" if c.chance(10) else "")


def create_table(c: Chooser) -> str:
    columns = [column(c) for _ in range(c.number(0, 8))]
    if c.chance(15):
        columns.append(f"CONSTRAINT ck CHECK ({identifier(c)} IN ({literal(c)}))")
    head = c.pick(("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", "CREATE TEMPORARY TABLE",
                   "create /* c */ table", "CREATE UNLOGGED TABLE"))
    tail = c.pick(("", " ENCRYPTION='N'", " ENCRYPTED=NO", " WITH (oids=false)", " ENGINE=InnoDB"))
    return f"{head} {identifier(c)} ({', '.join(columns)}){tail};"


def alter_table(c: Chooser) -> str:
    table = identifier(c)
    action = c.pick((
        f"ADD COLUMN {column(c)}", f"ADD {column(c)}", f"RENAME COLUMN {identifier(c)} TO {identifier(c)}",
        f"ALTER COLUMN {identifier(c)} TYPE {c.pick(TYPES)}", f"DROP COLUMN {identifier(c)}",
        f"MODIFY ({identifier(c)} DECRYPT)", f"ADD ({column(c)}, {column(c)})", "ENCRYPTION = 'N'",
    ))
    return f"ALTER TABLE {table} {action};"


def select(c: Chooser) -> str:
    items = ", ".join(c.pick((identifier(c), f"{identifier(c)} AS {identifier(c)}", "*",
                              f"count(*) AS {identifier(c)}", f"({select_inner(c)}) AS x"))
                      for _ in range(c.number(1, 4)))
    where = c.pick(("", f" WHERE {identifier(c)} = {literal(c)}", f" WHERE {identifier(c)} IN ({literal(c)})"))
    return f"SELECT {items} FROM {identifier(c)}{where}"


def select_inner(c: Chooser) -> str:
    return f"SELECT {identifier(c)} FROM {identifier(c)}"


def view_or_ctas(c: Chooser) -> str:
    query = select(c)
    if c.chance(20):
        query = f"WITH cte AS ({select(c)}) {query}"
    return c.pick((f"CREATE VIEW {identifier(c)} AS {query};",
                   f"CREATE OR REPLACE MATERIALIZED VIEW {identifier(c)} AS {parens(c, query)};",
                   f"CREATE TABLE {identifier(c)} AS {query};"))


def create_type(c: Chooser) -> str:
    values = ", ".join(literal(c) for _ in range(c.number(0, 5)))
    return c.pick((f"CREATE TYPE {identifier(c)} AS ENUM ({values});",
                   f"CREATE DOMAIN {identifier(c)} AS text CHECK (VALUE IN ({values}));",
                   f"DO $$ BEGIN CREATE TYPE {identifier(c)} AS ENUM ({values}); END $$;"))


def data_statement(c: Chooser) -> str:
    return c.pick((
        f"INSERT INTO {identifier(c)} ({identifier(c)}) VALUES ({literal(c)}), ({literal(c)});",
        f"UPDATE {identifier(c)} SET {identifier(c)} = {literal(c)};",
        f"COPY t ({identifier(c)}) FROM stdin;\n{SECRET}1\tmuslim\n\\.\n",
        "SET default_table_encryption = OFF;", "ALTER DATABASE d SET ENCRYPTION OFF;",
        "GO", "/", "SELECT 1;", "$body$ CREATE TABLE x (race text) $body$;",
    ))


def trap(c: Chooser) -> str:
    """Lexical traps that must not hide the rest of the file."""
    return c.pick((
        "-- a comment", "/* unterminated comment", "/* a */", "'unterminated string",
        '"unterminated identifier', "`unterminated", "$$ unterminated dollar", "# mysql comment",
        "/* nested /* comment */ */", "-- noqa: NEV101", "\\.",
    ))


STATEMENTS: tuple[Callable[[Chooser], str], ...] = (
    create_table, create_table, alter_table, view_or_ctas, create_type, data_statement, trap,
)


def sql_source(c: Chooser, statements: int | None = None) -> str:
    count = c.number(1, 6) if statements is None else statements
    parts = [c.pick(STATEMENTS)(c) for _ in range(count)]
    end = c.pick(("\n", "\n", "\r\n", "\r", " ", "\n\n"))
    return end.join(parts) + c.pick(("\n", "", "\r"))


def large_sql(c: Chooser, size: int) -> str:
    """About `size` characters of one adversarial shape (bench/sql_scaling.py uses these too)."""
    shape = c.pick(tuple(LARGE_SHAPES))
    return LARGE_SHAPES[shape](size)


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


# One statement holds at most this much of a shape: the largest real DDL statements are about
# 200 kB, and one over sql.MAX_STATEMENT_CHARS (2 MB) is skipped whole, which would time the skip.
STATEMENT_CHARS = 200_000


def _statements(make: Callable[[int], str], size: int) -> str:
    """`size` characters of statements, each built by `make` at no more than STATEMENT_CHARS."""
    whole, rest = divmod(size, STATEMENT_CHARS)
    return make(STATEMENT_CHARS) * whole + (make(rest) if rest or not whole else "")


LARGE_SHAPES: dict[str, Callable[[int], str]] = {
    "long-identifier": lambda size: _statements(lambda n: f"CREATE TABLE t ({_repeat('race', n)} text);\n", size),
    "many-statements": lambda size: _repeat("CREATE TABLE t (religion text, id int);\n", size),
    "many-columns": lambda size: _statements(
        lambda n: "CREATE TABLE t (" + _repeat("ethnicity text, ", n) + "id int);\n", size),
    "inserts": lambda size: _repeat("INSERT INTO t (race) VALUES ('muslim'), ('x');\n", size),
    "unterminated-comment": lambda size: "CREATE TABLE a (race text);\n/*" + _repeat("CREATE TABLE t (x int);\n", size),
    "unterminated-quote": lambda size: "CREATE TABLE a (race text);\n'" + _repeat("CREATE TABLE t (x int);\n", size),
    "unterminated-quotes": lambda size: _repeat("CREATE TABLE t (race text, note text DEFAULT 'x);\n", size),
    "nested-parens": lambda size: _statements(
        lambda n: "CREATE TABLE t (race text CHECK " + _repeat("(", n // 2) + "1" + _repeat(")", n // 2) + ");\n", size),
    "cr-only": lambda size: _repeat("CREATE TABLE t ( -- c\r religion text, race text);\r", size),
    "line-comments": lambda size: _repeat("-- CREATE TABLE t (race text);\n", size),
    "quoted-identifiers": lambda size: _statements(
        lambda n: "CREATE TABLE t (" + _repeat('"race""\n;--" text, ', n) + "id int);\n", size),
    "alter-many": lambda size: _repeat("ALTER TABLE t ADD COLUMN religion text;\n", size),
    "create-no-semicolons": lambda size: _repeat("CREATE TABLE t (race text)\n", size),
}
