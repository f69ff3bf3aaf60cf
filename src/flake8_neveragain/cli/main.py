"""The `neveragain` command line: `check`, `baseline`, `review` and `inventory`."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from flake8_neveragain import __version__
from flake8_neveragain.cli import helptext
from flake8_neveragain.cli.runner import check_paths, sql_test
from flake8_neveragain.config.projects import Project, Projects, baseline_location
from flake8_neveragain.config.settings import (
    ConfigError,
    Settings,
    anchor_ignores,
    anchor_patterns,
    check_docs_url,
    merge_terms,
    parse_codes,
    parse_term_pairs,
    per_file_ignores,
    with_overrides,
)
from flake8_neveragain.files.pathtext import one_line
from flake8_neveragain.reports import FORMATS, RunResult, render
from flake8_neveragain.reports.text import TextOptions, error_line, render_text, statistics_lines
from flake8_neveragain.rules.registry import NEV102, NEV104, NEV201

if TYPE_CHECKING:
    from flake8_neveragain.findings import Finding
    from flake8_neveragain.review.baseline import Baseline

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
NEV1XX = NEV102[:4]  # a prefix, for examples
STDIN = "-"  # the path that means standard input, as in flake8 and ruff


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    """Options every subcommand that runs the checker shares with `check`."""
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to check (default: .)")
    parser.add_argument("--select", metavar="CODES", help="comma-separated codes or prefixes to report (replaces the default)")
    parser.add_argument("--extend-select", metavar="CODES", help=f"codes to report in addition, e.g. {NEV104}")
    parser.add_argument("--ignore", metavar="CODES", help="codes or prefixes not to report (replaces the default ignore list)")
    parser.add_argument("--extend-ignore", metavar="CODES", help="codes not to report, in addition to the defaults")
    parser.add_argument("--exclude", metavar="PATTERNS", help="comma-separated glob patterns of paths to skip")
    parser.add_argument("--extend-exclude", metavar="PATTERNS", help="patterns to skip in addition to the configured ones")
    parser.add_argument("--force-exclude", action=argparse.BooleanOptionalAction, default=None,
                        help="apply the excludes to files named on the command line too, as pre-commit names them "
                             "(default: off, or force-exclude in the configuration)")
    parser.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=None,
                        help="skip what git ignores (.gitignore, .git/info/exclude) when walking folders (default: on)")
    parser.add_argument("--per-file-ignores", metavar="PAIRS",
                        help=f"codes not to report in some files, as flake8 writes them: 'tests/*:{NEV1XX} legacy.py:{NEV102}' "
                             "(replaces the configured ones)")
    parser.add_argument("--extend-per-file-ignores", metavar="PAIRS",
                        help="per-file ignores in addition to the configured ones")
    parser.add_argument("--extra-terms", metavar="PAIRS", help="extra lexicon terms as category=term pairs, comma-separated")
    parser.add_argument("--allow-names", metavar="PATTERNS", help="names or Model.field globs never to report")
    parser.add_argument("--docs-url", metavar="URL", help="base URL (http or https) of the rule pages in messages")
    parser.add_argument("--require-reason", action="store_true", default=None,
                        help="a noqa that silences a NEV finding must give a reason (`-- reviewed: ...`); "
                             "without one the finding is reported")
    parser.add_argument("--config", metavar="FILE",
                        help="the configuration for every checked file: [tool.neveragain] of FILE, or its top level if "
                             "it is named neveragain.toml (default: the nearest .neveragain.toml, neveragain.toml "
                             "or pyproject.toml with [tool.neveragain] above each file)")
    parser.add_argument("--isolated", action="store_true", help="ignore configuration files")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: number of CPUs)")


INVENTORY_FORMATS = ("markdown", "html", "json")  # reports/inventory.py renders them


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check", help="check files and directories (default: .)",
        # The rules and the exit statuses, printed as built (one per line).
        epilog=helptext.epilog(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.set_defaults(handler=run_check)
    _add_run_options(check)
    # --output-format is ruff's name for the same choice; resolved in _output_format.
    check.add_argument("--format", choices=FORMATS, help="output format (default: text)")
    check.add_argument("--output-format", choices=FORMATS, help="the same as --format (ruff's name for it)")
    check.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    # The next four are named and mean what they do in flake8 and ruff; they shape the text format.
    check.add_argument("--quiet", "-q", action="store_true",
                       help="print findings (and files that could not be checked), nothing else: "
                            "no summary or notes on stderr")
    check.add_argument("--statistics", action="store_true",
                       help="after the findings, a count per code, as flake8 prints it "
                            "(on stderr with a format other than text)")
    check.add_argument("--show-source", action="store_true",
                       help="under each finding, its source line and a caret under the column (text format)")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the text format: auto (default) colours on a terminal unless NO_COLOR is set")
    check.add_argument("--baseline", metavar="FILE",
                       help="report only findings not in this baseline (default: .neveragain-baseline.json if present)")
    check.add_argument("--no-baseline", action="store_true", help="ignore any baseline and report every finding")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when there are findings or files that could not be checked")
    check.add_argument("--stdin-filename", "--stdin-display-name", metavar="NAME",
                       help="the file name of what `-` (standard input) holds: for reports, its configuration, "
                            "SQL or Python, and --force-exclude (ruff's and flake8's names; default: stdin)")
    check.add_argument("--diff", metavar="REV",
                       help="report only findings new since git revision REV (a branch, tag or commit; "
                            f"`main...` means where this branch left main), and {NEV201} where encryption "
                            "was weakened since; reads only the files changed since REV")


def _add_baseline(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    baseline = commands.add_parser(
        "baseline", help="record current findings in .neveragain-baseline.json, so `check` reports only new ones"
    )
    baseline.set_defaults(handler=run_baseline)
    _add_run_options(baseline)
    baseline.add_argument("--baseline", metavar="FILE", help="the baseline file (default: .neveragain-baseline.json)")
    mode = baseline.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="list baseline entries that are no longer found (exit 1 if any); write nothing")
    mode.add_argument("--prune", action="store_true", help="remove entries that are no longer found; never add new ones")


def _add_review(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    review = commands.add_parser("review", help="record reviews in the source: add reasoned noqa comments")
    review.set_defaults(handler=run_review)
    _add_run_options(review)
    review.add_argument("--add-noqa", action="store_true", required=True,
                        help="add `# noqa: NEVxxx -- reviewed: <reason>` on the line of each current finding")
    review.add_argument("--reason", metavar="TEXT",
                        help="the reason to write (default: a TODO placeholder that --require-reason still rejects)")
    review.add_argument("--dry-run", action="store_true", help="print the changes as a diff; write nothing")
    review.add_argument("--baseline", metavar="FILE", help="leave findings in this baseline alone")
    review.add_argument("--no-baseline", action="store_true", help="also add comments for findings in the baseline")


def _add_inventory(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    inventory = commands.add_parser(
        "inventory",
        help="list every sensitive field (also reviewed and baselined ones) by model or table",
        description="List every sensitive field the checker recognises, grouped by model or table: category, "
                    "code, fideslang key, framework, location, field-level encryption and review status. "
                    "Fields silenced by noqa and fields in the baseline are included; all six categories "
                    "are listed whatever --select says (it only sets the 'checked' column). "
                    "Data values are never read or printed.",
    )
    inventory.set_defaults(handler=run_inventory)
    _add_run_options(inventory)
    inventory.add_argument("--format", choices=INVENTORY_FORMATS, default="markdown",
                           help="output format (default: markdown)")
    inventory.add_argument("--output", "-o", metavar="FILE", help="write the inventory to FILE instead of standard output")
    inventory.add_argument("--baseline", metavar="FILE",
                           help="mark findings in this baseline as baselined (default: .neveragain-baseline.json if present)")
    inventory.add_argument("--no-baseline", action="store_true", help="ignore any baseline")


# The subcommands that run the checker, in the order the help lists them.
RUN_COMMANDS = {"check": _add_check, "baseline": _add_baseline, "review": _add_review, "inventory": _add_inventory}


def build_parser(command: str | None = None, only_command: bool = False) -> argparse.ArgumentParser:
    """The parser; `command` (the subcommand about to run, if known) lets a check skip unrelated imports.

    With `only_command`, a run subcommand is the only one added: building the
    others costs a few milliseconds, and only the top-level help shows them.
    """
    parser = argparse.ArgumentParser(
        prog="neveragain",
        description="Find schemas that record race, religion or national origin, and ask whether they should; "
                    "find code that turns encryption off.",
        # The rules and the exit statuses, printed as built (one per line); also keeps --version's lines.
        epilog=helptext.epilog(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=helptext.version_text(__version__))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for name, add in RUN_COMMANDS.items():
        if name == command or not (only_command and command in RUN_COMMANDS):
            add(commands)

    if command not in RUN_COMMANDS:  # a `check` in pre-commit need not import the rule pages
        from flake8_neveragain.cli.explain import add_subcommands  # `explain CODE` and `rules`

        add_subcommands(commands)
    return parser


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


class Run(NamedTuple):
    """What a subcommand runs with: every project's configuration, and the run-wide one."""

    projects: Projects
    # The project that decides run-wide choices (the baseline, --show-source's SQL suffixes).
    main: Project

    @property
    def settings(self) -> Settings:
        return self.main.settings


