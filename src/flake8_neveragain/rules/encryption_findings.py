"""The encryption rules' stage: judged facts -> findings, each a question with what to do instead.

Three kinds of evidence reach it, and all the wording of NEV201-203 is here or in
the table it reads (rules/encryption_levels.py):
- setting facts (facts.SettingFact) from the detectors in encryption/: the table
  ranks each, and a weak one is a finding (NEV202, NEV203, NEV201 for pymongo);
- fields a migration takes encryption away from (migration_replay/, NEV201);
- downgrades between two revisions (diff/downgrades.py, NEV201 under --diff).
"""

from __future__ import annotations

from dataclasses import dataclass

from flake8_neveragain.extract.frameworks import SOURCE_LABELS, TABLE_SOURCES
from flake8_neveragain.facts import Decryption, SettingFact, Span
from flake8_neveragain.findings import Finding
from flake8_neveragain.rules.emit import finding
from flake8_neveragain.rules.encryption_levels import Family, Judged, judge
from flake8_neveragain.rules.registry import NEV201


def findings_for_settings(facts: list[SettingFact], path: str, docs_url: str) -> list[Finding]:
    """A finding for each weak setting, once per setting as written, in source order."""
    seen: set[tuple[str, Span, str]] = set()
    weak: list[tuple[SettingFact, Judged]] = []
    for fact in facts:
        judged = judge(fact)
        if judged is None or not judged.weak:
            continue
        # A constant passed to two calls, or read by a call and found on its own, is one
        # finding at the constant.
        once = (judged.ranking.code, fact.span, fact.written)
        if once not in seen:
            seen.add(once)
            weak.append((fact, judged))
    weak.sort(key=lambda pair: (pair[0].span.line, pair[0].span.column))
    return [
        finding(judged.ranking.code, path, fact.span,
                _question(fact.subject, fact.action or f"sets {fact.written}", judged.level.effect, judged.instead),
                docs_url, source=fact.source, symbol=fact.symbol, evidence=fact.written, kind="setting")
        for fact, judged in weak
    ]


def _question(subject: str, action: str, effect: str, instead: str) -> str:
    # Ask, don't accuse: say what the code does and what would keep encryption.
    return f"{subject} {action}: {effect}; is that intended? {instead}"


# --- NEV201: migrations --------------------------------------------------------------------

_PLAIN = "new values are stored in plain text, readable to anyone with the database, a dump or a backup"
_PLAIN_AND_MIXED = f"{_PLAIN}, and rows written before may come back as ciphertext"
_KEEP_ENCRYPTED_TYPE = (
    "Keep an encrypted field type (rotate keys rather than decrypt); "
    "if the data must be decrypted, say why in review."
)


def findings_for_decryptions(cases: list[Decryption], path: str, docs_url: str) -> list[Finding]:
    """NEV201 for each field a migration takes field-level encryption away from."""
    findings = []
    for case in cases:
        source = case.source
        label = SOURCE_LABELS.get(source, source)
        subject = f"{label} {case.migration}" if case.migration else label
        symbol = f"{case.model}.{case.field}"
        if case.how == "alters":
            action = f"alters {symbol} from {case.before.shown} to {case.after.shown}"
            effect = _PLAIN_AND_MIXED
        else:
            where = f"that {case.removed_in} removed" if case.removed_in != case.migration else "removed above"
            if case.how == "adds":
                action = f"adds {symbol} as {case.after.shown} in place of the encrypted {case.before.shown} {where}"
            else:
                action = (
                    f"renames {case.model}.{case.renamed_from} ({case.after.shown}) to {case.field}, in place of "
                    f"the encrypted {case.before.shown} {where}"
                )
            effect = _PLAIN
        findings.append(finding(
            NEV201, path, case.span, _question(subject, action, effect, _KEEP_ENCRYPTED_TYPE), docs_url,
            source=source, symbol=symbol, evidence=f"{case.before.shown} -> {case.after.shown}", kind="setting",
        ))
    return findings


# --- NEV201: --diff ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class FieldDowngrade:
    """A field encrypted at field level at REV and stored in plain text now."""

    path: str
    span: Span
    source: str
    owner: str
    name: str
    revision: str


@dataclass(frozen=True, slots=True)
class SettingDowngrade:
    """A setting ranked lower now than at REV under the same key."""

    path: str
    before: SettingFact
    now: SettingFact
    family: Family
    revision: str


Downgrade = FieldDowngrade | SettingDowngrade


def findings_for_downgrades(downgrades: list[Downgrade], docs_url: str) -> list[Finding]:
    """NEV201 for each field or setting that protects less now than at the base revision."""
    findings = []
    for item in downgrades:
        if isinstance(item, FieldDowngrade):
            label = SOURCE_LABELS.get(item.source, item.source)
            noun = "column" if item.source in TABLE_SOURCES else "field"
            symbol = f"{item.owner}.{item.name}"
            change = f"was encrypted at field level in {item.revision} and is stored in plain text now"
            question = _question(
                f"{label} {noun} {symbol}", change,
                "values written from now on are readable by anyone with database access or a backup, "
                "and rows written before may hold ciphertext the new type returns as is",
                "Keep the encrypted field type; if the data must be decrypted, record why in review.")
            findings.append(finding(NEV201, item.path, item.span, question, docs_url, source=item.source,
                                    symbol=symbol, evidence=change, kind="field"))
            continue
        now = item.now
        change = f"weakens {_option(now.key)} from {_shown(item.before)} in {item.revision} to {_shown(now)}"
        question = _question(now.subject, change, item.family.weaker,
                             "Keep the stronger setting, or record in review why it must change.")
        # The report's source, in the words the single-file rules use.
        source = "django-settings" if now.key.startswith("DATABASES[") else item.family.source
        findings.append(finding(NEV201, item.path, now.span, question, docs_url, source=source,
                                symbol=now.key, evidence=change, kind="setting"))
    return findings


def _shown(setting: SettingFact) -> str:
    return "nothing (the default)" if setting.shown == "(none)" else setting.shown


def _option(key: str) -> str:
    """The option a setting key names, for messages.

    "psycopg2.connect(sslmode)@get_conn" -> "sslmode"; "DATABASES['default'].OPTIONS.sslmode"
    -> "sslmode"; "table person ENCRYPTION" -> "the ENCRYPTION clause of table person".
    """
    key = key.partition("@")[0]
    if key.endswith(")") and "(" in key:
        return key[key.rindex("(") + 1:-1]
    if " " in key:
        head, _, clause = key.rpartition(" ")
        return f"the {clause} clause of {head}"
    return key.rpartition(".")[2].strip("[]'\"") or key
