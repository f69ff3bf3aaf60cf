"""Settings shared by both front doors, and `[tool.neveragain]` loading.

The CLI reads `[tool.neveragain]` from pyproject.toml; flake8 passes its own
options. Both end up as one `Settings` value so the pipeline never needs to
know which door a run came through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

DEFAULT_DOCS_URL = "https://github.com/flake8-neveragain/flake8-neveragain/blob/main/src/flake8_neveragain/rules_docs/"
CODE_PREFIX = re.compile(r"^[A-Z]{1,3}[0-9]{0,3}$")
# `neveragain check` applies this file when it exists in the current directory.
DEFAULT_BASELINE = ".neveragain-baseline.json"


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
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    # File suffixes the CLI reads as SQL (flake8 cannot read SQL files).
    sql_extensions: tuple[str, ...] = (".sql", ".ddl")
    # CLI only: a noqa that silences a finding must say why (`-- reviewed: ...`).
    require_reason: bool = False
    # CLI only: the baseline file; None means .neveragain-baseline.json in the
    # current directory if it exists. Relative paths in pyproject.toml are
    # resolved against the directory of that pyproject.toml.
    baseline: str | None = None
    # The project's own field types that encrypt (NEV201): dotted entries match the
    # import origin ("acme.crypto.SealedTextField"), bare ones the name ("VaultString").
    encrypted_types: tuple[str, ...] = ()


# pyproject key -> (Settings attribute, parser)
def _codes(key: str, value: Any) -> tuple[str, ...]:
    items = _string_list(key, value)
    codes = tuple(item.strip().upper() for item in items if item.strip())
    for code in codes:
        if not CODE_PREFIX.match(code):
            raise ConfigError(f"{key}: {code!r} is not a code or code prefix such as NEV102 or NEV1")
    return codes


def _string_list(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ConfigError(f"{key}: expected a list of strings, got {type(value).__name__}")


def type_names(key: str, value: Any) -> tuple[str, ...]:
    """Type names or dotted import paths: `acme.crypto.SealedTextField`, `VaultString`."""
    names = tuple(item.strip() for item in _string_list(key, value) if item.strip())
    for name in names:
        if not all(part.isidentifier() for part in name.split(".")):
            raise ConfigError(
                f"{key}: {name!r} is not a type name or dotted import path such as "
                "VaultString or acme.crypto.SealedTextField"
            )
    return names


def _extra_terms(key: str, value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{key}: expected a table of category = [terms], got {type(value).__name__}")
    return {category: _string_list(f"{key}.{category}", terms) for category, terms in value.items()}


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


def _url(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key}: expected a URL string")
    return value.strip()


_PYPROJECT_KEYS = {
    "select": ("select", _codes),
    "extend-select": ("extend_select", _codes),
    "ignore": ("ignore", _codes),
    "extend-ignore": ("extend_ignore", _codes),
    "extra-terms": ("extra_terms", _extra_terms),
    "allow-names": ("allow_names", _string_list),
    "docs-url": ("docs_url", _url),
    "exclude": ("exclude", _string_list),
    "extend-exclude": ("extend_exclude", _string_list),
    "sql-extensions": ("sql_extensions", _suffixes),
    "require-reason": ("require_reason", _bool),
    "baseline": ("baseline", _path),
    "encrypted-types": ("encrypted_types", type_names),
}


def settings_from_table(table: Mapping[str, Any], where: str) -> Settings:
    """Build Settings from a `[tool.neveragain]` table; unknown keys are errors."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        known = _PYPROJECT_KEYS.get(key) or _PYPROJECT_KEYS.get(key.replace("_", "-"))
        if known is None:
            valid = ", ".join(sorted(_PYPROJECT_KEYS))
            raise ConfigError(f"{where}: unknown key {key!r} in [tool.neveragain] (valid keys: {valid})")
        attribute, parse = known
        try:
            values[attribute] = parse(key, value)
        except ConfigError as error:
            raise ConfigError(f"{where}: [tool.neveragain] {error}") from None
    return Settings(**values)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has [tool.neveragain]."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and b"[tool.neveragain" in _read_bytes(candidate):
            return candidate
    return None


def load_pyproject(path: Path) -> Settings:
    import tomllib  # only runs that have a config pay for the import

    try:
        document = tomllib.loads(_read_bytes(path).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot parse TOML: {error}") from None
    table = document.get("tool", {}).get("neveragain", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.neveragain] must be a table")
    settings = settings_from_table(table, str(path))
    if settings.baseline is not None:
        settings = replace(settings, baseline=_relative_to(path.parent, settings.baseline))
    return settings


def _relative_to(directory: Path, value: str) -> str:
    """A path from pyproject.toml, resolved against its directory; relative to the CWD if below it."""
    resolved = directory / Path(value).expanduser()
    try:
        return resolved.absolute().relative_to(Path.cwd().absolute()).as_posix()
    except ValueError:
        return str(resolved)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def with_overrides(settings: Settings, **overrides: Any) -> Settings:
    """Apply command-line values over file values; None means "not given"."""
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def parse_term_pairs(pairs: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Parse flake8-style `category=term` items into an extra-terms mapping."""
    terms: dict[str, list[str]] = {}
    for pair in pairs:
        category, sep, term = pair.partition("=")
        if not sep or not category.strip() or not term.strip():
            raise ConfigError(f"extra terms: {pair!r} should look like category=term, e.g. religion=konfession")
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
