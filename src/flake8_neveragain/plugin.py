"""The flake8 front door: a thin adapter over the pipeline for one tree.

flake8 has already parsed the file, applies `# noqa` and select/ignore
itself, and runs files in parallel; this class only turns the tree it is
given into `(line, column, "CODE message", type)` tuples.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flake8_neveragain import __version__
from flake8_neveragain.rules.registry import DEFAULT_OFF, NEV000, NEV201

if TYPE_CHECKING:
    from flake8_neveragain.config.settings import Settings

# The code of the line that says a file could not be checked (not a rule: no
# finding has it). The CLI reports the same files as `errors` and exit status 1.
ERROR_CODE = NEV000


class NeverAgainChecker:
    name = "flake8-neveragain"
    version = __version__

    _analyser: Any = None  # built once per process in parse_options

    def __init__(self, tree: ast.Module, filename: str) -> None:
        self.tree = tree
        self.filename = filename

    @classmethod
    def add_options(cls, option_manager: Any) -> None:
        option_manager.add_option(
            "--neveragain-extra-terms",
            default="",
            parse_from_config=True,
            comma_separated_list=True,
            help="Extra lexicon terms as category=term pairs, e.g. religion=konfession (default: none)",
        )
        option_manager.add_option(
            "--neveragain-allow-names",
            default="",
            parse_from_config=True,
            comma_separated_list=True,
            help="Field names, aliases or Model.field globs never reported (default: none)",
        )
        option_manager.add_option(
            "--neveragain-encrypted-types",
            default="",
            parse_from_config=True,
            comma_separated_list=True,
            help="The project's own encrypted field types, as import paths (acme.crypto.SealedTextField) "
            f"or bare names (VaultString), for {NEV201} (default: none)",
        )
        option_manager.add_option(
            "--neveragain-docs-url",
            default=None,
            parse_from_config=True,
            help="Base URL (http or https) of the rule pages linked from messages",
        )
        # NEV104-NEV106 are opt-in: `extend-select = NEV104` turns one on.
        option_manager.extend_default_ignore(list(DEFAULT_OFF))

    @classmethod
    def parse_options(cls, option_manager: Any, options: Any, args: Any) -> None:
        from flake8.exceptions import ExecutionError

        from flake8_neveragain.config.settings import ConfigError
        from flake8_neveragain.engine import Analyser

        try:
            settings = _settings_from_flake8(options)
            cls._analyser = Analyser(settings)
        except (ConfigError, ValueError) as error:
            raise ExecutionError(f"flake8-neveragain: {error}") from None

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        # flake8 iterates this generator outside its own per-plugin error handling:
        # anything raised here would end the whole run. Everything is worked out
        # first; what cannot be becomes one NEV000 line for this file, as the CLI
        # reports the file as not checked.
        from flake8_neveragain.engine import analyse_tree, internal_error

        try:
            if self._analyser is None:  # used without flake8's option parsing
                from flake8_neveragain.config.settings import Settings
                from flake8_neveragain.engine import Analyser

                type(self)._analyser = Analyser(Settings())
            findings, errors = analyse_tree(self.tree, self.filename, self._analyser)
        except Exception as error:  # noqa: BLE001 -- a bug of ours: see above
            findings, errors = [], [internal_error(self.filename, error)]
        for finding in findings:
            yield finding.line, finding.column - 1, f"{finding.code} {finding.message}", type(self)
        for problem in errors:
            yield 1, 0, f"{ERROR_CODE} not checked: {problem.message}", type(self)


def _settings_from_flake8(options: Any) -> Settings:
    """Lexicon settings and encrypted types: `[tool.neveragain]` in pyproject.toml,
    then flake8's own.

    flake8 never reads pyproject.toml, but the vocabulary and the encrypted types
    decide *what* is found, so both front doors share them; flake8 options add to them.
    """
    from flake8_neveragain.config.settings import (
        Settings,
        check_docs_url,
        find_pyproject,
        load_pyproject,
        merge_terms,
        parse_term_pairs,
        type_names,
    )

    # load_pyproject reports every bad pyproject.toml (not a table, nested too deeply,
    # too large, not a file) as a ConfigError, which parse_options turns into one line.
    found = find_pyproject(Path.cwd())
    base = load_pyproject(found) if found else Settings()
    docs_url = options.neveragain_docs_url
    return Settings(
        extra_terms=merge_terms(base.extra_terms, parse_term_pairs(options.neveragain_extra_terms or ())),
        allow_names=(*base.allow_names, *(options.neveragain_allow_names or ())),
        docs_url=check_docs_url("--neveragain-docs-url", docs_url) if docs_url else base.docs_url,
        encrypted_types=(
            *base.encrypted_types,
            *type_names("--neveragain-encrypted-types", list(options.neveragain_encrypted_types or ())),
        ),
    )
