"""The rule registry: one record per code, and the only place a code is spelled.

Everything that describes a code reads it from here: findings (code,
message phrase), `neveragain rules`, SARIF's rule metadata, the severity
every CI format shows, the inventory's fideslang keys and notes, and flake8's
default ignore list. The README and docs tables are compared with it by
tests/test_rule_docs.py (codes) and tests/test_reports.py (severity). Other
modules name a code through the constants below, never as a string of their own.

Codes are a contract (see the project's design notes): a number is never reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

# The line flake8 prints for a file the plugin could not check. Not a rule: no
# finding carries it, `neveragain rules` does not list it, and it cannot be selected.
NEV000 = "NEV000"

# NEV0xx: findings about the tool's own directives (noqa comments), not about the code.
NEV001 = "NEV001"
NEV101 = "NEV101"
NEV102 = "NEV102"
NEV103 = "NEV103"
NEV104 = "NEV104"
NEV105 = "NEV105"
NEV106 = "NEV106"
NEV201 = "NEV201"
NEV202 = "NEV202"
NEV203 = "NEV203"

# Every code starts with it: `--select NEV` selects them all.
CODE_PREFIX = "NEV"
ENCRYPTION_CATEGORY = "encryption"
# The category of findings about a noqa comment itself (NEV001): no data is involved.
NOQA_CATEGORY = "noqa"

# How urgent a code's findings are: one level per code, the same in every
# report. Each format maps it onto its own words (SARIF `level`, GitLab
# `severity`, GitHub `::error`/`::warning`/`::notice`); the README's severity
# table is compared with the registry and those maps by tests/test_reports.py.
Severity = Literal["high", "medium", "low"]
# Encryption turned off: the code as written leaves data unprotected in transit
# or at rest, whatever a review later decides.
HIGH: Severity = "high"
# A review prompt: the field may well be needed; someone has to decide.
MEDIUM: Severity = "medium"
# Housekeeping: nothing is collected or exposed; a comment has outlived its reason.
LOW: Severity = "low"
SEVERITIES: tuple[Severity, ...] = (HIGH, MEDIUM, LOW)


# SpecificKey and FidesKeys are NamedTuples: the registry is imported by every run,
# and a frozen dataclass costs about ten times as much to define.
class SpecificKey(NamedTuple):
    """A fideslang key more specific than the code's own, for fields whose words say so."""

    label: str  # how the inventory's notes name it: "gender identity"
    words: frozenset[str]  # identifier words of the field's name or evidence
    key: str


class FidesKeys(NamedTuple):
    """The fideslang data category keys (the fideslang taxonomy, CC-BY-4.0) of a demographic code."""

    key: str
    # Tried in order, the first whose words meet the field's words wins, so a
    # child key comes before its parent ("fingerprint" before "biometric").
    specific: tuple[SpecificKey, ...] = ()
    # Set when fideslang has no key for the category itself: `key` is then a
    # parent, and this sentence (an inventory note) says how fields map.
    missing_key_note: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str  # SARIF's rule name, a PascalCase phrase
    title: str  # SARIF's short description, one capitalised line
    summary: str  # the one line of `neveragain rules` and the README/docs tables
    # What a finding is about, as a noun phrase; SARIF's full description is built around it.
    subject: str
    category: str
    default_on: bool
    severity: Severity
    # NEV1xx messages say "<symbol> may record <records>". NEV2xx messages
    # are built from what each setting does, so nothing in them is per code.
    records: str = ""
    fides: FidesKeys | None = None  # demographic codes only
    # False for a code that is documented but no finding carries yet ("planned").
    reported: bool = True

    @property
    def demographic(self) -> bool:
        return self.category not in (ENCRYPTION_CATEGORY, NOQA_CATEGORY)


_IMMIGRATION_WORDS = frozenset({
    "immigration", "immigrant", "emigrant", "migrant", "visa", "asylum", "refugee",
    "citizenship", "citizen", "naturalization", "naturalisation", "naturalized",
    "naturalised", "residency", "permit", "deportation", "undocumented", "alien",
})

