"""Render a run in one of the output formats.

`text` and `json` are the original formats (the JSON report is a contract);
`sarif`, `github` and `gitlab` are for CI. Every renderer is a pure function
of the run: no clock, no absolute paths, no environment, so two runs over
the same tree give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable

from flake8_neveragain.reports.result import BaselineSummary, RunResult

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github", "gitlab")


def render(result: RunResult, format: str) -> tuple[str, str]:
    """(report, notes for stderr) in the given format."""
    return _renderer(format)(result)


def _renderer(format: str) -> Callable[[RunResult], tuple[str, str]]:
    # Imported on demand: a pre-commit run in text format loads one module.
    if format == "text":
        from flake8_neveragain.reports.text import render_text

        return render_text
    if format == "json":
        from flake8_neveragain.reports.json_report import render_json

        return lambda result: (render_json(result), "")
    if format == "sarif":
        from flake8_neveragain.reports.sarif import render_sarif

        return lambda result: (render_sarif(result), "")
    if format == "github":
        from flake8_neveragain.reports.github import render_github

        return lambda result: (render_github(result), "")
    if format == "gitlab":
        from flake8_neveragain.reports.gitlab import render_gitlab

        return lambda result: (render_gitlab(result), "")
    raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "BaselineSummary", "RunResult", "render"]