def _prepare(args: argparse.Namespace, adjust: Callable[[Settings], Settings] | None = None) -> Run:
    """Find the configuration of each checked path, lay the command line over each, and validate.

    `adjust`: a subcommand's own change to every project's settings (the inventory's selection).
    """
    _require_paths(args)
    if args.jobs is not None and args.jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    try:
        cwd = os.path.abspath(os.getcwd())
    except OSError as error:  # deleted under the shell: config, paths and reports all hang off it
        raise ConfigError(f"the current directory cannot be used: {error.strerror or error}") from None
    overrides = _command_line(args, cwd)
    check_selection = args.command != "inventory"  # the inventory lists every category whatever is selected

    def prepare(from_file: Settings) -> Settings:
        settings = overrides(from_file)
        if adjust is not None:
            settings = adjust(settings)
        elif check_selection:
            _check_selection(settings)
        _check_lexicon(settings)
        return settings

    if args.config is not None and not args.config.strip():
        raise ConfigError("--config: expected a file path, got an empty string")
    config = Path(args.config) if args.config and not args.isolated else None
    projects = Projects(prepare, fixed=config, isolated=args.isolated, cwd=cwd)
    main = projects.all[projects.shared_by(args.paths or ["."])]
    return Run(projects, main)


def _command_line(args: argparse.Namespace, cwd: str) -> Callable[[Settings], Settings]:
    """The command line's settings, as a function laid over each configuration file's.

    Lists that replace (--select, --exclude, --per-file-ignores) replace; those
    that extend add to the file's. Patterns are anchored at the CWD.
    """
    codes = {}
    for option in ("select", "extend_select", "ignore", "extend_ignore"):
        value = getattr(args, option)
        if value is not None:
            codes[option] = parse_codes("--" + option.replace("_", "-"), value)
    extra_terms = parse_term_pairs(_split(args.extra_terms) or ()) if args.extra_terms else None
    docs_url = None if args.docs_url is None else check_docs_url("--docs-url", args.docs_url)
    exclude = _split(args.exclude)
    extend_exclude = anchor_patterns(_split(args.extend_exclude) or (), cwd)
    ignores = None if args.per_file_ignores is None else per_file_ignores("--per-file-ignores", args.per_file_ignores)
    extend_ignores = per_file_ignores("--extend-per-file-ignores", args.extend_per_file_ignores or "")

    def overrides(settings: Settings) -> Settings:
        return with_overrides(
            settings,
            **codes,
            exclude=None if exclude is None else anchor_patterns(exclude, cwd),
            extend_exclude=(*settings.extend_exclude, *extend_exclude),
            per_file_ignores=(
                *(settings.per_file_ignores if ignores is None else anchor_ignores(ignores, cwd)),
                *anchor_ignores(extend_ignores, cwd),
            ),
            extra_terms=None if extra_terms is None else merge_terms(settings.extra_terms, extra_terms),
            allow_names=(*settings.allow_names, *(_split(args.allow_names) or ())),
            docs_url=docs_url,
            require_reason=args.require_reason,
            respect_gitignore=args.respect_gitignore,
            force_exclude=args.force_exclude,
        )

    return overrides


