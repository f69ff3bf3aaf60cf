"""Turn classified facts into findings: code, question-style message, rule URL."""

from __future__ import annotations

from flake8_neveragain.extract.frameworks import SOURCE_LABELS, TABLE_SOURCES
from flake8_neveragain.facts import FieldFact, Match
from flake8_neveragain.findings import Finding
from flake8_neveragain.rules.emit import finding
from flake8_neveragain.rules.registry import CODE_FOR_CATEGORY, RULES_BY_CODE


def findings_for_fact(fact: FieldFact, matches: list[Match], path: str, docs_url: str) -> list[Finding]:
    findings = []
    for match in matches:
        code = CODE_FOR_CATEGORY[match.category]
        findings.append(finding(
            code, path, fact.span, _message(fact, code, match.evidence), docs_url,
            source=fact.source, symbol=fact.symbol, evidence=match.evidence, category=match.category,
            encrypted=fact.encrypted, owner=fact.owner or "", kind=fact.kind,
        ))
    return findings


def _message(fact: FieldFact, code: str, evidence: str) -> str:
    # Ask, don't accuse: the finding is a prompt for the author and the
    # reviewer to decide together whether the data is needed.
    records = RULES_BY_CODE[code].records
    label = SOURCE_LABELS.get(fact.source, fact.source)
    if fact.kind == "model":
        # A schema change names the change first: "Django migration 0007_x creates
        # Ethnicity, which looks like ...", "SQL ALTER TABLE t RENAME TO religions, which ...".
        subject = f"{fact.action} {fact.name}, which" if fact.action else fact.name
        return (
            f"{label} {subject} looks like a list of {records} ({evidence}): "
            "does the system need to classify people this way?"
        )
    if fact.action:
        # A schema change: say where it happens. SQL actions already name the
        # table ("ALTER TABLE person ADD COLUMN"), so only the column follows.
        subject = fact.name if fact.source.startswith("sql") else fact.symbol
        head = f"{label} {fact.action} {subject}"
    else:
        noun = "column" if fact.source in TABLE_SOURCES else "field"
        head = f"{label} {noun} {fact.symbol}"
    return f"{head} may record {records} ({evidence}): is collecting it necessary?"
