"""The pipeline for one file: parse -> extract facts -> rules (classify, judge) -> findings.

The flake8 plugin calls `Analyser.findings_for_tree` (through `analyse_tree`) with
the tree flake8 has already built, and flake8 applies noqa itself. The CLI calls
`analyse_python_file` / `analyse_sql_file`, which read, decode and parse the file
themselves, turn every way that can fail into a FileError, apply the file's noqa
comments, and return everything the file gave as one `FileAnalysis` value: what
is reported, what noqa silenced and why, errors, and the facts `--diff` compares.
"""

from __future__ import annotations

import ast
import io
import tokenize
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from flake8_neveragain import encryption
from flake8_neveragain.classify.classifier import Classifier
from flake8_neveragain.classify.lexicon import load_lexicon
from flake8_neveragain.config.settings import Settings
from flake8_neveragain.extract import read_module
from flake8_neveragain.facts import NO_FACTS, Decryption, FileFacts, SettingFact
from flake8_neveragain.findings import FileError, Finding, SuppressedFinding
from flake8_neveragain.review.noqa import mentions_noqa, review_findings
from flake8_neveragain.rules.judge import findings_for

if TYPE_CHECKING:
    from flake8_neveragain.migration_replay.sources import MigrationFiles

Result = TypeVar("Result")


class FileAnalysis(NamedTuple):  # a NamedTuple: cheaper to define than a dataclass, on every run
    """Everything the analysis of one file gives back.

    `findings` are what the file reports, its noqa comments applied (one kept for
    want of a reason says so in its message); `suppressed` are the findings a noqa
    silenced, each with the reason written for it. `facts` are the facts the
    findings were judged from (empty when the analysis failed). `protection` holds
    the file's protection settings, strong or weak, only when the caller asked for
    them (--diff); None also when the file could not be decoded or parsed. `text` is
    the decoded file ("" if it could not be decoded or parsed): a noqa in it can still
    silence findings made later, such as --diff's downgrades.
    """

    findings: tuple[Finding, ...] = ()
    suppressed: tuple[SuppressedFinding, ...] = ()
    errors: tuple[FileError, ...] = ()
    facts: FileFacts = NO_FACTS
    protection: tuple[SettingFact, ...] | None = None
    text: str = ""


class Analyser:
    """Everything a run needs that is built once per process, not per file."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        lexicon = load_lexicon(settings.extra_terms or None)
        self.classifier = Classifier(lexicon, settings.allow_names)

    def findings_for_tree(
        self, tree: ast.Module, path: str, migration_files: MigrationFiles | None = None
    ) -> list[Finding]:
        """The findings of a parsed module: the flake8 plugin's analysis (see read_tree)."""
        findings, _ = self.read_tree(tree, path, migration_files)
        return findings

    def read_tree(
        self, tree: ast.Module, path: str, migration_files: MigrationFiles | None = None
    ) -> tuple[list[Finding], FileFacts]:
        """The findings of a parsed module, and the facts they were judged from.

        `migration_files` reads a migration's siblings for NEV201 (default: the filesystem
        as this analyser first sees it; a reader of a git revision for --diff)."""
        reading = read_module(tree, path, self.settings.encrypted_types)
        settings = encryption.python_setting_facts(tree, reading.sql_strings, reading.index)
        decryptions: list[Decryption] = []
        if reading.django_migrations or reading.alembic_type_changes:
            # Only migrations pay for importing it.
            from flake8_neveragain.migration_replay import decryptions as migration_decryptions
            from flake8_neveragain.migration_replay import working_tree

            files = migration_files or working_tree(self)  # one snapshot of the tree per run
            decryptions = migration_decryptions(reading, path, files)
        facts = FileFacts(tuple(reading.facts), tuple(settings), tuple(decryptions))
        return findings_for(facts, self.classifier, path, self.settings.docs_url), facts

    def findings_for_sql(self, text: str, path: str) -> tuple[list[Finding], list[str]]:
        """Findings for SQL text (columns, types, encryption at rest) and problem lines."""
        findings, _, problems = self.read_sql(text, path)
        return findings, problems

    def read_sql(self, text: str, path: str) -> tuple[list[Finding], FileFacts, list[str]]:
        """findings_for_sql, with the facts the findings were judged from."""
        from flake8_neveragain.sql import extract_sql_facts  # only runs that meet SQL pay for it

        fields, problems = extract_sql_facts(text)
        facts = FileFacts(tuple(fields), tuple(encryption.sql_setting_facts(text)))
        return findings_for(facts, self.classifier, path, self.settings.docs_url), facts, problems


