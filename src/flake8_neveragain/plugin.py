"""The flake8 front door: a thin adapter over the pipeline for one tree.

flake8 has already parsed the file, applies `# noqa` and select/ignore
itself, and runs files in parallel; this class only turns the tree it is
given into `(line, column, "CODE message", type)` tuples.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from flake8_neveragain import __version__
from flake8_neveragain.rules.registry import DEFAULT_OFF, NEV000, NEV201

if TYPE_CHECKING:
    from flake8_neveragain.config.projects import Projects

# The code of the line that says a file could not be checked (not a rule: no
# finding has it). The CLI reports the same files as `errors` and exit status 1.
ERROR_CODE = NEV000


class NeverAgainChecker:
    name = "flake8-neveragain"
    version = __version__

    _analyser: Any = None  # the one for this file, set in run()
    # Each file's vocabulary comes from its nearest configuration (config/projects.py),
    # loaded once per process; an Analyser per configuration, built when first needed.
    _projects: Any = None
    _analysers: ClassVar[dict[int, Any]] = {}

    def __init__(self, tree: ast.Module, filename: str, lines: list[str] | None = None) -> None:
        self.tree = tree
        self.filename = filename
        # The file's physical lines, which flake8 passes because this parameter asks for
        # them: NEV001 reads the noqa comments in them (flake8 applies noqa after us).
        self.lines = lines

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
        # NEV001 and NEV104-NEV106 are opt-in: `extend-select = NEV104` turns one on.
        option_manager.extend_default_ignore(list(DEFAULT_OFF))

    @classmethod
    def parse_options(cls, option_manager: Any, options: Any, args: Any) -> None:
        from flake8.exceptions import ExecutionError

        from flake8_neveragain.config.settings import ConfigError
        from flake8_neveragain.engine import Analyser

        try:
            cls._projects = _projects_from_flake8(options)
            cls._analysers = {cls._projects.current: Analyser(cls._projects.all[cls._projects.current].settings)}
        except (ConfigError, ValueError) as error:
            raise ExecutionError(f"flake8-neveragain: {error}") from None

    def _analyser_for_file(self) -> Any:
        """The Analyser of this file's configuration; ConfigError if that file is broken."""
        from flake8_neveragain.engine import Analyser

        cls = type(self)
        if cls._projects is None:  # used without flake8's option parsing
            from flake8_neveragain.config.projects import Projects

            cls._projects = Projects(lambda settings: settings, isolated=True)
        number = cls._projects.of_path(self.filename)
        analyser = cls._analysers.get(number)
        if analyser is None:
            analyser = cls._analysers[number] = Analyser(cls._projects.all[number].settings)
        return analyser

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        # flake8 iterates this generator outside its own per-plugin error handling:
        # anything raised here would end the whole run. Everything is worked out
        # first; what cannot be becomes one NEV000 line for this file, as the CLI
        # reports the file as not checked.
        from flake8_neveragain.config.settings import ConfigError
        from flake8_neveragain.engine import analyse_tree, internal_error
        from flake8_neveragain.findings import FileError

        try:
            self._analyser = self._analyser_for_file()
            findings, errors = analyse_tree(self.tree, self.filename, self._analyser)
            if self.lines is not None and not errors:
                from flake8_neveragain.engine import with_unused_noqa

                findings = with_unused_noqa(findings, "".join(self.lines), self.filename, False, self._analyser)
        except ConfigError as error:  # the file's own configuration is broken: say which
            findings, errors = [], [FileError(self.filename, str(error))]
        except Exception as error:  # noqa: BLE001 -- a bug of ours: see above
            findings, errors = [], [internal_error(self.filename, error)]
        for finding in findings:
            yield finding.line, finding.column - 1, f"{finding.code} {finding.message}", type(self)
        for problem in errors:
            yield 1, 0, f"{ERROR_CODE} not checked: {problem.message}", type(self)


def _projects_from_flake8(options: Any) -> Projects:
    """Each file's vocabulary and encrypted types: the nearest configuration file's
    (`.neveragain.toml`, or `[tool.neveragain]` in pyproject.toml), then flake8's options.

    flake8 never reads those files, but the vocabulary and the encrypted types
    decide *what* is found, so both front doors share them; flake8 options add
    to them. What is reported (select, ignore, per-file-ignores, noqa) is
    flake8's own business, from its own configuration.
    """
    from flake8_neveragain.config.projects import Projects
    from flake8_neveragain.config.settings import (
        Settings,
        check_docs_url,
        merge_terms,
        parse_term_pairs,
        type_names,
    )

    extra_terms = parse_term_pairs(options.neveragain_extra_terms or ())
    allow_names = tuple(options.neveragain_allow_names or ())
    docs_url = options.neveragain_docs_url
    docs_url = check_docs_url("--neveragain-docs-url", docs_url) if docs_url else None
    encrypted_types = type_names("--neveragain-encrypted-types", list(options.neveragain_encrypted_types or ()))

    def prepare(base: Settings) -> Settings:
        return Settings(
            extra_terms=merge_terms(base.extra_terms, extra_terms),
            allow_names=(*base.allow_names, *allow_names),
            docs_url=docs_url or base.docs_url,
            encrypted_types=(*base.encrypted_types, *encrypted_types),
        )

    # A bad configuration file (not a table, nested too deeply, too large, not a
    # file) is a ConfigError: parse_options turns the current directory's into one
    # fatal line, and run() a deeper one into a NEV000 line on each file it governs.
    return Projects(prepare)