RULES: tuple[Rule, ...] = (
    Rule(
        NEV001, "UnusedNoqa", "A noqa comment for a NEV code silences nothing",
        summary="a noqa comment for a NEV code that silences nothing",
        subject="a noqa comment that names a NEV code, or a prefix of one, that no finding on its line has",
        category=NOQA_CATEGORY, default_on=False, severity=LOW,
    ),
    Rule(
        NEV101, "RaceOrEthnicityRecorded", "Schema records race or ethnicity",
        summary="race, ethnicity, skin colour, ancestry, tribe or caste",
        subject="a person's race, ethnicity, skin colour, ancestry, tribe or caste",
        category="race_ethnicity", default_on=True, severity=MEDIUM, records="race or ethnicity",
        fides=FidesKeys("user.demographic.race_ethnicity"),
    ),
    Rule(
        NEV102, "ReligionRecorded", "Schema records religion",
        summary="religion, belief, faith or religious membership",
        subject="a person's religion, belief or faith, or membership of a religious group",
        category="religion", default_on=True, severity=MEDIUM, records="religious belief",
        fides=FidesKeys("user.demographic.religious_belief"),
    ),
    Rule(
        NEV103, "NationalOriginRecorded", "Schema records national origin or immigration status",
        summary="national origin, nationality, birthplace, citizenship or immigration status",
        subject="a person's national origin, nationality, birthplace, citizenship or immigration, "
        "visa or asylum status",
        category="national_origin", default_on=True, severity=MEDIUM, records="national origin or immigration status",
        fides=FidesKeys(
            "user.demographic",
            # fideslang files citizenship and residency under state-issued immigration data.
            (SpecificKey("immigration", _IMMIGRATION_WORDS, "user.government_id.immigration"),),
            missing_key_note="fideslang has no key for nationality or national origin: immigration, visa, "
            "asylum, refugee, residency and citizenship fields map to user.government_id.immigration; "
            "other national-origin fields (nationality, birthplace, country of birth) map to the parent "
            "user.demographic.",
        ),
    ),
    Rule(
        NEV104, "PoliticalOpinionRecorded", "Schema records political opinion or union membership",
        summary="political opinion, party or trade-union membership",
        subject="a person's political opinion, party membership or trade-union membership",
        category="political", default_on=False, severity=MEDIUM, records="political opinion or union membership",
        fides=FidesKeys("user.demographic.political_opinion"),
    ),
    Rule(
        NEV105, "SexualOrientationRecorded", "Schema records sexual orientation or gender identity",
        summary="sexual orientation, gender identity or sex life",
        subject="a person's sexual orientation, gender identity or sex life",
        category="sexual_orientation", default_on=False, severity=MEDIUM,
        records="sexual orientation or gender identity",
        fides=FidesKeys(
            "user.demographic.sexual_orientation",
            (SpecificKey("gender identity", frozenset({"gender", "transgender", "nonbinary"}),
                         "user.demographic.gender"),),
        ),
    ),
    Rule(
        NEV106, "HealthDataRecorded", "Schema records health, genetic or biometric data",
        summary="health, genetic or biometric data",
        subject="a person's health, genetic or biometric data",
        category="health", default_on=False, severity=MEDIUM, records="health, genetic or biometric data",
        fides=FidesKeys("user.health_and_medical", (
            SpecificKey("genetic", frozenset({"genetic", "genetics", "dna", "genome", "genomic", "genotype",
                                              "gene", "genes"}), "user.health_and_medical.genetic"),
            SpecificKey("fingerprint", frozenset({"fingerprint", "fingerprints"}), "user.biometric.fingerprint"),
            SpecificKey("retinal", frozenset({"retina", "retinal"}), "user.biometric.retinal"),
            SpecificKey("biometric", frozenset({"biometric", "biometrics", "biometry", "faceprint", "voiceprint",
                                                "iris"}), "user.biometric"),
        )),
    ),
    Rule(
        NEV201, "FieldEncryptionRemoved", "Field-level encryption removed",
        summary="field-level encryption removed",
        subject="a field that was encrypted but is now stored in plain text",
        category=ENCRYPTION_CATEGORY, default_on=True, severity=HIGH,
    ),
    Rule(
        NEV202, "ConnectionEncryptionDisabled", "Connection encryption disabled or downgraded",
        summary="connection encryption disabled or downgraded",
        subject="a datastore, cache or broker connection whose encryption is turned off or weakened",
        category=ENCRYPTION_CATEGORY, default_on=True, severity=HIGH,
    ),
    Rule(
        NEV203, "EncryptionAtRestDisabled", "Encryption at rest turned off",
        summary="encryption at rest turned off",
        subject="storage whose encryption at rest is turned off",
        category=ENCRYPTION_CATEGORY, default_on=True, severity=HIGH,
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

# Demographic categories map one-to-one onto codes.
CODE_FOR_CATEGORY: dict[str, str] = {rule.category: rule.code for rule in RULES if rule.demographic}
CATEGORIES: tuple[str, ...] = tuple(CODE_FOR_CATEGORY)

# Codes a finding can carry.
REPORTED_CODES: frozenset[str] = frozenset(rule.code for rule in RULES if rule.reported)

DEFAULT_OFF: tuple[str, ...] = tuple(rule.code for rule in RULES if not rule.default_on)
