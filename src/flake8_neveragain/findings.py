"""What a run reports: findings (review prompts) and errors (files it could not read)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, replace


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

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True, slots=True)
class FileError:
    path: str
    message: str


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Give each finding a fingerprint that survives line moves.

    The fingerprint hashes what was found (path, code, symbol, source), never
    where: inserting lines above a field must not make it look new. Two
    findings with the same content in one file get an occurrence number so
    fingerprints stay unique.
    """
    seen: Counter[tuple[str, str, str, str]] = Counter()
    result = []
    for finding in findings:
        content = (finding.path, finding.code, finding.symbol, finding.source)
        occurrence = seen[content]
        seen[content] += 1
        digest = hashlib.sha256("\0".join((*content, str(occurrence))).encode("utf-8"))
        result.append(replace(finding, fingerprint=digest.hexdigest()[:20]))
    return result