def _check_lexicon(settings: Settings) -> None:
    """Fail early, as a usage error, on extra terms the lexicon rejects."""
    from flake8_neveragain.classify.lexicon import load_lexicon

    try:
        load_lexicon(settings.extra_terms or None)
    except ValueError as error:
        raise ConfigError(f"extra terms: {error}") from None


def _check_selection(settings: Settings) -> None:
    """A run that can report nothing (`--select ""`, `--select NEV1 --ignore NEV1`) is a usage error."""
    from flake8_neveragain.config.selection import selects_nothing

    if selects_nothing(settings.select, settings.extend_select, settings.ignore, settings.extend_ignore):
        raise ConfigError("--select/--ignore (or select/ignore in the configuration) leave no rule selected; "
                          "nothing would be checked")


def _require_paths(args: argparse.Namespace) -> None:
    """A path named on the command line that does not exist is a usage error (exit 2), not a green run.

    `check --diff` is left to report it: a file deleted since REV is explained there.
    """
    if STDIN in args.paths or getattr(args, "stdin_filename", None) is not None:
        _check_stdin(args)
    if getattr(args, "diff", None) is not None:
        return
    from flake8_neveragain.cli.discovery import missing_paths

    missing = missing_paths([given for given in args.paths if given != STDIN])
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise ConfigError(f"{missing[0]}: no such file or directory{more}")


