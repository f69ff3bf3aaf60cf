"""Where the lexicon's data comes from: lexicon.toml, or the per-user cache of it built.

Split from lexicon.py so that the tokenizer (words.py) can read the
`[abbreviations]` table without importing the lexicon builder, which imports the
tokenizer: the data flows one way, source -> words -> lexicon.

The cache entry is (built tables, abbreviations), stored by lexicon.py under a key
made of everything the built lexicon derives from. This module checks the
abbreviations half; lexicon.py checks the tables half against its own types.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import Any

from flake8_neveragain.files import usercache
from flake8_neveragain.files.plainshape import fits

CACHE_NAME = "lexicon"
_HERE = os.path.dirname(__file__)
# Everything the built default lexicon is derived from: the data, the code that
# builds it, and (for unicodedata and marshal) the Python running it.
_BUILD_SOURCES = ("lexicon.toml", "lexicon_source.py", "lexicon.py", "words.py", "subject.py",
                  os.path.join(os.pardir, "rules", "registry.py"))


@cache
def raw_lexicon() -> dict[str, Any]:
    """lexicon.toml as parsed TOML, read once per process."""
    # Imported here: a run that finds the built lexicon in the cache never parses TOML.
    import tomllib

    try:
        with open(os.path.join(_HERE, "lexicon.toml"), "rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        # Installed somewhere without real files (a zip); importlib.resources is
        # slow to import, so it is only the fallback.
        from importlib import resources

        return tomllib.loads(resources.files(__package__).joinpath("lexicon.toml").read_text("utf-8"))


@cache
def cache_key() -> tuple[Any, ...] | None:
    """The key the built default lexicon is stored under; None when the sources cannot be read."""
    sources = usercache.source_key(_HERE, _BUILD_SOURCES)
    return None if sources is None else (sys.version, *sources)


@cache
def cached_entry() -> tuple[Any, dict[str, str]] | None:
    """(tables, abbreviations) from the per-user cache, if stored under the current key."""
    key = cache_key()
    stored = None if key is None else usercache.load(CACHE_NAME, key)
    # The right key but the wrong shape (d17) is a miss, never trusted.
    if stored is None or not fits(stored, tuple[Any, dict[str, str]]):
        return None
    tables, short_forms = stored
    return tables, short_forms


def store(tables: Any) -> None:
    """Store the built default tables with the abbreviations, for the next run."""
    key = cache_key()
    if key is not None:
        usercache.store(CACHE_NAME, key, (tables, abbreviations()))


@cache
def abbreviations() -> dict[str, str]:
    """[abbreviations] of lexicon.toml, lower-cased: short form -> long form."""
    cached = cached_entry()
    if cached is not None:
        return cached[1]
    return {short.lower(): long.lower() for short, long in raw_lexicon()["abbreviations"].items()}
