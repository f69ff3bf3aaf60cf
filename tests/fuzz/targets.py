"""The entry points under test, each called in-process the way its front door calls it.

Every target takes the bytes of one input and returns an `Outcome`; an
exception out of a target is an escape (the harness catches it). Targets are
built once per process: the analyser (and its lexicon) is reused across inputs.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import shutil
import tempfile
import time
import tokenize
import traceback
from argparse import Namespace
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from flake8_neveragain import engine
from flake8_neveragain.config.selection import CodeSelection
from flake8_neveragain.config.settings import ConfigError, Settings, load_config
from flake8_neveragain.engine import (
    Analyser,
    SourceError,
    analyse_python_source,
    analyse_sql_source,
)
from flake8_neveragain.findings import FileError, Finding
from flake8_neveragain.plugin import NeverAgainChecker
from flake8_neveragain.review import baseline as baseline_module
from flake8_neveragain.review import noqa

from .checks import (
    Failure,
    Outcome,
    bad_positions,
    leaks,
    names_holding,
    parses,
    quiet_parse,
    shape,
    where,
)
from .vocab import SECRET

# Characters str.splitlines() breaks at and Python does not: failures next to them are d07's class.
ODD_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
ALL_CODES = ("NEV101", "NEV102", "NEV103", "NEV104", "NEV105", "NEV106", "NEV201", "NEV202", "NEV203",
             "NEV301", "NEV302")
_internal_tracebacks: list[str] = []


def _record_internal_errors() -> None:
    """Keep the traceback of each error `engine` turns into an "internal error" entry.

    The entry itself only names the exception; the traceback says where to fix it.
    """
    original = engine.internal_error
    if getattr(original, "fuzz_hook", False):
        return

    def internal_error(display_path: str, error: Exception) -> FileError:
        _internal_tracebacks.append(f"{type(error).__name__}@{where(error.__traceback__)}\n"
                                    + "".join(traceback.format_exception(error))[-4000:])
        return original(display_path, error)

    internal_error.fuzz_hook = True  # type: ignore[attr-defined]
    engine.internal_error = internal_error


_record_internal_errors()


@cache
def analyser() -> Analyser:
    return Analyser(Settings())


def tag(text: str) -> str:
    """A suffix for signatures that separates the known odd-character (d07) and CR (d16) classes."""
    marks = []
    if ODD_SEPARATORS.search(text):
        marks.append("odd-separators")
    if re.search(r"\r(?!\n)", text):
        marks.append("cr-only" if "\n" not in text else "lone-cr")
    return f" [{', '.join(marks)}]" if marks else ""


def finding_rows(findings: Sequence[Finding]) -> tuple[tuple[Any, ...], ...]:
    return tuple(sorted((f.line, f.column, f.end_line, f.end_column, f.code, f.symbol, f.message, f.evidence)
                        for f in findings))


def error_failures(target: str, errors: Sequence[FileError], source: str | None) -> list[Failure]:
    """Error entries are the documented path, except those that hide a bug of ours."""
    failures = []
    for error in errors:
        message = error.message
        if message.startswith("internal error"):
            trace = _internal_tracebacks[-1] if _internal_tracebacks else message
            failures.append(Failure(target, "internal", f"internal:{trace.splitlines()[0]}", trace))
        elif "could not be analysed" in message and re.search(r"\(\w*(Error|Exception)\b|\(\w+\(", message):
            failures.append(Failure(target, "swallowed", f"swallowed:{shape(message)}", message))
        elif message.startswith("too deeply nested to analyse") and source is not None and _compiles(source):
            # Valid Python the compiler accepts, dropped whole: d08's class of lost findings.
            failures.append(Failure(target, "lost-file", "lost-file:too deeply nested to analyse", message))
    _internal_tracebacks.clear()
    return failures


def _compiles(source: str) -> bool:
    return parses(source, compile_too=True)


def decoded_python(data: bytes) -> str | None:
    try:
        return engine.decode_python(data)
    except SourceError:
        return None


def decoded_sql(data: bytes) -> str | None:
    try:
        return engine.decode_sql(data)
    except SourceError:
        return None


def python_file(data: bytes) -> Outcome:
    """`neveragain check` on one Python file (engine.analyse_python_source, as the runner calls it)."""
    analysis = analyse_python_source(data, "fuzz.py", analyser())
    source = decoded_python(data)
    return _file_outcome("python", analysis.findings, analysis.errors, source,
                         error_failures("python", analysis.errors, source), ())


def sql_file(data: bytes) -> Outcome:
    """`neveragain check` on one SQL file (engine.analyse_sql_source)."""
    analysis = analyse_sql_source(data, "fuzz.sql", analyser())
    text = decoded_sql(data)
    return _file_outcome("sql", analysis.findings, analysis.errors, text,
                         error_failures("sql", analysis.errors, None), names_holding(SECRET, text))


def _file_outcome(target: str, findings: Sequence[Finding], errors: Sequence[FileError], text: str | None,
                  failures: list[Failure], names: Sequence[str]) -> Outcome:
    """What one file's analysis gave, and what is wrong with it: positions outside the text, leaks."""
    if text is not None:
        failures += bad_positions(target, ((f.line, f.column, f.end_line, f.end_column) for f in findings), text)
    failures += leaks(target, SECRET, ((f"{f.code}.{part}", getattr(f, part)) for f in findings
                                       for part in ("message", "symbol", "evidence")), names)
    return Outcome((finding_rows(findings), tuple(e.message for e in errors)), failures)