def _check_stdin(args: argparse.Namespace) -> None:
    """`-` reads the code to check from standard input: `check` only, and not with --diff.

    --stdin-filename alone means `-`, as in ruff.
    """
    if args.command != "check":
        raise ConfigError(f"`-` (standard input) is for `neveragain check`; `{args.command}` reads files")
    if args.diff is not None:
        raise ConfigError("--diff compares files with git; it cannot read standard input (`-`)")
    if STDIN not in args.paths:
        if args.paths:
            raise ConfigError("--stdin-filename names standard input: add `-` to the paths")
        args.paths = [STDIN]


def _load_baseline(args: argparse.Namespace, run: Run) -> Baseline | None:
    """The baseline `check` and `review` apply, loaded before the run so a broken one fails fast."""
    found = None if args.no_baseline else baseline_location(run.main, args.baseline)
    if found is None:
        return None  # the common case, without importing the baseline module
    from flake8_neveragain.review import baseline

    return baseline.load(found.path, found.anchor)


def _apply_baseline(result: RunResult, known: Baseline | None, current: Sequence[Finding] | None = None) -> RunResult:
    """Hide the findings `known` holds; count its stale entries.

    `current`: every finding the checked files hold now, when `result` reports only
    some of them (`--diff` reports the new ones; the old ones are not stale).
    """
    if known is None:
        return result
    from flake8_neveragain.reports import BaselineSummary
    from flake8_neveragain.review.baseline import scope_of

    new, matched = known.split(result.findings)
    scope = scope_of(result.checked_paths, result.checked_roots, (error.path for error in result.errors))
    stale = known.stale(result.findings if current is None else current, scope)
    summary = BaselineSummary(Path(known.path).as_posix(), len(matched), sum(stale.values()))
    return replace(result, findings=new, baseline=summary)


def _writable_output(args: argparse.Namespace, what: str) -> Path | None:
    """The --output path, checked before the run so a bad path fails fast (exit 2)."""
    if not args.output:
        return None
    from flake8_neveragain.files.output import check_writable

    output = Path(args.output)
    check_writable(output, what)
    return output


def _emit(report: str, output: Path | None, what: str) -> None:
    """Write the report to --output atomically, or to stdout."""
    if output is None:
        sys.stdout.write(report)
        sys.stdout.flush()
        return
    from flake8_neveragain.files.output import write_atomic

    write_atomic(output, report.encode("utf-8"), what)


def run_check(args: argparse.Namespace) -> int:
    run = _prepare(args)
    format = _output_format(args)
    output = _writable_output(args, "report")
    known = _load_baseline(args, run)
    paths = args.paths or ["."]
    if args.diff is not None:
        result, current = _check_diff(paths, run.projects, args.jobs, args.diff, args.quiet)
        result = _apply_baseline(result, known, current)
    else:
        stdin = None
        if STDIN in paths:
            from flake8_neveragain.cli.runner import StdinSource

            stdin = StdinSource(sys.stdin.buffer.read(), args.stdin_filename)
            paths = [given for given in paths if given != STDIN]
        result = _apply_baseline(check_paths(paths, run.projects, args.jobs, stdin), known)
    report, notes = _render_check(result, args, format, run.projects, output)
    _emit(report, output, "report")
    sys.stderr.write(notes)
    # A file that could not be checked (each one an `errors` entry) fails the run as a finding does.
    if args.exit_zero or not (result.findings or result.errors):
        return EXIT_CLEAN
    return EXIT_FINDINGS


