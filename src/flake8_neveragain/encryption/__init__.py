"""The encryption detectors: settings that protect data in transit or at rest, read one
file at a time, as neutral setting facts (facts.SettingFact: family, option, value as
written, where, and who it configures). They know drivers, cloud APIs and SQL; which
values are weak is the rules' part (rules/encryption_levels.py, one table that ranks
every option), and rules/encryption_findings.py turns the weak ones into findings:
NEV202 (connection encryption disabled or downgraded), NEV203 (encryption at rest
turned off) and the NEV201 case of pymongo's automatic field encryption bypassed.
`--diff` compares the same settings, keyed, between revisions.

    connection_values  constants and option dicts by name, connection strings (URL, libpq, ODBC), local hosts
    survey             the cheap first look that decides whether a module is worth reading at all
                       (it reads the extraction's index), and what the detectors look for
    python_settings    driver options (also from **OPTIONS dicts), DSNs, Django DATABASES, PGSSLMODE,
                       ODBC/JDBC strings in module-level constants, AutoEncryptionOpts(bypass_auto_encryption=...)
    cloud              boto3 calls that store or carry data, and their encryption switches
    sql_at_rest        SQL DDL and SET statements about encryption at rest, in .sql files and in the
                       SQL strings of Python files
    protection         every recognised setting keyed for --diff, with the drivers' documented defaults
                       (python_protection_settings, sql_protection_settings)

Nothing here uses the classifier: these rules look at settings, not names.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from flake8_neveragain.facts import SettingFact

if TYPE_CHECKING:
    from flake8_neveragain.extract.index import ModuleIndex
    from flake8_neveragain.extract.sql_strings import SqlString

__all__ = ["python_protection_settings", "python_setting_facts", "sql_protection_settings", "sql_setting_facts"]


def python_protection_settings(tree: ast.Module, index: ModuleIndex | None = None) -> list[SettingFact]:
    """Every recognised protection setting of a Python module, strong or weak, in source order
    (`index`: the module's index, if the extraction made it)."""
    from flake8_neveragain.encryption.protection import python_protection_settings as settings

    return settings(tree, index)


def sql_protection_settings(text: str) -> list[SettingFact]:
    """The encryption clause, or "(none)", of every CREATE TABLE / TABLESPACE / DATABASE of SQL text."""
    from flake8_neveragain.encryption.protection import sql_protection_settings as settings

    return settings(text)


def python_setting_facts(
    tree: ast.Module, sql_strings: list[SqlString] | None = None, index: ModuleIndex | None = None,
) -> list[SettingFact]:
    """The settings of a Python module that the encryption rules judge; `sql_strings` are its
    SQL strings and `index` its index as the extraction already made them (None: found here)."""
    from flake8_neveragain.encryption.survey import ModuleSurvey

    module = ModuleSurvey(tree, index)
    if not module.runs_sql and not module.worth_reading() and not module.connection_strings:
        return []  # most modules (no driver, no DATABASES, no SQL): python_settings is never imported
    from flake8_neveragain.encryption.python_settings import find_setting_facts

    return find_setting_facts(tree, module, sql_strings)


def sql_setting_facts(text: str) -> list[SettingFact]:
    """The encryption-at-rest statements of SQL text, as settings the rules judge."""
    from flake8_neveragain.encryption.sql_at_rest import find_at_rest_facts

    return find_at_rest_facts(text)
