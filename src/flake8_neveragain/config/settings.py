"""Settings shared by both front doors, and configuration file loading.

A configuration file is `.neveragain.toml` (settings at the top level) or a
pyproject.toml with a `[tool.neveragain]` table; config/projects.py finds the
one that governs each checked file. flake8 passes its own options too. All of
it ends up as one `Settings` value per configuration, so the pipeline never
needs to know which door a run came through.

Paths in a configuration are relative to the folder that holds it: exclude
patterns and per-file-ignores globs that name a folder are anchored there when
loaded (`anchor_patterns`), as flake8 and ruff anchor theirs, and the baseline
is resolved against it.

Whatever pyproject.toml holds, a bad one is one line naming the file (and the
key), exit 2 in the CLI and flake8's fatal error in the plugin, never a
traceback: only a regular file of at most 4 MiB is read (files/boundedread.py),
nesting too deep for tomllib is refused, `tool` and `tool.neveragain` must be
tables, each setting is type-checked, selectors must name a rule, and
`docs-url` must be an http(s) URL.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from flake8_neveragain.config.selection import matches_a_rule
from flake8_neveragain.files.boundedread import CONFIG_LIMIT, TOML_NESTING, ReadRefused, read_regular, too_deep
from flake8_neveragain.rules.registry import CATEGORIES, NEV102

DEFAULT_DOCS_URL = "https://github.com/flake8-neveragain/flake8-neveragain/blob/main/src/flake8_neveragain/rules_docs/"
CODE_PREFIX = re.compile(r"^[A-Z]{1,3}[0-9]{0,3}$")
# `neveragain check` applies this file when it exists in the current directory.
DEFAULT_BASELINE = ".neveragain-baseline.json"
# Configuration files of its own: settings at the top level, as ruff.toml has them.
# Found in this order in a folder, before pyproject.toml (as .ruff.toml beats ruff.toml).
OWN_CONFIGS = (".neveragain.toml", "neveragain.toml")
PYPROJECT = "pyproject.toml"


class ConfigError(Exception):
    """A configuration value the user must fix; reported as one line, exit 2."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] | None = None
    extend_ignore: tuple[str, ...] = ()
    # Category key -> extra name terms ("land of birth", "herkunftsland").
    extra_terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # fnmatch patterns for names, aliases or "Model.field" that are never reported.
    allow_names: tuple[str, ...] = ()
    docs_url: str = DEFAULT_DOCS_URL
    # Glob patterns of paths to skip (anchor_patterns says how they match).
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    # (glob, codes) pairs: codes not reported in the files the glob matches.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # CLI only: skip what git ignores (.gitignore, .git/info/exclude) when walking folders.
    respect_gitignore: bool = True
    # CLI only: apply the excludes to files named on the command line too (pre-commit names every file).
    force_exclude: bool = False
    # File suffixes the CLI reads as SQL (flake8 cannot read SQL files).
    sql_extensions: tuple[str, ...] = (".sql", ".ddl")
    # CLI only: a noqa that silences a finding must say why (`-- reviewed: ...`).
    require_reason: bool = False
    # CLI only: the baseline file; None means .neveragain-baseline.json in the
    # current directory, else beside the configuration file (review/baseline.py).
    # A configuration's relative path is resolved against its folder.
    baseline: str | None = None
    # The project's own field types that encrypt (NEV201): dotted entries match the
    # import origin ("acme.crypto.SealedTextField"), bare ones the name ("VaultString").
    encrypted_types: tuple[str, ...] = ()


# pyproject key -> (Settings attribute, parser)
def parse_codes(key: str, value: Any) -> tuple[str, ...]:
    items = _string_list(key, value)
    codes = tuple(item.strip().upper() for item in items if item.strip())
    for code in codes:
        if not CODE_PREFIX.match(code):
            raise ConfigError(f"{key}: {code[:40]!r} is not a code or code prefix such as {NEV102} or NEV1")
        # A selector naming no rule would select (or ignore) nothing in silence: a green gate
        # that checked nothing. As ruff does, it is a usage error (`neveragain rules` lists codes).
        if not matches_a_rule(code):
            raise ConfigError(f"{key}: {code!r} matches no neveragain rule (`neveragain rules` lists the codes)")
    return codes


