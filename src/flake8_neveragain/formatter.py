"""`flake8 --format=neveragain-github`: flake8's results as GitHub annotations.

For teams that run flake8 (with this plugin and others) in GitHub Actions:
every violation, NEV or not, becomes a workflow command, escaped as the
runner expects, followed by a plain summary line with the total, because
GitHub shows only a few annotations per step. `--output-file` works as usual.
A NEV code has the kind `neveragain check --format github` gives it (its
severity in the rule registry: `::error` for encryption turned off). Files
that could not be checked (E9xx, NEV000) are `::error`; every other
plugin's code is a `::warning`, since flake8 has no severity of its own.
"""

from __future__ import annotations

import os
from typing import Any

from flake8.formatting.base import BaseFormatter

from flake8_neveragain.reports.github import ANNOTATIONS_PER_STEP, annotation_kind, command
from flake8_neveragain.rules.registry import NEV000


def _relative(filename: str) -> str:
    if os.path.isabs(filename):
        try:
            filename = os.path.relpath(filename)
        except ValueError:
            return filename.replace(os.sep, "/")
    filename = filename.replace(os.sep, "/")
    while filename.startswith("./"):
        filename = filename[2:]
    return filename


def _kind(code: str) -> str:
    if code.startswith("E9") or code == NEV000:  # the file was not checked
        return "error"
    return annotation_kind(code) or "warning"


class GithubFormatter(BaseFormatter):
    """One workflow command per violation, then `flake8: N violations`."""

    def after_init(self) -> None:
        self.count = 0

    def format(self, error: Any) -> str:
        self.count += 1
        kind = _kind(error.code)
        properties: list[tuple[str, object]] = [
            ("file", _relative(error.filename)),
            ("line", error.line_number),
            ("col", error.column_number),
            ("title", error.code),
        ]
        # The code is the title; the message is the text alone, as `neveragain check
        # --format github` writes it. flake8 gives plugins no end position, so an
        # annotation here marks a line and column, never a range.
        return command(kind, properties, error.text)

    def show_source(self, error: Any) -> str | None:
        return None  # source lines would break the annotation stream

    def show_statistics(self, statistics: Any) -> None:
        return None

    def stop(self) -> None:
        noun = "violation" if self.count == 1 else "violations"
        summary = f"flake8: {self.count} {noun}"
        if self.count > ANNOTATIONS_PER_STEP:
            summary += f"; GitHub shows only the first {ANNOTATIONS_PER_STEP} of each kind as annotations"
        self._write(summary)
        super().stop()
