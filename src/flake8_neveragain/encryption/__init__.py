"""NEV202 (connection encryption disabled or downgraded), NEV203 (encryption at
rest turned off) and the NEV201 case of pymongo's automatic field encryption
bypassed, found in one file at a time; and the protection settings that
`--diff` compares between revisions.

    facts            EncryptionFact: what was found, where, and what to do instead;
                     ProtectionSetting: one ranked setting, for --diff
    values           constants and option dicts by name, connection strings (URL, libpq, ODBC), local hosts
    options          which option values weaken encryption, in words
    survey           the cheap statement pass that decides whether a module is worth reading at all
    python_settings  driver options (also from **OPTIONS dicts), DSNs, Django DATABASES, PGSSLMODE,
                     ODBC/JDBC strings in module-level constants (NEV202),
                     AutoEncryptionOpts(bypass_auto_encryption=True) (NEV201)
    cloud            boto3 calls that store or carry data without encryption (NEV203, NEV202)
    sql_at_rest      SQL DDL and SET statements that switch encryption off (NEV203), in .sql
                     files and in the SQL strings of Python files
    protection       every recognised setting with a rank (python_protection_settings,
                     sql_protection_settings)
    rules            EncryptionFact -> Finding (question-style message, rule URL)

Nothing here uses the classifier: these rules look at settings, not names.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from flake8_neveragain.findings import Finding

if TYPE_CHECKING:
    from flake8_neveragain.extract.sql_strings import SqlString
    from flake8_neveragain.encryption.setting_facts import ProtectionSetting

__all__ = ["ProtectionSetting", "python_findings", "python_protection_settings", "sql_findings",
           "sql_protection_settings"]


def python_protection_settings(tree: ast.Module) -> list[ProtectionSetting]:
    """Every recognised protection setting of a Python module, strong or weak, in source order."""
    from flake8_neveragain.encryption.protection import python_protection_settings as settings

    return settings(tree)


def sql_protection_settings(text: str) -> list[ProtectionSetting]:
    """The encryption clause, or "(none)", of every CREATE TABLE / TABLESPACE / DATABASE of SQL text."""
    from flake8_neveragain.encryption.protection import sql_protection_settings as settings

    return settings(text)


def python_findings(
    tree: ast.Module, path: str, docs_url: str, sql_strings: list[SqlString] | None = None
) -> list[Finding]:
    """NEV201/202/203 in a Python module; `sql_strings` are its SQL strings as the
    extraction already found them (None: find them here)."""
    from flake8_neveragain.encryption.survey import ModuleSurvey

    module = ModuleSurvey(tree)
    if not module.runs_sql and not module.worth_reading() and not module.connection_strings:
        return []  # most modules (no driver, no DATABASES, no SQL): python_settings is never imported
    from flake8_neveragain.encryption.python_settings import find_connection_findings
    from flake8_neveragain.rules.encryption import findings_for_facts

    facts = find_connection_findings(tree, module, sql_strings)
    return findings_for_facts(facts, path, docs_url) if facts else []


def sql_findings(text: str, path: str, docs_url: str) -> list[Finding]:
    from flake8_neveragain.rules.encryption import findings_for_facts
    from flake8_neveragain.encryption.sql_at_rest import find_at_rest_facts

    facts = find_at_rest_facts(text)
    return findings_for_facts(facts, path, docs_url) if facts else []


def __getattr__(name: str) -> object:
    # Imported on first use: creating its dataclass costs every run time, and only --diff needs it.
    if name == "ProtectionSetting":
        from flake8_neveragain.encryption.setting_facts import ProtectionSetting

        return ProtectionSetting
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