def _string_list(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, list):
        odd = next((item for item in value if not isinstance(item, str)), None)
        if odd is None:
            return tuple(value)
        raise ConfigError(f"{key}: expected a list of strings, got a list holding {type(odd).__name__}")
    raise ConfigError(f"{key}: expected a list of strings, got {type(value).__name__}")


def type_names(key: str, value: Any) -> tuple[str, ...]:
    """Type names or dotted import paths: `acme.crypto.SealedTextField`, `VaultString`."""
    names = tuple(item.strip() for item in _string_list(key, value) if item.strip())
    for name in names:
        if not all(part.isidentifier() for part in name.split(".")):
            raise ConfigError(
                f"{key}: {name[:80]!r} is not a type name or dotted import path such as "
                "VaultString or acme.crypto.SealedTextField"
            )
    return names


def _extra_terms(key: str, value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{key}: expected a table of category = [terms], got {type(value).__name__}")
    for category in value:
        if category not in CATEGORIES:
            raise ConfigError(f"{key}: unknown category {category[:40]!r} (valid: {', '.join(CATEGORIES)})")
    return {category: _string_list(f"{key}.{category}", terms) for category, terms in value.items()}


def per_file_ignores(key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`{"glob" = ["NEV102"]}` as ruff writes it, or flake8's `glob:CODES glob:CODES` string."""
    if isinstance(value, str):
        pairs = []
        for item in value.split():
            glob, sep, codes = item.rpartition(":")
            if not sep or not glob or not codes:
                raise ConfigError(f"{key}: {item[:80]!r} should look like glob:CODES, e.g. tests/*:{NEV102}")
            pairs.append((glob, parse_codes(f"{key} {glob!r}", codes)))
        return tuple(pairs)
    if not isinstance(value, dict):
        raise ConfigError(f"{key}: expected a table of \"glob\" = [codes], got {type(value).__name__}")
    return tuple((glob, parse_codes(f"{key} {glob[:60]!r}", codes)) for glob, codes in value.items())


def anchor_patterns(patterns: Iterable[str], base: str) -> tuple[str, ...]:
    """Patterns that name a folder, made absolute against `base` (the config's folder or the CWD).

    As in flake8 and ruff: a pattern with a `/` inside (`app/legacy/*`) is
    relative to the folder of the file that sets it, so it means the same
    from wherever the tool runs; a bare one (`migrations`, `*_pb2.py`) matches
    a file or folder name at any depth; a trailing `/` means folders only.
    """
    return tuple(anchor_pattern(pattern, base) for pattern in patterns)


def anchor_pattern(pattern: str, base: str) -> str:
    """One pattern, anchored as anchor_patterns says (idempotent: an anchored one stays as it is)."""
    body = pattern.rstrip("/")
    if "/" not in body or os.path.isabs(body):
        return pattern
    trailing = "/" if pattern.endswith("/") else ""
    # normpath drops `./`; a `*` survives it, so globs keep their meaning.
    return os.path.normpath(os.path.join(base, body)) + trailing


def anchor_ignores(
    pairs: Iterable[tuple[str, tuple[str, ...]]], base: str
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((anchor_pattern(glob, base), codes) for glob, codes in pairs)


def _suffixes(key: str, value: Any) -> tuple[str, ...]:
    return tuple(item if item.startswith(".") else f".{item}" for item in _string_list(key, value))


def _bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{key}: expected true or false, got {type(value).__name__}")
    return value


def _path(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: expected a file path string")
    return value.strip()


# Characters no URL holds unescaped; one in an href or a SARIF helpUri could break out of it.
_NOT_IN_URLS = frozenset('"<>\\^`{|}')


def check_docs_url(key: str, value: Any) -> str:
    """An http(s) URL with a host: it reaches messages, SARIF and the HTML inventory's links (d19).

    `javascript:`, `data:` or `file:` would run or open something in a reader's
    browser, and SARIF wants an absolute URI, so only http and https are taken.
    """
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: expected a URL string")
    url = value.strip()
    scheme, sep, rest = url.partition("://")
    host = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if not sep or scheme.lower() not in ("http", "https") or not host:
        raise ConfigError(f"{key}: {url[:80]!r} is not an http:// or https:// URL")
    if any(char.isspace() or not char.isprintable() or char in _NOT_IN_URLS for char in url):
        raise ConfigError(f"{key}: {url[:80]!r} holds a character a URL cannot (escape it, e.g. %20)")
    return url


_PYPROJECT_KEYS = {
    "select": ("select", parse_codes),
    "extend-select": ("extend_select", parse_codes),
    "ignore": ("ignore", parse_codes),
    "extend-ignore": ("extend_ignore", parse_codes),
    "extra-terms": ("extra_terms", _extra_terms),
    "allow-names": ("allow_names", _string_list),
    "docs-url": ("docs_url", check_docs_url),
    "exclude": ("exclude", _string_list),
    "extend-exclude": ("extend_exclude", _string_list),
    "per-file-ignores": ("per_file_ignores", per_file_ignores),
    "respect-gitignore": ("respect_gitignore", _bool),
    "force-exclude": ("force_exclude", _bool),
    "sql-extensions": ("sql_extensions", _suffixes),
    "require-reason": ("require_reason", _bool),
    "baseline": ("baseline", _path),
    "encrypted-types": ("encrypted_types", type_names),
}


def settings_from_table(table: Mapping[str, Any], where: str, section: str | None = "[tool.neveragain]") -> Settings:
    """Build Settings from a configuration table; unknown keys are errors.

    `section`: the table's name in messages; None for a file of our own (top-level keys).
    """
    values: dict[str, Any] = {}
    for key, value in table.items():
        known = _PYPROJECT_KEYS.get(key) or _PYPROJECT_KEYS.get(key.replace("_", "-"))
        if known is None:
            valid = ", ".join(sorted(_PYPROJECT_KEYS))
            within = f" in {section}" if section else ""
            raise ConfigError(f"{where}: unknown key {key[:40]!r}{within} (valid keys: {valid})")
        attribute, parse = known
        try:
            values[attribute] = parse(key, value)
        except ConfigError as error:
            raise ConfigError(f"{where}: {section} {error}" if section else f"{where}: {error}") from None
    return Settings(**values)


# Other spellings of the table: `tool.neveragain.select = ...`, or `neveragain = {...}` under [tool].
_OTHER_SPELLING = re.compile(
    rb"""(?m)^[ \t]*\[?[ \t]*(?:["']?tool["']?[ \t]*\.[ \t]*)?["']?neveragain["']?[ \t]*[.=\]]"""
)


def config_in(directory: Path) -> Path | None:
    """The configuration file in this folder: .neveragain.toml or neveragain.toml first (as
    ruff's own files beat pyproject.toml), then a pyproject.toml that has [tool.neveragain]."""
    for name in OWN_CONFIGS:
        own = directory / name
        if _is_file(own):
            return own
    candidate = directory / PYPROJECT
    if not _is_file(candidate):
        return None
    data = _read_bytes(candidate)
    if b"[tool.neveragain" in data:
        return candidate
    # Rarer spellings are parsed to be sure: ignoring a real table would be a silent default.
    if _OTHER_SPELLING.search(data) and "neveragain" in _table(_parse(candidate, data), "tool", candidate):
        return candidate
    return None


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above `start`."""
    for directory in (start, *start.parents):
        found = config_in(directory)
        if found is not None:
            return found
    return None


def _is_file(path: Path) -> bool:
    try:  # Path.is_file re-raises PermissionError from a folder that cannot be searched
        return path.is_file()
    except OSError:
        return False


def load_config(path: Path) -> Settings:
    """Settings from (.)neveragain.toml (top-level keys) or any other file's [tool.neveragain]
    (pyproject.toml, or a file given to --config), with the patterns and the baseline it
    names anchored at its folder."""
    document = _parse(path, _read_bytes(path))
    if path.name in OWN_CONFIGS:
        settings = settings_from_table(document, str(path), None)
    else:
        settings = settings_from_table(_table(_table(document, "tool", path), "neveragain", path), str(path))
    folder = os.path.abspath(path.parent)
    settings = replace(
        settings,
        exclude=anchor_patterns(settings.exclude, folder),
        extend_exclude=anchor_patterns(settings.extend_exclude, folder),
        per_file_ignores=anchor_ignores(settings.per_file_ignores, folder),
    )
    if settings.baseline is not None:
        settings = replace(settings, baseline=_relative_to(path, settings.baseline))
    return settings


def _parse(path: Path, data: bytes) -> dict[str, Any]:
    import tomllib  # only runs that have a config pay for the import

    if too_deep(data, TOML_NESTING):
        raise ConfigError(f"{path}: cannot parse TOML: arrays or tables nested too deeply")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: cannot parse TOML: not UTF-8 text (byte {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: cannot parse TOML: {error}") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table (d11)
        raise ConfigError(f"{path}: cannot parse TOML: arrays or tables nested too deeply") from None
    except ValueError:  # an integer of more digits than Python converts (over 4300)
        raise ConfigError(f"{path}: cannot parse TOML: a number too long to read") from None


def _table(document: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    """document[key] if it is a table, {} if absent; `tool = 1` is a one-line error (d10)."""
    value = document.get(key, {})
    if not isinstance(value, dict):
        name = "tool" if key == "tool" else f"tool.{key}"
        raise ConfigError(f"{path}: {name} must be a table ([{name}]), not {_toml_type(value)}")
    return value


def _toml_type(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array"}
    return names.get(type(value), "a date or time")


def _relative_to(config: Path, value: str) -> str:
    """A path from a configuration file, resolved against its directory; relative to the CWD if below it."""
    try:
        expanded = Path(value).expanduser()
    except RuntimeError:  # `~nosuchuser/...`, or `~` with no HOME and no password entry (d14)
        raise ConfigError(
            f"{config}: baseline: cannot expand {value[:80]!r}: "
            "no such user or home directory"
        ) from None
    resolved = config.parent / expanded
    try:
        return resolved.absolute().relative_to(Path.cwd().absolute()).as_posix()
    except (ValueError, OSError):  # elsewhere, or the current directory is gone
        return str(resolved)


def _read_bytes(path: Path) -> bytes:
    try:
        return read_regular(path, CONFIG_LIMIT)
    except ReadRefused as refused:
        raise ConfigError(f"{path}: {refused}") from None


def with_overrides(settings: Settings, **overrides: Any) -> Settings:
    """Apply command-line values over file values; None means "not given"."""
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def parse_term_pairs(pairs: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Parse flake8-style `category=term` items into an extra-terms mapping."""
    terms: dict[str, list[str]] = {}
    for pair in pairs:
        category, sep, term = pair.partition("=")
        if not sep or not category.strip() or not term.strip():
            raise ConfigError(f"extra terms: {pair[:80]!r} should look like category=term, e.g. religion=konfession")
        terms.setdefault(category.strip(), []).append(term.strip())
    return {category: tuple(items) for category, items in terms.items()}


def merge_terms(
    base: Mapping[str, tuple[str, ...]], more: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """Extra terms from two sources, the second adding to the first."""
    merged = dict(base)
    for category, terms in more.items():
        merged[category] = (*merged.get(category, ()), *terms)
    return merged
