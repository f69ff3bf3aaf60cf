"""NEV201 across revisions: what encrypted at REV and no longer does now.

A file's *snapshot* is what protects data in it: each model field or table column
with whether its type encrypts it, and each protection setting (sslmode, ODBC
Encrypt, a table's ENCRYPTION clause, ...) with a rank, higher meaning stronger.
Comparing the snapshot at REV with the working tree's gives the downgrades:

- a field encrypted at REV that is stored in plain text now, in the same file, or
  moved to another file in the same change (the key is the model and field name);
- a setting whose rank went down under the same key (verify-full -> require,
  ENCRYPTION='Y' -> no clause).

Neither side is a finding on its own, which is why only the diff can see them:
EncryptedTextField -> TextField changes no column type, so no migration says so.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass

from flake8_neveragain.encryption.setting_facts import ProtectionSetting
from flake8_neveragain.facts import SOURCE_LABELS, FieldFact, Span
from flake8_neveragain.findings import Finding
from flake8_neveragain.rules.demographic import TABLE_SOURCES, rule_url

CODE = "NEV201"


@dataclass(frozen=True, slots=True)
class FieldState:
    owner: str
    name: str
    source: str
    encrypted: bool
    span: Span

    @property
    def key(self) -> tuple[str, str]:
        return (self.owner, self.name)


@dataclass(frozen=True, slots=True)
class Snapshot:
    fields: tuple[FieldState, ...]
    settings: tuple[ProtectionSetting, ...]


EMPTY = Snapshot((), ())


def python_snapshot(tree: ast.Module, path: str, encrypted_types: tuple[str, ...] = ()) -> Snapshot:
    """What protects data in a parsed Python module."""
    from flake8_neveragain import encryption
    from flake8_neveragain.extract import extract_facts

    try:
        facts = extract_facts(tree, path, encrypted_types=encrypted_types)
        settings = encryption.python_protection_settings(tree)
    except RecursionError:
        return EMPTY
    return Snapshot(_field_states(facts), tuple(settings))


def sql_snapshot(text: str) -> Snapshot:
    """What protects data in SQL text."""
    from flake8_neveragain import encryption
    from flake8_neveragain.sql import extract_sql_facts

    facts, _ = extract_sql_facts(text)
    return Snapshot(_field_states(facts), tuple(encryption.sql_protection_settings(text)))


def _field_states(facts: list[FieldFact]) -> tuple[FieldState, ...]:
    # Definitions only: a migration's or ALTER's field is a change, read by NEV201's
    # single-file rules, and the same field appears again in the model it builds.
    return tuple(
        FieldState(fact.owner, fact.name, fact.source, fact.encrypted, fact.span)
        for fact in facts
        if fact.kind == "field" and fact.owner and not fact.action
    )


@dataclass(frozen=True, slots=True)
class FilePair:
    """One checked file now (path, snapshot) and at REV (None if it is new)."""

    path: str
    head: Snapshot
    base: Snapshot | None


@dataclass(frozen=True, slots=True)
class Downgrade:
    path: str
    span: Span
    source: str
    symbol: str
    subject: str  # "Django model field Patient.notes", "psycopg2.connect"
    change: str  # what went from what to what, for the message and evidence
    effect: str
    instead: str
    kind: str  # "field" or "setting"


def find_downgrades(pairs: list[FilePair], removed: list[Snapshot], revision: str) -> list[Downgrade]:
    """Every downgrade between REV and now; `removed` holds snapshots of files deleted since REV."""
    downgrades: list[Downgrade] = []
    orphans: dict[tuple[str, str], FieldState] = {}  # encrypted at REV, gone from their file now
    arrivals: list[tuple[str, FieldState]] = []  # plain now, absent from their file at REV
    for pair in pairs:
        base = pair.base or EMPTY
        base_fields = {state.key: state for state in base.fields}
        head_keys = {state.key for state in pair.head.fields}
        for state in pair.head.fields:
            before = base_fields.get(state.key)
            if before is None:
                if not state.encrypted:
                    arrivals.append((pair.path, state))
            elif before.encrypted and not state.encrypted:
                downgrades.append(_field_downgrade(pair.path, state, revision))
        for key, before in base_fields.items():
            if before.encrypted and key not in head_keys:
                orphans.setdefault(key, before)
        downgrades.extend(_setting_downgrades(pair.path, base.settings, pair.head.settings, revision))
    for snapshot in removed:
        for before in snapshot.fields:
            if before.encrypted:
                orphans.setdefault(before.key, before)
    # A model moved to another file (models.py -> models/patient.py) in the same change.
    for path, state in arrivals:
        if state.key in orphans:
            downgrades.append(_field_downgrade(path, state, revision))
    return downgrades


def _field_downgrade(path: str, state: FieldState, revision: str) -> Downgrade:
    label = SOURCE_LABELS.get(state.source, state.source)
    noun = "column" if state.source in TABLE_SOURCES else "field"
    return Downgrade(
        path=path,
        span=state.span,
        source=state.source,
        symbol=f"{state.owner}.{state.name}",
        subject=f"{label} {noun} {state.owner}.{state.name}",
        change=f"was encrypted at field level in {revision} and is stored in plain text now",
        effect=("values written from now on are readable by anyone with database access or a backup, "
                "and rows written before may hold ciphertext the new type returns as is"),
        instead="Keep the encrypted field type; if the data must be decrypted, record why in review.",
        kind="field",
    )


def _setting_downgrades(
    path: str, base: tuple[ProtectionSetting, ...], head: tuple[ProtectionSetting, ...], revision: str
) -> list[Downgrade]:
    before_by_key: dict[str, list[ProtectionSetting]] = defaultdict(list)
    for setting in base:
        before_by_key[setting.key].append(setting)
    now_by_key: dict[str, list[ProtectionSetting]] = defaultdict(list)
    for setting in head:
        now_by_key[setting.key].append(setting)
    downgrades = []
    for key, settings_now in now_by_key.items():
        # Settings under one key pair up in source order (two connect calls alike).
        for before, now in zip(before_by_key.get(key, ()), settings_now):
            if now.rank < before.rank:
                downgrades.append(Downgrade(
                    path=path,
                    span=now.span,
                    source=_setting_source(now),
                    symbol=key,
                    subject=now.subject,
                    change=f"weakens {_option(key)} from {_shown(before)} in {revision} to {_shown(now)}",
                    effect=_setting_effect(now),
                    instead="Keep the stronger setting, or record in review why it must change.",
                    kind="setting",
                ))
    return downgrades


def _shown(setting: ProtectionSetting) -> str:
    return "nothing (the default)" if setting.value == "(none)" else setting.value


# What a weaker setting means, by family prefix; connections are the default.
_EFFECTS: tuple[tuple[str, str], ...] = (
    ("sql-", "the data it stores is no longer encrypted at rest, in its files or in backups"),
    ("aws-storage", "the data it stores is less protected at rest than before"),
    ("sqs-", "messages stored in the queue are less protected at rest than before"),
    ("dynamodb-", "the table's keys are less under your control than before"),
    ("mongo-auto-encryption", "fields the client encrypted before may now be written in plain text"),
)
_CONNECTION_EFFECT = ("the connection encrypts or verifies less than before, so its traffic is easier "
                      "to read or to redirect to an impostor")


def _setting_effect(setting: ProtectionSetting) -> str:
    for prefix, effect in _EFFECTS:
        if setting.family.startswith(prefix):
            return effect
    return _CONNECTION_EFFECT


def _setting_source(setting: ProtectionSetting) -> str:
    """The report's `source` for a setting, in the words the single-file rules use."""
    if setting.family.startswith("sql-"):
        return "sql-ddl"
    if setting.key.startswith("DATABASES["):
        return "django-settings"
    if setting.family.startswith(("aws-", "sqs-", "dynamodb-")):
        return "cloud-call"
    return "python-connection"


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


def findings_for_downgrades(downgrades: list[Downgrade], docs_url: str) -> list[Finding]:
    url = rule_url(docs_url, CODE)
    return [
        Finding(
            path=item.path,
            line=item.span.line,
            column=item.span.column,
            end_line=item.span.end_line,
            end_column=item.span.end_column,
            code=CODE,
            category="encryption",
            message=f"{item.subject} {item.change}: {item.effect}; is that intended? {item.instead} See {url}",
            url=url,
            source=item.source,
            symbol=item.symbol,
            evidence=item.change,
            kind=item.kind,
        )
        for item in downgrades
    ]
