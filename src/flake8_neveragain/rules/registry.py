"""The rule registry: codes, categories, defaults and one-line summaries.

Codes are a contract (see the project's design notes): a number is never reused.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    category: str
    summary: str
    # Phrase used in messages: "<symbol> may record <records>".
    records: str
    default_on: bool


RULES: tuple[Rule, ...] = (
    Rule("NEV101", "race_ethnicity", "race, ethnicity, skin colour, ancestry, tribe or caste",
         "race or ethnicity", True),
    Rule("NEV102", "religion", "religion, belief, faith or religious membership",
         "religious belief", True),
    Rule("NEV103", "national_origin",
         "national origin, nationality, birthplace, citizenship or immigration status",
         "national origin or immigration status", True),
    Rule("NEV104", "political", "political opinion, party or trade-union membership",
         "political opinion or union membership", False),
    Rule("NEV105", "sexual_orientation", "sexual orientation, gender identity or sex life",
         "sexual orientation or gender identity", False),
    Rule("NEV106", "health", "health, genetic or biometric data",
         "health, genetic or biometric data", False),
    Rule("NEV201", "encryption", "field-level encryption removed",
         "", True),
    Rule("NEV202", "encryption", "connection encryption disabled or downgraded",
         "", True),
    Rule("NEV203", "encryption", "encryption at rest turned off",
         "", True),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

# Demographic categories map one-to-one onto codes.
CODE_FOR_CATEGORY: dict[str, str] = {
    rule.category: rule.code for rule in RULES if rule.category != "encryption"
}
CATEGORIES: tuple[str, ...] = tuple(CODE_FOR_CATEGORY)

# Codes a finding can carry: the demographic codes above and the encryption rules.
REPORTED_CODES: frozenset[str] = frozenset(CODE_FOR_CATEGORY.values()) | {"NEV201", "NEV202", "NEV203"}

DEFAULT_OFF: tuple[str, ...] = tuple(rule.code for rule in RULES if not rule.default_on)