# The one line for a file whose tree is deeper than the analysis can follow.
TOO_DEEP = "too deeply nested to analyse"


class SourceError(Exception):
    """Why a file could not be analysed, in words fit for one report line."""


def decode_python(data: bytes) -> str:
    """Decode source bytes the way Python would (BOM, coding cookie, UTF-8)."""
    if b"\0" in data:
        raise SourceError("contains null bytes; is it a binary file?")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise SourceError(f"cannot decode: {error.msg}") from None
    try:
        return data.decode("utf-8-sig" if encoding == "utf-8-sig" else encoding)
    except (UnicodeDecodeError, LookupError) as error:
        where = f" at byte {error.start}" if isinstance(error, UnicodeDecodeError) else ""
        raise SourceError(f"cannot decode as {encoding}{where}; is the file text?") from None


def parse_python(source: str, path: str) -> ast.Module:
    try:
        with warnings.catch_warnings():
            # Invalid escape sequences in the scanned code are its business.
            warnings.simplefilter("ignore")
            return ast.parse(source, filename=path)
    except SyntaxError as error:
        raise SourceError(syntax_error_message(error, source)) from None
    except (RecursionError, MemoryError):
        raise SourceError("too deeply nested to parse") from None
    except ValueError as error:
        raise SourceError(f"cannot parse: {error}") from None


def syntax_error_message(error: SyntaxError, source: str) -> str:
    """The report line for a file `ast.parse` rejected: newer syntax than the running
    Python is named as such (see newer_syntax), anything else is a syntax error."""
    try:
        from flake8_neveragain.extract.newer_syntax import (
            newer_syntax_message,  # only files that fail to parse pay for it
        )

        newer = newer_syntax_message(error, source)
    except Exception:  # noqa: BLE001 -- a hint gone wrong must not hide the syntax error itself
        newer = None
    if newer is not None:
        return newer
    column = f", column {error.offset}" if error.offset else ""
    return f"syntax error at line {error.lineno}{column}: {error.msg}"


def analyse_python_file(path: Path, display_path: str, analyser: Analyser) -> FileAnalysis:
    try:
        data = path.read_bytes()
    except OSError as error:
        return FileAnalysis(errors=(FileError(display_path, f"cannot read: {error.strerror or error}"),))
    return analyse_python_source(data, display_path, analyser)


def analyse_python_source(
    data: bytes,
    display_path: str,
    analyser: Analyser,
    migration_files: MigrationFiles | None = None,
    protection: bool = False,
) -> FileAnalysis:
    """The analysis of the bytes of a Python file (from disk, or from a git revision).

    `migration_files` reads a migration's siblings, and `protection` asks for the
    file's protection settings too (both for --diff at REV).
    """
    try:
        source = decode_python(data)
        tree = parse_python(source, display_path)
        settings = _python_protection(tree) if protection else None
    except SourceError as error:
        return FileAnalysis(errors=(FileError(display_path, str(error)),))
    except RecursionError:
        return FileAnalysis(errors=(FileError(display_path, TOO_DEEP),))
    except Exception as error:  # noqa: BLE001 -- a bug of ours must not stop the whole run
        return FileAnalysis(errors=(internal_error(display_path, error),))
    def read() -> tuple[list[Finding], FileFacts]:
        findings, facts = analyser.read_tree(tree, display_path, migration_files)
        return with_unused_noqa(findings, source, display_path, False, analyser), facts

    outcome = _guarded(display_path, read)
    if isinstance(outcome, FileError):
        return FileAnalysis(errors=(outcome,), protection=settings, text=source)
    findings, facts = outcome
    reported, suppressed = review_findings(findings, source, False, analyser.settings.require_reason)
    return FileAnalysis(tuple(reported), tuple(suppressed), (), facts, settings, source)


