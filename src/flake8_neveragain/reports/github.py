"""GitHub Actions workflow commands: one annotation per finding, then a total.

`::warning file=F,line=L,col=C,endLine=L,endColumn=E,title=NEV102::message`.
The kind is the registry's severity of the code: `::error` for encryption
turned off, `::warning` for a review prompt on a field.
Property values escape `%`, CR, LF, `:` and `,`; the message escapes `%`,
CR and LF, as the Actions runner expects; then `one_line` escapes every
other control character and undecodable byte (NUL, ESC, U+2028, a byte
that is not UTF-8 in a file name), which the runner would pass on raw.
`col` and `endColumn` are left out when a finding spans lines (GitHub
rejects them then). Files that could not be read are `::error` annotations.
GitHub shows only the first few annotations of each kind per step, so the
last line is a plain summary with the total; upload SARIF for the full list
in the Security tab.
"""

from __future__ import annotations

from flake8_neveragain.files.pathtext import one_line
from flake8_neveragain.findings import FileError, Finding
from flake8_neveragain.reports.result import RunResult
from flake8_neveragain.reports.text import summary_line
from flake8_neveragain.rules.registry import HIGH, LOW, MEDIUM, RULES_BY_CODE, Severity

# GitHub shows this many annotations of one kind (warning, error) per step.
ANNOTATIONS_PER_STEP = 10
# The registry's severity as the workflow command's kind.
ANNOTATION: dict[Severity, str] = {HIGH: "error", MEDIUM: "warning", LOW: "notice"}


def annotation_kind(code: str) -> str | None:
    """The annotation kind of a neveragain code; None for a code the registry does not know."""
    rule = RULES_BY_CODE.get(code)
    return ANNOTATION[rule.severity] if rule is not None else None


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, properties: list[tuple[str, object]], message: str) -> str:
    # escape_* first: CR and LF stay %0D/%0A, which GitHub shows as line breaks.
    props = ",".join(f"{name}={one_line(escape_property(str(value)))}" for name, value in properties)
    return f"::{kind} {props}::{one_line(escape_data(message))}"


def finding_command(finding: Finding) -> str:
    properties: list[tuple[str, object]] = [("file", finding.path), ("line", finding.line)]
    if finding.end_line == finding.line:
        properties += [("col", finding.column), ("endLine", finding.end_line), ("endColumn", finding.end_column)]
    else:
        properties += [("endLine", finding.end_line)]
    properties.append(("title", finding.code))
    return command(annotation_kind(finding.code) or "warning", properties, finding.message)


def error_command(error: FileError) -> str:
    return command("error", [("file", error.path), ("title", "neveragain")], f"could not check this file: {error.message}")


def render_github(result: RunResult) -> str:
    lines = [finding_command(finding) for finding in result.findings]
    lines += [error_command(error) for error in result.errors]
    summary = summary_line(result)
    if len(result.findings) > ANNOTATIONS_PER_STEP:
        summary += (
            f"; GitHub shows only the first {ANNOTATIONS_PER_STEP} as annotations, "
            "all are listed above (upload --format sarif for the full list in code scanning)"
        )
    lines.append(summary)
    return "".join(line + "\n" for line in lines)
