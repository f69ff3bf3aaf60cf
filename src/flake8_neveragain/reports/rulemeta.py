"""Rule metadata for reports that describe rules (SARIF's driver rules).

Short names and descriptions in our own words; the rule pages under
docs/rules/ hold the full text and are linked as each rule's help URI.
"""

from __future__ import annotations

from dataclasses import dataclass

from flake8_neveragain.rules.registry import RULES_BY_CODE


@dataclass(frozen=True, slots=True)
class RuleText:
    name: str
    short: str
    full: str


_WHAT = {
    "NEV101": ("RaceOrEthnicityRecorded", "Schema records race or ethnicity",
               "a person's race, ethnicity, skin colour, ancestry, tribe or caste"),
    "NEV102": ("ReligionRecorded", "Schema records religion",
               "a person's religion, belief or faith, or membership of a religious group"),
    "NEV103": ("NationalOriginRecorded", "Schema records national origin or immigration status",
               "a person's national origin, nationality, birthplace, citizenship or immigration, "
               "visa or asylum status"),
    "NEV104": ("PoliticalOpinionRecorded", "Schema records political opinion or union membership",
               "a person's political opinion, party membership or trade-union membership"),
    "NEV105": ("SexualOrientationRecorded", "Schema records sexual orientation or gender identity",
               "a person's sexual orientation, gender identity or sex life"),
    "NEV106": ("HealthDataRecorded", "Schema records health, genetic or biometric data",
               "a person's health, genetic or biometric data"),
    "NEV201": ("FieldEncryptionRemoved", "Field-level encryption removed",
               "a field that was encrypted but is now stored in plain text"),
    "NEV202": ("ConnectionEncryptionDisabled", "Connection encryption disabled or downgraded",
               "a datastore, cache or broker connection whose encryption is turned off or weakened"),
    "NEV203": ("EncryptionAtRestDisabled", "Encryption at rest turned off",
               "storage whose encryption at rest is turned off"),
}


def rule_text(code: str) -> RuleText:
    known = _WHAT.get(code)
    if known is None:
        rule = RULES_BY_CODE.get(code)
        summary = rule.summary if rule else code
        return RuleText(code, summary[:1].upper() + summary[1:], f"Flags {summary}.")
    name, short, what = known
    if code.startswith("NEV1"):
        full = (
            f"Flags a schema field, column or enumeration that looks like it stores {what}. "
            "A stored list of people by such a trait is what registries used to single people out "
            "were built from. The finding is a prompt for the author and the reviewer: is collecting "
            "it necessary, and if it is, how is it minimised, protected and eventually deleted?"
        )
    else:
        full = f"Flags code that leaves {what}. Encryption should stay the default for personal data."
    return RuleText(name, short, full)


def help_text(code: str, url: str) -> tuple[str, str]:
    """(plain text, markdown) help for one rule."""
    text = rule_text(code)
    plain = (
        f"{text.full}\n\n"
        "If the data is not needed, remove the field. If it is, record the review next to it, "
        f"for example `# noqa: {code} -- reviewed: <why it is needed, ticket>`.\n\n"
        f"Rule page: {url}"
    )
    markdown = (
        f"{text.full}\n\n"
        "If the data is not needed, remove the field. If it is, record the review next to it:\n\n"
        f"```python\nfield = ...  # noqa: {code} -- reviewed: <why it is needed, ticket>\n```\n\n"
        f"See [{code}]({url}) for why this matters and what to do instead."
    )
    return plain, markdown
