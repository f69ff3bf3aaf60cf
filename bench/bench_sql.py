"""SQL speed benchmark: MB/s of extract_sql_facts as a ratio to sqlparse.split.

    python bench/bench_sql.py [--sizes 1,4,16] [--runs 3] [--split-sizes 1]

Generates two deterministic SQL texts per size and times, in this process:

- DDL-heavy: CREATE TABLE/TYPE/VIEW/INDEX, ALTER TABLE, COMMENT ON, a few
  INSERTs (a schema file or `pg_dump --schema-only`);
- INSERT-heavy: a short schema then multi-row and one-row INSERTs with quotes,
  escapes and comments (a data dump).

sqlparse.split reads about 0.35 MB/s, so by default it is timed on the 1 MB
inputs only; the ratios at 4 and 16 MB use that 1 MB figure (split is linear
in size). Each figure is the median of --runs runs (split: at most 3), in
CPU seconds of this process (time.process_time: other load on a shared
machine disturbs it less than wall time; the work is single-threaded).

Targets (design notes): DDL-heavy at least 1x split, INSERT-heavy at least
10x split, and time linear in size (the s/MB column stays flat).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from flake8_neveragain.sql import extract_sql_facts

MB = 1_000_000
WORDS = [
    "name", "email", "created_at", "updated_at", "status", "country", "origin", "trace_id",
    "amount", "currency", "notes", "title", "slug", "is_active", "priority", "owner", "race",
    "religion", "nationality", "ethnicity", "birthplace", "score", "label", "code", "city",
]
TYPES = [
    "integer", "bigint", "text", "varchar(255)", "boolean", "timestamp with time zone",
    "numeric(10, 2)", "date", "jsonb", "uuid", "religion_t", "character varying(40)",
]


def create_table(rng: random.Random, number: int) -> str:
    columns = ["    id bigserial PRIMARY KEY"]
    for position in range(rng.randint(6, 24)):
        column = f"    {rng.choice(WORDS)}_{position} {rng.choice(TYPES)}"
        if rng.random() < 0.3:
            column += " NOT NULL"
        if rng.random() < 0.2:
            column += f" DEFAULT '{rng.choice(WORDS)}'"
        if rng.random() < 0.1:
            column += f" CHECK ({rng.choice(WORDS)}_{position} IN ('a', 'b', 'c'))"
        if rng.random() < 0.1:
            column += f" REFERENCES table_{rng.randrange(max(number, 1))}(id)"
        if rng.random() < 0.1:
            column += f" -- {rng.choice(WORDS)} column, see ticket {rng.randrange(9999)}"
        columns.append(column)
    columns.append(f"    CONSTRAINT uq_{number} UNIQUE (id)")
    body = ",\n".join(columns)
    return f"CREATE TABLE IF NOT EXISTS public.table_{number} (\n{body}\n);\n"


def ddl_statement(rng: random.Random, number: int) -> str:
    roll = rng.random()
    if roll < 0.45:
        return create_table(rng, number)
    if roll < 0.65:
        return (f"ALTER TABLE ONLY public.table_{rng.randrange(number + 1)} ADD COLUMN "
                f"{rng.choice(WORDS)}_{number} {rng.choice(TYPES)};\n")
    if roll < 0.75:
        return (f"CREATE INDEX idx_{number} ON public.table_{rng.randrange(number + 1)} "
                f"USING btree ({rng.choice(WORDS)});\n")
    if roll < 0.82:
        values = ", ".join(f"'{rng.choice(WORDS)}_{i}'" for i in range(rng.randint(2, 8)))
        return f"CREATE TYPE kind_{number} AS ENUM ({values});\n"
    if roll < 0.9:
        return (f"CREATE OR REPLACE VIEW view_{number} AS SELECT t.id, t.{rng.choice(WORDS)} "
                f"AS {rng.choice(WORDS)}, lower(t.name) label FROM table_{number} t "
                f"WHERE t.status = 'active';\n")
    if roll < 0.95:
        return (f"COMMENT ON TABLE table_{number} IS 'Holds {rng.choice(WORDS)} rows; "
                f"it''s documented';\n")
    return f"INSERT INTO settings (key, value) VALUES ('k{number}', 'v{number}');\n"


def insert_statement(rng: random.Random, number: int) -> str:
    def row() -> str:
        text = rng.choice(["O\\'Brien", "plain", "it''s", "semi;colon", "line\\nbreak", "-- not a comment"])
        return f"({number}, '{text}', '{rng.choice(WORDS)}', {rng.random():.4f}, NULL)"

    if rng.random() < 0.5:  # mysqldump extended insert
        rows = ",".join(row() for _ in range(rng.randint(20, 60)))
        return f"INSERT INTO `people` VALUES {rows};\n"
    return f"INSERT INTO public.people (id, name, race, score, note) VALUES {row()};\n"


def generate(kind: str, size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    total = number = 0
    if kind == "insert":
        for number in range(5):
            parts.append(create_table(rng, number))
    make = ddl_statement if kind == "ddl" else insert_statement
    while total < size:
        part = make(rng, number)
        parts.append(part)
        total += len(part)
        number += 1
    return "".join(parts)


def median_time(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        function()
        times.append(time.process_time() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,4,16", help="sizes in MB (default 1,4,16)")
    parser.add_argument("--split-sizes", default="1", help="sizes to time sqlparse.split on")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [float(size) for size in args.sizes.split(",")]
    split_sizes = {float(size) for size in args.split_sizes.split(",")}

    import sqlparse

    print(f"sqlparse {sqlparse.__version__}, Python {sys.version.split()[0]}, "
          f"medians of {args.runs} runs (sqlparse.split: {min(args.runs, 3)})")
    print(f"{'input':<8}{'MB':>6}{'facts':>8}{'s':>9}{'s/MB':>8}{'MB/s':>9}"
          f"{'split MB/s':>12}{'ratio':>8}")
    for kind in ("ddl", "insert"):
        split_rate: float | None = None
        for size in sizes:
            text = generate(kind, int(size * MB))
            megabytes = len(text.encode()) / MB
            facts, problems = extract_sql_facts(text)
            assert not problems, problems[:3]
            seconds = median_time(partial(extract_sql_facts, text), args.runs)
            rate = megabytes / seconds
            if size in split_sizes:
                split_seconds = median_time(partial(sqlparse.split, text), min(args.runs, 3))
                split_rate = megabytes / split_seconds
            split_note = f"{split_rate:12.2f}" if split_rate else f"{'-':>12}"
            ratio = f"{rate / split_rate:7.1f}x" if split_rate else f"{'-':>8}"
            print(f"{kind:<8}{megabytes:6.1f}{len(facts):8d}{seconds:9.3f}{seconds / megabytes:8.3f}"
                  f"{rate:9.2f}{split_note}{ratio}")
    print("split MB/s at sizes where split was not timed: the figure from the last size it was timed on.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
