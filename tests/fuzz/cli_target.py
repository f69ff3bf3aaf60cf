"""`neveragain` end to end, in-process: `main([...])` on a small generated project.

A case is a JSON document (argv plus files) so the campaign can save and replay it
like any other input. Beyond "no exception", the CLI's contracts are checked:
the exit status (design.md), the JSON report's shape and lines, no planted value in
any output, and two round trips: `baseline` then `check` reports nothing new, and
`review --add-noqa` then `check` reports nothing at all.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import shutil
import tempfile
import time
from argparse import Namespace
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from flake8_neveragain.cli.main import build_parser, main
from flake8_neveragain.rules.registry import NEV001

from .checks import Failure, Outcome, line_count, parses
from .targets import ALL_CODES, decoded_python, decoded_sql
from .vocab import SECRET

TARGET = "cli"


@dataclass
class Project:
    argv: list[str]
    files: dict[str, bytes]

    def dumps(self) -> bytes:
        files = {name: base64.b64encode(data).decode() for name, data in self.files.items()}
        return json.dumps({"argv": self.argv, "files": files}, indent=1).encode()

    @classmethod
    def loads(cls, data: bytes) -> Project:
        document = json.loads(data)
        return cls(document["argv"], {name: base64.b64decode(text) for name, text in document["files"].items()})


def run_main(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    """main() with its output captured; SystemExit (argparse) counts as its status."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 2
    return status, out.getvalue(), err.getvalue()


