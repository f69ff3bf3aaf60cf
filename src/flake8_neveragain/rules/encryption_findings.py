"""EncryptionFact -> Finding: code, category "encryption", a question, the rule URL."""

from __future__ import annotations

from flake8_neveragain.findings import Finding
from flake8_neveragain.rules.demographic import rule_url
from flake8_neveragain.encryption.setting_facts import EncryptionFact

CATEGORY = "encryption"


def findings_for_facts(facts: list[EncryptionFact], path: str, docs_url: str) -> list[Finding]:
    findings = []
    for fact in facts:
        url = rule_url(docs_url, fact.code)
        findings.append(Finding(
            path=path,
            line=fact.span.line,
            column=fact.span.column,
            end_line=fact.span.end_line,
            end_column=fact.span.end_column,
            code=fact.code,
            category=CATEGORY,
            message=message(fact, url),
            url=url,
            source=fact.source,
            symbol=fact.symbol,
            evidence=fact.evidence,
            kind="setting",
        ))
    return findings


def message(fact: EncryptionFact, url: str) -> str:
    # Ask, don't accuse: say what the setting does and what would keep encryption.
    return f"{fact.subject} {fact.action}: {fact.effect}; is that intended? {fact.instead} See {url}"
