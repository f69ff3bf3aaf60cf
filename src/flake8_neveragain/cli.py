"""The `neveragain` command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .config import (
    ConfigError,
    Settings,
    find_pyproject,
    load_pyproject,
    merge_terms,
    parse_term_pairs,
    with_overrides,
)
from .config import _codes as parse_codes
from .report import render_json, render_text
from .runner import check_paths

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="neveragain",
        description="Find schemas that record race, religion or national origin, and ask whether they should.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser("check", help="check files and directories (default: .)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to check")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.add_argument("--select", metavar="CODES", help="comma-separated codes or prefixes to report (replaces the default)")
    check.add_argument("--extend-select", metavar="CODES", help="codes to report in addition, e.g. NEV104")
    check.add_argument("--ignore", metavar="CODES", help="codes or prefixes not to report (replaces the default ignore list)")
    check.add_argument("--extend-ignore", metavar="CODES", help="codes not to report, in addition to the defaults")
    check.add_argument("--exclude", metavar="PATTERNS", help="comma-separated glob patterns of paths to skip")
    check.add_argument("--extend-exclude", metavar="PATTERNS", help="patterns to skip in addition to the configured ones")
    check.add_argument("--extra-terms", metavar="PAIRS", help="extra lexicon terms as category=term pairs, comma-separated")
    check.add_argument("--allow-names", metavar="PATTERNS", help="names or Model.field globs never to report")
    check.add_argument("--docs-url", metavar="URL", help="base URL of the rule pages in messages")
    check.add_argument("--config", metavar="FILE", help="pyproject.toml to read [tool.neveragain] from (default: nearest one)")
    check.add_argument("--isolated", action="store_true", help="ignore configuration files")
    check.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: number of CPUs)")
    return parser


def _split(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


def settings_from_args(args: argparse.Namespace) -> Settings:
    if args.isolated:
        settings = Settings()
    elif args.config:
        settings = load_pyproject(Path(args.config))
    else:
        found = find_pyproject(Path.cwd())
        settings = load_pyproject(found) if found else Settings()
    codes = {}
    for option in ("select", "extend_select", "ignore", "extend_ignore"):
        value = getattr(args, option)
        if value is not None:
            codes[option] = parse_codes("--" + option.replace("_", "-"), value)
    extra_terms = None
    if args.extra_terms:
        extra_terms = merge_terms(settings.extra_terms, parse_term_pairs(_split(args.extra_terms) or ()))
    return with_overrides(
        settings,
        **codes,
        exclude=_split(args.exclude),
        extend_exclude=(*settings.extend_exclude, *(_split(args.extend_exclude) or ())),
        extra_terms=extra_terms,
        allow_names=(*settings.allow_names, *(_split(args.allow_names) or ())),
        docs_url=args.docs_url,
    )


def _check_lexicon(settings: Settings) -> None:
    """Fail early, as a usage error, on extra terms the lexicon rejects."""
    from .lexicon import load_lexicon

    try:
        load_lexicon(settings.extra_terms or None)
    except ValueError as error:
        raise ConfigError(f"extra terms: {error}") from None


def run_check(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    if args.jobs is not None and args.jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    _check_lexicon(settings)
    result = check_paths(args.paths or ["."], settings, args.jobs)
    if args.format == "json":
        sys.stdout.write(render_json(result))
    else:
        out, err = render_text(result)
        sys.stdout.write(out)
        sys.stdout.flush()
        sys.stderr.write(err)
    return EXIT_FINDINGS if result.findings else EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run_check(args)
    except ConfigError as error:
        print(f"neveragain: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, like other CLI tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FINDINGS


if __name__ == "__main__":
    sys.exit(main())