def write_project(project: Project, root: Path) -> None:
    for name, data in project.files.items():
        path = root / os.fsdecode(os.fsencode(name))  # names may hold bytes that are not UTF-8
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def cli_case(data: bytes) -> Outcome:
    project = Project.loads(data)
    root = Path(tempfile.mkdtemp(prefix="neveragain-cli-"))
    try:
        write_project(project, root)
        return _check(project, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _fail(kind: str, signature: str, detail: str) -> list[Failure]:
    return [Failure(TARGET, kind, f"cli:{signature}", detail)]


def parsed(argv: list[str]) -> Namespace | None:
    """The arguments as the CLI's own parser reads them (None: a usage error, exit 2)."""
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            return build_parser(argv[0]).parse_args(argv)
    except SystemExit:
        return None


def _check(project: Project, root: Path) -> Outcome:
    argv = project.argv
    args = parsed(argv)
    start = time.perf_counter()
    status, out, err = run_main(argv, root)
    seconds = time.perf_counter() - start  # the bound is for this run, not the round trips below
    failures: list[Failure] = []
    if "Traceback" in err or status not in (0, 1, 2):
        failures += _fail("escape", f"{argv[0]}:traceback-or-status-{status}", err[-3000:])
    if args is None:
        return Outcome((status,), failures)
    failures += _exit_contract(project, args, status, err)
    if args.command in ("check", "inventory") and status != 2:
        failures += _no_leak(args.command, out + err, root)
        if args.output and (root / args.output).is_file():
            out = (root / args.output).read_text("utf-8", "replace")
        if getattr(args, "format", None) in ("json", "sarif"):
            failures += _json_report(project, args, root, out, status)
        failures += _shape(args.format, out)
    if args.command == "baseline" and status == 0 and not (args.check or args.prune):
        failures += _round_trip(project, args, root)
    if args.command == "review" and status == 0 and not args.dry_run and not _reason_required(project, args):
        failures += _round_trip(project, args, root)
    # The temporary folder's name is the only thing that may differ between two runs.
    return Outcome((status, out.replace(str(root), "<root>"), err.replace(str(root), "<root>")), failures, seconds)


def _exit_contract(project: Project, args: Namespace, status: int, err: str) -> list[Failure]:
    """design.md: 2 for a missing path or a selector naming no rule."""
    if any(path not in project.files and not _is_folder(project, path) for path in args.paths) and status != 2:
        return _fail("exit-status", "missing-path-not-2", f"status {status} for {project.argv}\n{err[-500:]}")
    for value in (args.select, args.extend_select):
        selectors = [s.strip().upper() for s in (value or "").split(",") if s.strip()]
        if any(not any(code.startswith(s) for code in ALL_CODES) for s in selectors) and status != 2:
            return _fail("exit-status", "unknown-selector-not-2", f"status {status} for {project.argv}")
    return []


def _is_folder(project: Project, path: str) -> bool:
    return path in (".", "./") or any(name.startswith(path.rstrip("/") + "/") for name in project.files)


def _reason_required(project: Project, args: Namespace) -> bool:
    configured = b"require-reason = true" in project.files.get("pyproject.toml", b"")
    return (bool(args.require_reason) or configured) and not args.reason


def _no_leak(command: str, text: str, root: Path) -> list[Failure]:
    written = [path for path in root.rglob("*.json") if path.name != "pyproject.toml"]
    texts = [text, *(path.read_text("utf-8", "replace") for path in written)]
    if any(SECRET in part for part in texts):
        line = next(line for part in texts for line in part.splitlines() if SECRET in line)
        return _fail("leak", f"{command}:leak", line[:400])
    return []


def _json_report(project: Project, args: Namespace, root: Path, out: str, status: int) -> list[Failure]:
    try:
        report = json.loads(out)
    except ValueError as error:
        return _fail("bad-output", "report-not-json", f"{error}: {out[:300]!r}")
    if args.format == "sarif":
        return _sarif_valid(report)
    if args.command != "check":
        return []
    findings, errors = report["findings"], report["errors"]
    failures: list[Failure] = []
    keys = [(f["path"], f["line"], f["column"], f["code"]) for f in findings]
    if keys != sorted(keys):
        failures += _fail("bad-output", "findings-not-sorted", str(keys[:10]))
    if status != (0 if args.exit_zero or not (findings or errors) else 1):
        failures += _fail("exit-status", "status-vs-report", f"status {status}, {len(findings)} findings, "
                          f"{len(errors)} errors, argv {project.argv}")
    failures += _lines_in_files(project, findings)
    failures += _unparsed_files_reported(project, args.paths, errors)
    return failures


# A report line for each format: one finding (or error) per line, whatever the names hold (d15's class).
TEXT_LINE = re.compile(r"^.*:\d+:\d+: NEV\d{3} |^.*: error: ")
GITHUB_LINE = re.compile(r"^::(notice|warning|error) |^neveragain: ")
UNSAFE_TAGS = {"script", "img", "iframe", "svg", "object", "embed", "form", "input"}  # its own <style> is fine


def _shape(fmt: str, out: str) -> list[Failure]:
    """Output keeps its shape: a line per finding (text, github), whole tables (markdown), no markup (html)."""
    lines = [line for line in out.split("\n") if line]
    pattern = {"text": TEXT_LINE, "github": GITHUB_LINE}.get(fmt)
    if pattern is not None:
        bad = next((line for line in lines if not pattern.match(line)), None)
        if bad is not None:
            return _fail("bad-output", f"{fmt}-line-split", repr(bad[:300]))
    if fmt == "markdown":
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in lines if line.startswith("| ") and "---" not in line}
        cells = [line for line in lines if line.startswith("|")]
        if any(not line.rstrip().endswith("|") for line in cells):
            return _fail("bad-output", "markdown-row-split", repr(next(row for row in cells if not row.rstrip().endswith("|"))))
        if len(widths) > 2:  # the summary table and the per-table tables differ; a third width is a broken row
            return _fail("bad-output", "markdown-cells", f"rows with {sorted(widths)} cells")
    if fmt == "html":
        tags = _tags(out)
        if tags & UNSAFE_TAGS or "javascript:" in out.lower():
            return _fail("bad-output", "html-markup", f"tags {sorted(tags & UNSAFE_TAGS)}")
    return []


