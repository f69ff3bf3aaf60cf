"""NEV201 across revisions: what encrypted at REV and no longer does now.

A file's *snapshot* is what protects data in it: each model field or table column
with whether its type encrypts it, and each protection setting (sslmode, ODBC
Encrypt, a table's ENCRYPTION clause, ...), which rules/encryption_levels.py ranks,
higher meaning stronger. Comparing the snapshot at REV with the working tree's
gives the downgrades (worded by rules/encryption_findings.py):

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

from flake8_neveragain.facts import FieldFact, SettingFact, Span
from flake8_neveragain.rules.encryption_findings import (
    Downgrade,
    FieldDowngrade,
    SettingDowngrade,
    findings_for_downgrades,
)
from flake8_neveragain.rules.encryption_levels import judge

# findings_for_downgrades is the rules' part, named here too for --diff's driver.
__all__ = ["EMPTY", "FilePair", "Snapshot", "find_downgrades", "findings_for_downgrades", "python_snapshot",
           "snapshot_of", "sql_snapshot"]


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
    settings: tuple[SettingFact, ...]


EMPTY = Snapshot((), ())


def snapshot_of(facts: tuple[FieldFact, ...], settings: tuple[SettingFact, ...]) -> Snapshot:
    """What protects data in a file, from the facts and settings its analysis already read."""
    return Snapshot(_field_states(list(facts)), settings)


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


def _field_downgrade(path: str, state: FieldState, revision: str) -> FieldDowngrade:
    return FieldDowngrade(path, state.span, state.source, state.owner, state.name, revision)


def _setting_downgrades(
    path: str, base: tuple[SettingFact, ...], head: tuple[SettingFact, ...], revision: str
) -> list[Downgrade]:
    before_by_key: dict[str, list[SettingFact]] = defaultdict(list)
    for setting in base:
        before_by_key[setting.key].append(setting)
    now_by_key: dict[str, list[SettingFact]] = defaultdict(list)
    for setting in head:
        now_by_key[setting.key].append(setting)
    downgrades: list[Downgrade] = []
    for key, settings_now in now_by_key.items():
        # Settings under one key pair up in source order (two connect calls alike).
        for before, now in zip(before_by_key.get(key, ()), settings_now):
            was, judged = judge(before), judge(now)
            if was is not None and judged is not None and judged.level.rank < was.level.rank:
                downgrades.append(SettingDowngrade(path, before, now, judged.ranking.family, revision))
    return downgrades