def _output_format(args: argparse.Namespace) -> str:
    """--format, or ruff's --output-format: one choice under two names; two different answers are a usage error."""
    if args.format is not None and args.output_format is not None and args.format != args.output_format:
        raise ConfigError(f"--format {args.format} and --output-format {args.output_format} disagree; give one")
    chosen: str = args.format or args.output_format or "text"
    return chosen


def _use_color(choice: str, output: Path | None) -> bool:
    """flake8's --color: `always`, `never`, or `auto`: a terminal on stdout and NO_COLOR unset or empty.

    NO_COLOR (no-color.org) turns off only the default: `--color always` still
    colours, as in flake8, and as no-color.org lets a command-line switch do.
    """
    if choice == "always":
        return True
    if choice == "never" or output is not None:  # a report file is not a terminal
        return False
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _render_check(
    result: RunResult, args: argparse.Namespace, format: str, projects: Projects, output: Path | None
) -> tuple[str, str]:
    """(report, notes for stderr), shaped by --quiet, --statistics, --show-source and --color."""
    if format != "text":
        # Machine formats stay as they are, so they still parse: --show-source and
        # --color do not apply, --quiet drops the notes, statistics go to stderr.
        report, notes = render(result, format)
        if args.quiet:
            notes = ""
        if args.statistics:
            notes += "".join(line + "\n" for line in statistics_lines(result.findings))
        return report, notes
    color = _use_color(args.color, output)
    if not (color or args.quiet or args.statistics or args.show_source):
        return render(result, format)  # the plain report, byte for byte
    source = None
    if args.show_source:
        from flake8_neveragain.cli.showsource import finding_lines  # reads the files again: only on request

        source = finding_lines(result.findings, sql_test(projects), result.stdin_source)
    return render_text(result, TextOptions(color=color, source=source, statistics=args.statistics, quiet=args.quiet))


def _check_diff(
    paths: list[str], projects: Projects, jobs: int | None, revision: str, quiet: bool = False
) -> tuple[RunResult, tuple[Finding, ...]]:
    """The diff's result, and every finding the changed files hold now (for the baseline)."""
    from flake8_neveragain.diff.check import check_diff
    from flake8_neveragain.diff.gitrepo import GitError

    try:
        result, summary = check_diff(paths, projects, jobs, revision)
    except GitError as error:
        raise ConfigError(str(error)) from None
    if not quiet:
        noun = "file" if summary.files_changed == 1 else "files"
        sys.stderr.write(f"neveragain: --diff {revision}: {summary.files_changed} changed {noun} checked "
                         f"against {summary.commit[:10]}\n")
    return result, summary.current


