"""Render a run in one of the output formats.

`text` and `json` are the original formats (the JSON report is a contract);
`sarif`, `github` and `gitlab` are for CI. Every renderer is a pure function
of the run: no clock, no absolute paths, no environment, so two runs over
the same tree give the same bytes.

    result       RunResult: what a run hands to the renderers
    text         flake8-style lines on stdout; errors and a summary on stderr
    json_report  the JSON report (a contract), with noqa-silenced findings and their reasons
    sarif        SARIF 2.1.0 for code scanning, rule metadata from rules/registry.py
    github       GitHub Actions workflow commands: one annotation per finding, then a total
    gitlab       GitLab Code Quality: a JSON array of Code Climate issues
    inventory    `neveragain inventory`: every sensitive field, reviewed or not (markdown, json, html)
"""

from __future__ import annotations

from importlib import import_module

from flake8_neveragain.reports.result import BaselineSummary, RunResult

# Format -> (module, renderer). A renderer takes the run and returns the report
# text, or (report, notes for stderr) when it has notes. Modules are imported on
# demand: a pre-commit run in text format loads one of them.
_RENDERERS: dict[str, tuple[str, str]] = {
    "text": ("flake8_neveragain.reports.text", "render_text"),
    "json": ("flake8_neveragain.reports.json_report", "render_json"),
    "sarif": ("flake8_neveragain.reports.sarif", "render_sarif"),
    "github": ("flake8_neveragain.reports.github", "render_github"),
    "gitlab": ("flake8_neveragain.reports.gitlab", "render_gitlab"),
}
FORMATS: tuple[str, ...] = tuple(_RENDERERS)


def render(result: RunResult, format: str) -> tuple[str, str]:
    """(report, notes for stderr) in the given format."""
    if format not in _RENDERERS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    module, name = _RENDERERS[format]
    rendered: str | tuple[str, str] = getattr(import_module(module), name)(result)
    return rendered if isinstance(rendered, tuple) else (rendered, "")


__all__ = ["FORMATS", "BaselineSummary", "RunResult", "render"]
