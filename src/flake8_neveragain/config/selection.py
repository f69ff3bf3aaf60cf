"""Which codes a run reports: flake8's select/ignore semantics, for the CLI.

The flake8 plugin gets this for free from flake8 itself; the standalone CLI
mirrors the same decision table so that `--select`, `--extend-select` and
`--ignore` mean the same thing in both front doors.
"""

from __future__ import annotations

from collections.abc import Sequence

from flake8_neveragain.rules.registry import CODE_PREFIX, DEFAULT_OFF, RULES

ALL_CODES_PREFIX = CODE_PREFIX
_ALL_CODES = tuple(rule.code for rule in RULES)


def matches_a_rule(selector: str) -> bool:
    """Whether a code or prefix (already upper-cased) names at least one rule: NEV, NEV1, NEV102."""
    return any(code.startswith(selector) for code in _ALL_CODES)


def selects_nothing(
    select: Sequence[str] | None,
    extend_select: Sequence[str],
    ignore: Sequence[str] | None,
    extend_ignore: Sequence[str],
) -> bool:
    """True when these options leave no rule on (`--select ""`, `--select NEV1 --ignore NEV1`).

    Such a run could only ever pass: the CLI refuses it as a usage error (exit 2).
    """
    selection = CodeSelection(select, extend_select, ignore, extend_ignore)
    return not any(selection.is_selected(code) for code in _ALL_CODES)


class CodeSelection:
    """Decides whether a code is reported.

    A code chosen explicitly (select / extend-select) beats one ignored only by
    default (NEV104-NEV106); when a code is matched explicitly on both sides,
    the longer prefix wins, ties going to ignore — exactly as flake8 decides.
    """

    def __init__(
        self,
        select: Sequence[str] | None = None,
        extend_select: Sequence[str] = (),
        ignore: Sequence[str] | None = None,
        extend_ignore: Sequence[str] = (),
    ) -> None:
        self._selected_explicitly = _longest_first([*(select or ()), *extend_select])
        self._ignored_explicitly = _longest_first([*(ignore or ()), *extend_ignore])
        default_select = [ALL_CODES_PREFIX] if select is None else list(select)
        default_ignore = list(DEFAULT_OFF) if ignore is None else list(ignore)
        self._selected = _longest_first([*default_select, *extend_select])
        self._ignored = _longest_first([*default_ignore, *extend_ignore])
        self._cache: dict[str, bool] = {}

    def is_selected(self, code: str) -> bool:
        decision = self._cache.get(code)
        if decision is None:
            decision = self._decide(code)
            self._cache[code] = decision
        return decision

    def _decide(self, code: str) -> bool:
        selected_explicitly = code.startswith(self._selected_explicitly)
        selected = selected_explicitly or code.startswith(self._selected)
        ignored_explicitly = code.startswith(self._ignored_explicitly)
        ignored = ignored_explicitly or code.startswith(self._ignored)
        if not ignored:
            return selected
        if not selected:
            return False
        if selected_explicitly != ignored_explicitly:
            return selected_explicitly
        select_prefix = next(p for p in self._selected if code.startswith(p))
        ignore_prefix = next(p for p in self._ignored if code.startswith(p))
        return len(select_prefix) > len(ignore_prefix)


def _longest_first(prefixes: list[str]) -> tuple[str, ...]:
    # Reverse lexical order puts "NEV104" before "NEV1" before "NEV", so the
    # first prefix that matches is the most specific one.
    return tuple(sorted({p.strip().upper() for p in prefixes if p.strip()}, reverse=True))