def run_baseline(args: argparse.Namespace) -> int:
    from flake8_neveragain.files.output import check_writable, write_atomic
    from flake8_neveragain.review import baseline

    run = _prepare(args)
    location = baseline_location(run.main, args.baseline, for_writing=True)
    assert location is not None
    path, anchor = location
    # os.path.exists: a folder that cannot be searched is check_writable's to report, not a traceback.
    existing = baseline.load(path, anchor) if (args.check or args.prune or os.path.exists(path)) else None
    if not args.check:
        check_writable(path, "baseline")
    result = check_paths(args.paths or ["."], run.projects, args.jobs)
    for error in result.errors:
        sys.stderr.write(error_line(error) + "\n")
    scope = baseline.scope_of(result.checked_paths, result.checked_roots, (error.path for error in result.errors))
    where = path.as_posix()
    if args.check or args.prune:
        assert existing is not None
        stale = existing.stale(result.findings, scope)
        if args.check:
            for key in sorted(stale):
                times = f" ({stale[key]} times)" if stale[key] > 1 else ""
                line = f"{baseline.describe(key)}{times}: in the baseline but no longer found"
                sys.stdout.write(one_line(line) + "\n")
            count = sum(stale.values())
            noun = "entry" if count == 1 else "entries"
            hint = "; `neveragain baseline --prune` removes them" if count else ""
            sys.stderr.write(f"neveragain: {count} stale {noun} in {where}{hint}\n")
            return EXIT_FINDINGS if count else EXIT_CLEAN
        entries = existing.entries - stale
        write_atomic(path, baseline.dumps(entries, anchor), "baseline")
        count = sum(stale.values())
        sys.stderr.write(f"neveragain: removed {count} stale {'entry' if count == 1 else 'entries'} from {where}, "
                         f"{sum(entries.values())} remain\n")
        return EXIT_CLEAN
    # Entries outside the paths checked this time stay as they are.
    kept = Counter({k: v for k, v in existing.entries.items() if not scope.covers(k.path)}) if existing else Counter()
    entries = kept + baseline.entries_from(result.findings)
    write_atomic(path, baseline.dumps(entries, anchor), "baseline")
    count = sum(entries.values())
    sys.stderr.write(
        f"neveragain: recorded {count} {'finding' if count == 1 else 'findings'} in {where} "
        f"({result.files_checked} files checked)\n"
    )
    if result.errors:
        sys.stderr.write(f"neveragain: {len({error.path for error in result.errors})} files could not be read; "
                         "their entries are kept as they were\n")
    return EXIT_CLEAN


def run_review(args: argparse.Namespace) -> int:
    from flake8_neveragain.review.add_noqa import add_noqa, clean_reason

    run = _prepare(args)
    reason = clean_reason(args.reason)
    known = _load_baseline(args, run)
    result = _apply_baseline(check_paths(args.paths or ["."], run.projects, args.jobs), known)
    for error in result.errors:
        sys.stderr.write(error_line(error) + "\n")
    outcome = add_noqa(result.findings, sql_test(run.projects), reason, dry_run=args.dry_run)
    sys.stdout.write(outcome.output)
    sys.stdout.flush()
    sys.stderr.write(outcome.notes)
    return EXIT_FINDINGS if outcome.skipped else EXIT_CLEAN


def run_inventory(args: argparse.Namespace) -> int:
    """Every sensitive field, whatever `check` would report: exit 0 unless the usage is wrong."""
    from flake8_neveragain.config.selection import CodeSelection
    from flake8_neveragain.reports.inventory import build_inventory, render_inventory, summary_line
    from flake8_neveragain.rules.registry import CODE_FOR_CATEGORY

    run = _prepare(args)
    settings = run.settings
    output = _writable_output(args, "inventory")
    known = _load_baseline(args, run)
    selection = CodeSelection(settings.select, settings.extend_select, settings.ignore, settings.extend_ignore)

    # Run with every demographic code on, and record each noqa whatever its
    # reason: the inventory is the full picture, not the open warnings.
    def everything(settings: Settings) -> Settings:
        return replace(
            settings, select=tuple(CODE_FOR_CATEGORY.values()), extend_select=(), ignore=(), extend_ignore=(),
            per_file_ignores=(), require_reason=False,
        )

    result = check_paths(args.paths or ["."], _prepare(args, everything).projects, args.jobs)
    open_findings, baselined = (list(result.findings), []) if known is None else known.split(result.findings)
    inventory = build_inventory(
        open_findings, baselined, result.suppressed, result.errors, result.files_checked,
        selection.is_selected, settings.docs_url, None if known is None else known.path,
    )
    _emit(render_inventory(inventory, args.format), output, "inventory")
    for error in inventory.errors:
        sys.stderr.write(error_line(error) + "\n")
    sys.stderr.write(summary_line(inventory) + "\n")
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Top-level options take no values, so the first other word is the subcommand.
    command = next((word for word in argv if not word.startswith("-")), None)
    # -h, --help or an abbreviation of it may ask for the top-level help, which lists every subcommand.
    help_asked = any(word.startswith(("-h", "--h")) for word in argv)
    args = build_parser(command, only_command=not help_asked).parse_args(argv)
    try:
        status: int = args.handler(args)
        return status
    except ConfigError as error:
        print(one_line(f"neveragain: error: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, like other CLI tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FINDINGS


if __name__ == "__main__":
    sys.exit(main())
