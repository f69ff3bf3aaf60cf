"""The one function that makes a Finding, for every rule.

Each rule stage words its own question; what every finding shares is made here:
the position, the category the registry gives the code, and the link to the
rule's page, which ends every message.
"""

from __future__ import annotations

from flake8_neveragain.facts import Span
from flake8_neveragain.findings import Finding
from flake8_neveragain.rules.registry import RULES_BY_CODE


def finding(
    code: str,
    path: str,
    span: Span,
    question: str,
    docs_url: str,
    *,
    source: str,
    symbol: str,
    evidence: str,
    category: str = "",
    encrypted: bool = False,
    owner: str = "",
    kind: str = "field",
) -> Finding:
    """A finding of `code` at `span`; `question` is its message without the page link.

    `category` defaults to the code's own (the registry's).
    """
    url = rule_url(docs_url, code)
    return Finding(
        path=path,
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        code=code,
        category=category or RULES_BY_CODE[code].category,
        message=f"{question} See {url}",
        url=url,
        source=source,
        symbol=symbol,
        evidence=evidence,
        encrypted=encrypted,
        owner=owner,
        kind=kind,
    )


def rule_url(docs_url: str, code: str) -> str:
    separator = "" if docs_url.endswith("/") else "/"
    return f"{docs_url}{separator}{code}.md"