def _tags(html: str) -> set[str]:
    from html.parser import HTMLParser

    found: set[str] = set()

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.add(tag)

    Collector().feed(html)
    return found


@cache
def _sarif_validator() -> Any:
    """The SARIF 2.1.0 schema from the shared folder beside the repo (as tests/test_reports.py), if there."""
    schema = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if not schema.is_file():
        return None
    from jsonschema import Draft4Validator

    return Draft4Validator(json.loads(schema.read_text("utf-8")))


def _sarif_valid(report: Any) -> list[Failure]:
    validator = _sarif_validator()
    error = None if validator is None else next(iter(validator.iter_errors(report)), None)
    return [] if error is None else _fail("bad-output", "sarif-schema", f"{error.message[:300]} at {list(error.path)}")


def _lines_in_files(project: Project, findings: list[dict[str, Any]]) -> list[Failure]:
    for finding in findings:
        data = project.files.get(finding["path"])
        if data is None:
            continue
        text = decoded_sql(data) if finding["path"].endswith((".sql", ".ddl")) else decoded_python(data)
        lines = line_count(text or "")
        if not 1 <= finding["line"] <= finding["end_line"] <= max(lines, 1):
            return _fail("bad-line", "finding-outside-file", f"{finding} in a file of {lines} lines")
    return []


def _unparsed_files_reported(project: Project, paths: list[str], errors: list[dict[str, Any]]) -> list[Failure]:
    """design.md: a file that cannot be read or parsed is an `errors` entry (and status 1).

    Counted, not matched by name: a name that is not UTF-8 is printed escaped.
    """
    if any(name.endswith(("pyproject.toml", "neveragain.toml")) for name in project.files):  # excludes may skip files
        return []
    if ".git/HEAD" in project.files:  # git's ignore files may skip files (respect-gitignore)
        return []
    unparsable = []
    for name, data in project.files.items():
        if name.endswith(".py") and ("." in paths or name in paths):
            source = decoded_python(data)
            if source is None or not parses(source):
                unparsable.append(name)
    if len(errors) < len(unparsable):
        return _fail("exit-status", "unparsable-file-not-an-error",
                     f"{unparsable} cannot be parsed; errors: {errors}")
    return []


# Options of `baseline` and `review` that `check` takes with the same meaning.
SHARED_OPTIONS = ("select", "extend_select", "ignore", "extend_ignore", "exclude", "extend_exclude",
                  "extra_terms", "allow_names", "config", "baseline", "per_file_ignores", "extend_per_file_ignores")
# Switches with a --no- form (argparse.BooleanOptionalAction): None when not given.
SHARED_SWITCHES = ("force_exclude", "respect_gitignore")


def _round_trip(project: Project, args: Namespace, root: Path) -> list[Failure]:
    """What `baseline` recorded, or `review --add-noqa` silenced, is not reported by the next `check`."""
    command = args.command
    options = [word for name in SHARED_OPTIONS if getattr(args, name, None) is not None
               for word in (f"--{name.replace('_', '-')}", getattr(args, name))]
    flags = ["--isolated"] * bool(args.isolated) + ["--no-baseline"] * bool(getattr(args, "no_baseline", False))
    for name in SHARED_SWITCHES:
        value = getattr(args, name, None)
        if value is not None:
            flags.append(f"--{'' if value else 'no-'}{name.replace('_', '-')}")
    status, out, err = run_main(["check", "--format", "json", "--jobs", "1", *options, *flags, *args.paths], root)
    if "Traceback" in err or status == 2:
        return _fail("escape", f"{command}-then-check", err[-3000:])
    # A NEV001 (a noqa that silences nothing) is fixed by removing the comment: review --add-noqa leaves it.
    findings = [finding for finding in json.loads(out)["findings"] if command != "review" or finding["code"] != NEV001]
    if findings:
        return _fail("mismatch", f"{command}-then-check-reports",
                     f"{len(findings)} findings after {command}: {findings[0]}")
    return []

