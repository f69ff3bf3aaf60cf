"""NEV202 (connection encryption disabled or downgraded) and NEV203 (encryption
at rest turned off), found in one file at a time.

    facts            EncryptionFact: what was found, where, and what to do instead
    values           constants by name, connection strings (URL, libpq, ODBC), local hosts
    python_settings  driver options, DSNs, Django DATABASES, PGSSLMODE (NEV202)
    cloud            boto3 calls that create storage without encryption (NEV203)
    sql_at_rest      SQL DDL and SET statements that switch encryption off (NEV203)
    rules            EncryptionFact -> Finding (question-style message, rule URL)

Nothing here uses the classifier: these rules look at settings, not names.
"""

from __future__ import annotations

import ast

from ..findings import Finding


def python_findings(tree: ast.Module, path: str, docs_url: str) -> list[Finding]:
    from .python_settings import find_connection_findings
    from .rules import findings_for_facts

    facts = find_connection_findings(tree)
    return findings_for_facts(facts, path, docs_url) if facts else []


def sql_findings(text: str, path: str, docs_url: str) -> list[Finding]:
    from .rules import findings_for_facts
    from .sql_at_rest import find_at_rest_facts

    facts = find_at_rest_facts(text)
    return findings_for_facts(facts, path, docs_url) if facts else []
