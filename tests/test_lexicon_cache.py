"""The per-user cache of the built lexicon (files/usercache.py), and what a small run imports."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

from flake8_neveragain import __version__
from flake8_neveragain.classify.lexicon import Lexicon, _build
from flake8_neveragain.classify.lexicon_source import abbreviations, raw_lexicon
from flake8_neveragain.files import usercache

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples" / "casework"

# Loads the lexicon in a fresh process and says whether it had to parse lexicon.toml.
_LOAD = """
import sys
from flake8_neveragain.classify.lexicon import load_lexicon
from flake8_neveragain.classify.words import split_identifier
extra = {"religion": ["konfession"]} if sys.argv[1:] == ["extra"] else None
lexicon = load_lexicon(extra)
print("parsed" if "tomllib" in sys.modules else "cached", len(list(lexicon.all_terms())),
      split_identifier("ETHNIC_GRP"))
"""


def _tables(lexicon: Lexicon) -> dict:
    return {key: value for key, value in vars(lexicon).items() if key not in ("words", "value_hits")}


def _load_in_process(cache_home: Path, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
    env["XDG_CACHE_HOME"] = str(cache_home)
    completed = subprocess.run([sys.executable, "-c", _LOAD, *args], capture_output=True, text=True, env=env,
                               timeout=60, check=True)
    assert completed.stderr == ""
    return completed.stdout


def test_plain_tables_round_trip_through_marshal() -> None:
    built = _build(raw_lexicon(), ())
    again = Lexicon.from_plain(marshal.loads(marshal.dumps(built.to_plain())))
    assert _tables(again) == _tables(built)
    assert again.words("countryOfBirth") == built.words("countryOfBirth")


def test_second_run_uses_the_cache_and_gets_the_same_lexicon(tmp_path: Path) -> None:
    first = _load_in_process(tmp_path)
    assert first.startswith("parsed ")
    assert [path.name for path in (tmp_path / "neveragain").iterdir()] == [
        f"lexicon-{__version__}-{sys.implementation.cache_tag}.marshal"
    ]
    second = _load_in_process(tmp_path)
    assert second == first.replace("parsed ", "cached ", 1)


def test_extra_terms_never_come_from_the_cache(tmp_path: Path) -> None:
    _load_in_process(tmp_path)
    assert _load_in_process(tmp_path, "extra").startswith("parsed ")


def test_a_corrupt_or_foreign_cache_file_is_rebuilt(tmp_path: Path) -> None:
    reference = _load_in_process(tmp_path)
    (path,) = (tmp_path / "neveragain").iterdir()
    for content in (b"", b"not marshal at all", marshal.dumps(("another key", {})), marshal.dumps(42)):
        path.write_bytes(content)
        assert _load_in_process(tmp_path) == reference  # parsed again, silently
        assert _load_in_process(tmp_path) == reference.replace("parsed ", "cached ", 1)


def test_an_unwritable_cache_directory_is_ignored(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would go")
    assert _load_in_process(blocker).startswith("parsed ")
    assert _load_in_process(blocker).startswith("parsed ")


def test_store_and_load_by_key(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.load("thing", ("key",)) is None
    usercache.store("thing", ("key",), {"a": (1, frozenset({"b"}))})
    assert usercache.load("thing", ("key",)) == {"a": (1, frozenset({"b"}))}
    assert usercache.load("thing", ("other key",)) is None
    usercache.store("thing", ("key",), object())  # marshal cannot store it: nothing happens
    assert usercache.load("thing", ("key",)) == {"a": (1, frozenset({"b"}))}
    assert not [path for path in (tmp_path / "neveragain").iterdir() if path.suffix == ".tmp"]


def test_a_relative_cache_home_falls_back_to_the_home_directory(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path))
    usercache.store("thing", 1, 2)
    assert usercache.load("thing", 1) == 2
    assert (tmp_path / ".cache" / "neveragain").is_dir()


def test_abbreviations_match_the_toml() -> None:
    expected = {short.lower(): long.lower() for short, long in raw_lexicon()["abbreviations"].items()}
    assert abbreviations() == expected


def test_a_one_file_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    # The pre-commit case has a budget of 0.1 s for the whole process; these
    # modules are for other runs (other formats, SQL, --diff, migrations, a
    # baseline, fingerprints of findings) and must stay out of this one.
    source = tmp_path / "models.py"
    source.write_text("from django.db import models\n\n\nclass Person(models.Model):\n    name = models.CharField()\n")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    command = [sys.executable, "-X", "importtime", "-m", "flake8_neveragain", "check", "--isolated", str(source)]
    subprocess.run(command, capture_output=True, env=env, timeout=60, cwd=tmp_path)  # fills the cache
    completed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    imported = {line.split("|")[-1].strip() for line in completed.stderr.splitlines() if line.startswith("import time:")}
    assert "flake8_neveragain.engine" in imported
    unwanted = {
        "tomllib", "hashlib", "libcst", "sqlparse", "multiprocessing", "concurrent.futures", "subprocess",
        "flake8_neveragain.review.baseline", "flake8_neveragain.cli.explain", "flake8_neveragain.diff.check",
        "flake8_neveragain.migration_replay", "flake8_neveragain.sql", "flake8_neveragain.encryption.python_settings",
        "flake8_neveragain.rules.encryption_levels", "flake8_neveragain.reports.json_report", "pathspec",
    }
    assert imported & unwanted == set()
