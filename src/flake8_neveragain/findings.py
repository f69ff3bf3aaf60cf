"""What a run reports: findings (review prompts) and errors (files it could not read)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from flake8_neveragain.files.pathtext import valid_text


@dataclass(frozen=True, slots=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    category: str
    message: str
    url: str
    source: str
    symbol: str
    evidence: str
    fingerprint: str = ""
    # What the inventory needs beyond the JSON report's keys (not printed there):
    # whether the field type or a wrapper encrypts it at field level, the model
    # or table that owns it ("" for a model-level finding) and the fact's kind.
    encrypted: bool = False
    owner: str = ""
    kind: str = "field"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True, slots=True)
class FileError:
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class SuppressedFinding:
    """A finding silenced by a noqa comment, kept as the record of a review."""

    finding: Finding
    kind: str  # "line" (`# noqa: NEV102`) or "file" (`# flake8: noqa`)
    reason: str | None


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Give each finding a fingerprint that survives line moves.

    The fingerprint hashes what was found (path, code, symbol, source), never
    where: inserting lines above a field must not make it look new. Two
    findings with the same content in one file get an occurrence number so
    fingerprints stay unique.
    """
    if not findings:
        return []
    # Imported here: hashlib loads OpenSSL (about 4 ms), and most pre-commit runs find nothing.
    import hashlib

    seen: Counter[tuple[str, str, str, str]] = Counter()
    result = []
    for finding in findings:
        # valid_text: a path that is not valid UTF-8 must not make the run fail here
        # (discovery already gives report text, which valid_text leaves unchanged).
        content = (valid_text(finding.path), finding.code, finding.symbol, finding.source)
        occurrence = seen[content]
        seen[content] += 1
        digest = hashlib.sha256("\0".join((*content, str(occurrence))).encode("utf-8"))
        result.append(replace(finding, fingerprint=digest.hexdigest()[:20]))
    return result


def fingerprint_together(
    reported: list[Finding], suppressed: list[SuppressedFinding]
) -> tuple[list[Finding], list[SuppressedFinding]]:
    """Fingerprint reported and suppressed findings as one sorted list.

    Occurrence numbers then count every finding of the same content, so
    adding a noqa to one of two identical fields does not change the
    other's fingerprint. Both lists come back sorted.
    """
    tagged = [(finding, None) for finding in reported] + [(item.finding, item) for item in suppressed]
    tagged.sort(key=lambda pair: pair[0].sort_key())
    printed = with_fingerprints([finding for finding, _ in tagged])
    findings: list[Finding] = []
    silenced: list[SuppressedFinding] = []
    for finding, (_, origin) in zip(printed, tagged):
        if origin is None:
            findings.append(finding)
        else:
            silenced.append(replace(origin, finding=finding))
    return findings, silenced
