"""The rules stage: a file's facts, of every kind, become its findings.

Each kind of fact has its rules module: field facts are classified, then worded
by demographic.py (NEV101-106); setting facts are ranked and worded by
encryption_findings.py (NEV202, NEV203, NEV201 for pymongo); decryptions found
by migration replay are worded there too (NEV201). A new kind of fact is one more
branch here. Findings come out in the order the kinds are listed.
"""

from __future__ import annotations

from flake8_neveragain.classify.classifier import Classifier
from flake8_neveragain.facts import FieldFact, FileFacts
from flake8_neveragain.findings import Finding
from flake8_neveragain.rules.demographic import findings_for_fact


def findings_for(facts: FileFacts, classifier: Classifier, path: str, docs_url: str) -> list[Finding]:
    """Every finding the facts of one file give, in a stable order."""
    findings = demographic_findings(facts.fields, classifier, path, docs_url)
    if facts.settings or facts.decryptions:
        # Imported only for a file that sets or decrypts something: most files do neither.
        from flake8_neveragain.rules import encryption_findings

        findings += encryption_findings.findings_for_settings(list(facts.settings), path, docs_url)
        findings += encryption_findings.findings_for_decryptions(list(facts.decryptions), path, docs_url)
    return findings


def demographic_findings(fields: tuple[FieldFact, ...], classifier: Classifier, path: str, docs_url: str) -> list[Finding]:
    """NEV101-106: each field the classifier finds sensitive, once per category."""
    findings: list[Finding] = []
    for fact in fields:
        matches = classifier.classify(fact)
        if matches:
            findings.extend(findings_for_fact(fact, matches, path, docs_url))
    return findings