# --- flake8 -------------------------------------------------------------------------------

FLAKE8_OPTIONS = Namespace(hang_closing=False, indent_size=4, max_line_length=79, max_doc_length=None,
                           disable_noqa=False, stdin_display_name="stdin", verbose=0)


def flake8_lines(data: bytes) -> list[str]:
    """The lines flake8's FileProcessor reads: tokenize.open (universal newlines), latin-1 fallback."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return io.TextIOWrapper(io.BytesIO(data), encoding, line_buffering=True).readlines()
    except (SyntaxError, UnicodeError):
        return io.TextIOWrapper(io.BytesIO(data), "latin-1").readlines()


def flake8_kept(processor: Any, items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """(line, column, code, text) items flake8 would still report after its noqa handling."""
    from flake8.violation import Violation

    if processor.should_ignore_file():
        return []
    kept = []
    for line, column, code, text in items:
        physical = processor.noqa_line_for(line)
        if physical is None:  # flake8 falls back to linecache on the file itself
            physical = processor.lines[line - 1] if 0 < line <= len(processor.lines) else ""
        if not Violation(code, "fuzz.py", line, column + 1, text, physical).is_inline_ignored(False):
            kept.append((line, column, code, text))
    return kept


def flake8_plugin(data: bytes) -> Outcome:
    """The plugin as flake8 runs it: its own reading of the file, its tree, its noqa.

    Also the design's contract: both front doors give the same findings for the same file.
    """
    from flake8.processor import FileProcessor

    lines = flake8_lines(data)
    processor = FileProcessor("fuzz.py", FLAKE8_OPTIONS, lines=list(lines))
    tree = quiet_parse("".join(processor.lines))  # what processor.build_ast() does
    if tree is None:
        return Outcome(("E999",))  # flake8 reports the file itself; plugins never run
    start = time.perf_counter()
    results = list(NeverAgainChecker(tree, "fuzz.py", list(processor.lines)).run())
    seconds = time.perf_counter() - start  # the 2-second bound is the plugin's, not the comparison's
    items = [(line, column, text.split(" ", 1)[0], text) for line, column, text, _ in results]
    failures = bad_positions("flake8-plugin", ((line, column + 1, line, column + 1) for line, column, _, _ in items),
                             "".join(processor.lines))
    failures += leaks("flake8-plugin", SECRET, (("text", text) for _, _, _, text in items))
    kept = sorted(flake8_kept(processor, items))
    analysis = analyse_python_source(data, "fuzz.py", analyser())
    if not analysis.errors:
        cli = sorted((f.line, f.column - 1, f.code, f"{f.code} {f.message}") for f in analysis.findings)
        if cli != kept:
            how = difference(cli, kept, "cli-only", "flake8-only")
            failures.append(Failure("flake8-plugin", "mismatch", f"flake8-vs-cli:{how}{tag(data.decode('utf-8', 'replace'))}",
                                    f"neveragain check: {cli}\nflake8: {kept}"))
    return Outcome(tuple(kept), failures, seconds)


def difference(left: list[Any], right: list[Any], left_name: str, right_name: str) -> str:
    """Which side has findings the other lacks: one name, or both (a finding moved or changed).

    Codes stay out of it: the same defect on other inputs hits other codes.
    """
    only_left = any(item not in right for item in left)
    only_right = any(item not in left for item in right)
    return "+".join(name for name, differs in ((left_name, only_left), (right_name, only_right)) if differs) or "order"


# --- noqa ---------------------------------------------------------------------------------

NOQA_CODES = ("NEV101", "NEV102", "NEV203")


def noqa_comments(data: bytes) -> Outcome:
    """The CLI's noqa (review/noqa.py) against flake8's own, line by line; SQL against a plain line split."""
    source = decoded_python(data)
    if source is None:
        return Outcome(("undecodable",))
    noqa.line_texts(source)  # must not raise on any text
    failures: list[Failure] = []
    lines = flake8_lines(data)
    # Unparsable: flake8 reports E999 and never applies noqa to our codes.
    parsed = parses("".join(lines))
    ours: list[tuple[int, int, str, str]] = []
    if parsed:
        from flake8.processor import FileProcessor

        items = [(line, 0, code, code) for line in range(1, len(lines) + 1) for code in NOQA_CODES]
        ours = sorted(noqa.remove_suppressed(items, source, lambda i: i[0], lambda i: i[2]))
        theirs = sorted(flake8_kept(FileProcessor("fuzz.py", FLAKE8_OPTIONS, lines=list(lines)), items))
        if ours != theirs:
            how = difference(ours, theirs, "cli-reports", "flake8-reports")
            failures.append(Failure("noqa", "mismatch", f"noqa-vs-flake8:{how}{tag(source)}",
                                    f"kept by the CLI, not flake8: {sorted(set(ours) - set(theirs))[:10]}\n"
                                    f"kept by flake8, not the CLI: {sorted(set(theirs) - set(ours))[:10]}"))
    failures += _sql_noqa(source)
    return Outcome((tuple(ours), parsed), failures)


def _sql_noqa(text: str) -> list[Failure]:
    """SQL lines end at \\r\\n, \\r or \\n only, as the SQL positions count them."""
    sql_lines = re.split(r"\r\n?|\n", text)
    items = [(line, code) for line in range(1, len(sql_lines) + 1) for code in NOQA_CODES]
    ours = noqa.remove_suppressed_sql(items, text, lambda i: i[0], lambda i: i[1])
    expected = [item for item in items
                if noqa.suppression_for(item[1], sql_lines[item[0] - 1], noqa.SQL_NOQA_INLINE) is None]
    if ours != expected and "noqa" in text.lower():
        how = difference(ours, expected, "cli-reports", "expected")
        return [Failure("noqa", "mismatch", f"sql-noqa-line:{how}{tag(text)}",
                        f"kept: {ours[:10]}\nexpected: {expected[:10]}")]
    return []


# --- configuration and baseline -------------------------------------------------------------

@cache
def scratch() -> Path:
    """A private folder per process for the files the loaders insist on reading from disk."""
    return Path(tempfile.mkdtemp(prefix="neveragain-fuzz-"))


@cache
def empty_folder() -> Path:
    """A folder with no pyproject.toml in it or above it (not under scratch(), which has one)."""
    return Path(tempfile.mkdtemp(prefix="neveragain-fuzz-empty-"))


SAMPLE_PY = b"from django.db import models\nclass P(models.Model):\n    race = models.CharField()  # noqa: NEV102\n"
SAMPLE_SQL = b"CREATE TABLE person (religion text, konfession text); -- noqa: NEV103\n"


def pyproject(data: bytes) -> Outcome:
    """[tool.neveragain] loading (config/settings.py's load_config), then a run with the settings it gave.

    ConfigError is the documented failure (one line, exit 2); ValueError only from the
    lexicon's extra terms, which both front doors turn into a usage error.
    """
    path = scratch() / "pyproject.toml"
    path.write_bytes(data)
    try:
        settings = load_config(path)
    except ConfigError as error:
        return Outcome(("config-error", shape(str(error))))
    try:
        configured = Analyser(settings)
    except ValueError as error:
        return Outcome(("lexicon-error", shape(str(error))))
    selection = CodeSelection(settings.select, settings.extend_select, settings.ignore, settings.extend_ignore)
    selected = tuple(code for code in ALL_CODES if selection.is_selected(code))
    failures = []
    rows = []
    for run, sample in ((analyse_python_source, SAMPLE_PY), (analyse_sql_source, SAMPLE_SQL)):
        analysis = run(sample, "sample", configured)
        failures += error_failures("config", analysis.errors, None)
        rows.append(finding_rows(analysis.findings))
    return Outcome((selected, tuple(rows)), failures)


@cache
def sample_findings() -> tuple[Finding, ...]:
    return analyse_python_source(
        b"from django.db import models\nclass Person(models.Model):\n    race = models.CharField()\n"
        b"    religion = models.CharField()\n", "app/models.py", analyser()).findings


def baseline_file(data: bytes) -> Outcome:
    """baseline.load on any bytes: a Baseline, or one ConfigError line; what it writes it reads back."""
    path = scratch() / "baseline.json"
    path.write_bytes(data)
    try:
        known = baseline_module.load(path)
    except ConfigError as error:
        return Outcome(("config-error", shape(str(error))))
    new, matched = known.split(list(sample_findings()))
    stale = known.stale(list(sample_findings()), baseline_module.scope_of(["app/models.py"], ["."]))
    path.write_bytes(baseline_module.dumps(known.entries))
    failures = []
    if baseline_module.load(path).entries != known.entries:
        failures.append(Failure("baseline", "mismatch", "baseline:round-trip",
                                f"entries {dict(known.entries)} do not survive dumps/load"))
    return Outcome((len(new), len(matched), sum(stale.values())), failures)


def flake8_options(data: bytes) -> Outcome:
    """The plugin's option handling (parse_options), then a run: ExecutionError is flake8's one-line error."""
    from flake8.exceptions import ExecutionError

    options = Namespace(**json.loads(data))
    # The plugin keeps its configuration on the class; the other targets run with the defaults.
    saved = (NeverAgainChecker._projects, NeverAgainChecker._analysers)
    try:
        with contextlib.chdir(empty_folder()):
            NeverAgainChecker.parse_options(None, options, [])
            results = list(NeverAgainChecker(ast.parse(SAMPLE_PY), "sample.py").run())
    except ExecutionError as error:
        return Outcome(("execution-error", shape(str(error))))
    finally:
        NeverAgainChecker._projects, NeverAgainChecker._analysers = saved
    return Outcome(tuple(results))


TARGETS: dict[str, Callable[[bytes], Outcome]] = {
    "python": python_file,
    "flake8-plugin": flake8_plugin,
    "sql": sql_file,
    "noqa": noqa_comments,
    "config": pyproject,
    "baseline": baseline_file,
    "flake8-options": flake8_options,
}


def cleanup() -> None:
    """Remove this process's scratch folder (the campaign's workers call it on exit)."""
    shutil.rmtree(scratch(), ignore_errors=True)
    shutil.rmtree(empty_folder(), ignore_errors=True)