def with_unused_noqa(findings: list[Finding], text: str, path: str, sql: bool, analyser: Analyser) -> list[Finding]:
    """`findings` and, after them, a NEV001 for each NEV code of a noqa comment that silences none
    of them (review/unused_noqa.py). Before noqa is applied: a noqa listing NEV001 can silence one."""
    if not mentions_noqa(text):  # the usual case costs one search of the text
        return findings
    from flake8_neveragain.review.unused_noqa import unused_noqa_findings  # only files with a noqa comment pay

    return [*findings, *unused_noqa_findings(findings, text, path, sql, analyser.settings.docs_url)]


def _python_protection(tree: ast.Module) -> tuple[SettingFact, ...]:
    try:
        return tuple(encryption.python_protection_settings(tree))
    except RecursionError:  # code too nested to survey protects nothing --diff can compare
        return ()


def analyse_tree(
    tree: ast.Module, display_path: str, analyser: Analyser, migration_files: MigrationFiles | None = None
) -> tuple[list[Finding], list[FileError]]:
    """Findings for a parsed tree, or the one error line that says why there are none.

    The flake8 plugin goes through here with flake8's tree (the CLI through the same
    guard), so a bug of ours costs one file one line in either, never the whole run.
    """
    outcome = _guarded(display_path, lambda: analyser.findings_for_tree(tree, display_path, migration_files))
    return ([], [outcome]) if isinstance(outcome, FileError) else (outcome, [])


def _guarded(display_path: str, analyse: Callable[[], Result]) -> Result | FileError:
    """`analyse()`, or the one error line that says why it could not finish."""
    try:
        return analyse()
    except RecursionError:
        return FileError(display_path, TOO_DEEP)
    except Exception as error:  # noqa: BLE001 -- a bug of ours costs one file one line, not the run
        return internal_error(display_path, error)


def decode_sql(data: bytes) -> str:
    """SQL files have no encoding cookie: UTF-8 (with or without BOM), or an error."""
    if b"\0" in data:
        raise SourceError("contains null bytes; is it a binary file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"cannot decode as UTF-8 at byte {error.start}; is the file text?") from None


def analyse_sql_file(path: Path, display_path: str, analyser: Analyser) -> FileAnalysis:
    try:
        data = path.read_bytes()
    except OSError as error:
        return FileAnalysis(errors=(FileError(display_path, f"cannot read: {error.strerror or error}"),))
    return analyse_sql_source(data, display_path, analyser)


def analyse_sql_source(data: bytes, display_path: str, analyser: Analyser, protection: bool = False) -> FileAnalysis:
    """The analysis of the bytes of an SQL file (from disk, or from a git revision);
    `protection` asks for its protection settings too (for --diff)."""
    try:
        text = decode_sql(data)
    except SourceError as error:
        return FileAnalysis(errors=(FileError(display_path, str(error)),))
    settings = None
    try:
        if protection:
            settings = tuple(encryption.sql_protection_settings(text))
        findings, facts, problems = analyser.read_sql(text, display_path)
        findings = with_unused_noqa(findings, text, display_path, True, analyser)
    except Exception as error:  # noqa: BLE001 -- a bug of ours must not stop the whole run
        return FileAnalysis(errors=(internal_error(display_path, error),), protection=settings, text=text)
    reported, suppressed = review_findings(findings, text, True, analyser.settings.require_reason)
    errors = tuple(FileError(display_path, problem) for problem in problems)
    return FileAnalysis(tuple(reported), tuple(suppressed), errors, facts, settings, text)


def internal_error(display_path: str, error: Exception) -> FileError:
    message = f"internal error while analysing ({type(error).__name__}: {error}); please report it"
    return FileError(display_path, message)
