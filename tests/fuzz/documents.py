"""Configuration and baseline documents: well-formed, wrong-shaped, deep, huge and broken."""

from __future__ import annotations

import json
from typing import Any

from .choices import Chooser
from .vocab import SENSITIVE

PYPROJECT_KEYS = (
    "select", "extend-select", "ignore", "extend-ignore", "extra-terms", "allow-names", "docs-url",
    "exclude", "extend-exclude", "sql-extensions", "require-reason", "baseline", "encrypted-types",
    "extend_select", "unknown-key", "", "per-file-ignores", "respect-gitignore", "force-exclude",
)
STRINGS = (
    "NEV1", "NEV101", "NEV999", "E501", "nev102", "NEV", "", " ", "NEV101,NEV102", "X" * 300,
    "*", "[", "Person.*", "migrations/*", "**/x", ".sql", "sql", "~nosuchuser/b.json", "~/b.json",
    "../b.json", "/dev/null", "javascript:alert(1)//", "https://example.org/rules/", "a..b",
    "acme.crypto.SealedTextField", "VaultString", "1abc", "religion=konfession", "é\u2028x", "\x7f",
)
CATEGORIES = ("religion", "race_ethnicity", "national_origin", "health", "nosuch", "", "Religion")


def toml_string(c: Chooser, value: str) -> str:
    if c.chance(80):
        return json.dumps(value, ensure_ascii=c.chance(50))  # a TOML basic string is JSON-compatible
    return "'" + value.replace("'", "").replace("\n", "") + "'"


def toml_value(c: Chooser, depth: int = 0) -> str:
    roll = c.number(0, 9)
    if roll < 4:
        return toml_string(c, c.pick(STRINGS))
    if roll < 6 and depth < 3:
        return "[" + ", ".join(toml_value(c, depth + 1) for _ in range(c.number(0, 4))) + "]"
    if roll < 7 and depth < 3:
        items = ", ".join(f"{c.pick(CATEGORIES) or 'x'} = {toml_value(c, depth + 1)}" for _ in range(c.number(0, 3)))
        return "{" + items + "}"
    if roll < 8:
        deep = c.number(1, 50) if c.chance(80) else c.number(50, 1500)
        return "[" * deep + "]" * deep  # d11's shape
    return c.pick(("true", "false", "1", "-1", "1.5", "inf", "nan", "1979-05-27", "0x10", '""', "9" * 5000))


def pyproject_text(c: Chooser) -> str:
    header = c.pick(("[tool.neveragain]", "[tool.neveragain]", "[tool.neveragain]", "[tool]\nneveragain = 1",
                     "tool = 1", "[[tool.neveragain]]", "[tool.neveragain.extra-terms]", "[tool.other]\nx = 1",
                     "tool.neveragain.select = ['NEV1']", "[tool.neveragain]\n[tool.neveragain]"))
    return header + "\n" + settings_text(c)


PER_FILE_GLOBS = ("*.py", "app/*", "tests/*", "", "/abs/*", "[", "**/models.py", "é.py", "migrations/", "*")


def settings_text(c: Chooser) -> str:
    """Settings as top-level keys: the body of [tool.neveragain], or a whole .neveragain.toml."""
    lines = []
    for _ in range(c.number(0, 5)):
        if c.chance(12):  # per-file-ignores as ruff writes it, or as flake8's string
            if c.chance(70):
                pairs = []
                for _ in range(c.number(0, 3)):
                    codes = toml_value(c) if c.chance(20) else f"[{toml_string(c, c.pick(STRINGS))}]"
                    pairs.append(f"{toml_string(c, c.pick(PER_FILE_GLOBS))} = {codes}")
                lines.append(f"per-file-ignores = {{ {', '.join(pairs)} }}")
            else:
                text = " ".join(f"{c.pick(PER_FILE_GLOBS)}:{c.pick(STRINGS)}" for _ in range(c.number(0, 3)))
                lines.append(f"per-file-ignores = {toml_string(c, text)}")
            continue
        key = c.pick(PYPROJECT_KEYS)
        if key == "extra-terms" and c.chance(60):
            terms = ", ".join(toml_string(c, c.pick((*SENSITIVE, *STRINGS))) for _ in range(c.number(0, 3)))
            lines.append(f'extra-terms = {{ {c.pick(CATEGORIES) or "x"} = [{terms}] }}')
        else:
            lines.append(f'{json.dumps(key) if not key or c.chance(10) else key} = {toml_value(c)}')
    text = "\n".join(lines) + "\n"
    if c.chance(10):  # broken TOML of the usual kinds
        text += c.pick(("x = ", "[unclosed", "a = 'b\n", "\x00", "a = 1\na = 2\n", "\ufeff"))
    return text


def _entry(c: Chooser) -> Any:
    if c.chance(85):
        entry: dict[str, Any] = {
            "path": c.pick(("app/models.py", "a.sql", "", "/abs.py", "C:\\x.py", "x\ny.py", "é.py", "../up.py")),
            "code": c.pick(("NEV101", "NEV102", "", "X")),
            "symbol": c.pick(("Person.race", "t.religion", "", "é")),
            "source": c.pick(("django-model", "sql-ddl", "")),
        }
        if c.chance(30):
            entry["count"] = c.pick((1, 2, 0, -1, True, 1.5, "2", None, 10**18, float("inf")))
        if c.chance(10):
            entry.pop(c.pick(tuple(entry)), None)
        if c.chance(5):
            entry["extra"] = 1
        return entry
    return c.pick((None, 1, "x", [], [1], {}))


def baseline_bytes(c: Chooser) -> bytes:
    """A baseline file: valid JSON of right and wrong shapes, or raw text no JSON reader accepts."""
    roll = c.number(0, 19)
    if roll == 0:
        deep = c.number(10, 5000)
        return ('{"version": 1, "entries": ' + "[" * deep + "]" * deep + "}").encode()  # d09's shape
    if roll == 1:
        return c.pick((b"", b"\xff\xfe{}", b"{", b"nul", b'{"version": 1, "entries": []}\x00',
                       b'{"version": 1, "entries": [{"count": ' + b"9" * c.number(10, 6000) + b"}]}",
                       b'{"version": 1e400, "entries": []}', b'{"version": NaN, "entries": []}',
                       b'{"version": 1, "entries": [], "version": 2}', b"\xef\xbb\xbf{}", b"[]"))
    document: dict[str, Any] = {"version": c.pick((1, 1, 1, 2, "1", True, None, 1.0)),
                                "entries": [_entry(c) for _ in range(c.number(0, 5))]}
    if c.chance(5):
        document["entries"] = c.pick(({}, None, "x"))
    if c.chance(5):
        document["unknown"] = 1
    text = json.dumps(document, ensure_ascii=c.chance(50), allow_nan=True)
    return text.encode("utf-8", "surrogatepass")


def flake8_options_bytes(c: Chooser) -> bytes:
    """The plugin's options as flake8 hands them over (comma-separated lists already split), as JSON."""
    def items(pool: tuple[str, ...]) -> list[str]:
        return [c.pick(pool) for _ in range(c.number(0, 3))]

    pairs = tuple(f"{category}={term}" for category in CATEGORIES for term in ("konfession", "", "land of birth", "é"))
    options = {
        "neveragain_extra_terms": items((*pairs, *STRINGS)),
        "neveragain_allow_names": items(STRINGS),
        "neveragain_encrypted_types": items(STRINGS),
        "neveragain_docs_url": c.pick((None, *STRINGS)),
    }
    return json.dumps(options).encode()
