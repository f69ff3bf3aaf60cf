"""boto3 client calls that store data unencrypted (NEV203) or, for ElastiCache,
carry it unencrypted (NEV202).

boto3 clients are plain variables (`rds = boto3.client("rds")`), so calls are
recognised by operation name, and only in modules that import boto3,
botocore or aioboto3. Only an explicit constant counts: an omitted switch is
left to the service default and to infrastructure scanners.

Sources: the AWS API references for RDS CreateDBInstance / CreateDBCluster
(`StorageEncrypted`), EC2 CreateVolume (`Encrypted`) and
DisableEbsEncryptionByDefault, Kinesis StopStreamEncryption, ElastiCache
CreateReplicationGroup (`AtRestEncryptionEnabled`, `TransitEncryptionEnabled`).
"""

from __future__ import annotations

import ast

from .facts import EncryptionFact
from .values import Constants, constant

# operation -> [(parameter, code, effect, instead)]: the parameter set to False.
_SWITCHES: dict[str, list[tuple[str, str, str, str]]] = {
    "create_db_instance": [("StorageEncrypted", "NEV203", "the database's storage and backups are not encrypted",
                            "Pass StorageEncrypted=True, with a KmsKeyId you control.")],
    "create_db_cluster": [("StorageEncrypted", "NEV203", "the cluster's storage and backups are not encrypted",
                           "Pass StorageEncrypted=True, with a KmsKeyId you control.")],
    "create_volume": [("Encrypted", "NEV203", "the volume and its snapshots are not encrypted",
                       "Pass Encrypted=True (or turn on EBS encryption by default).")],
    "create_replication_group": [
        ("AtRestEncryptionEnabled", "NEV203", "the cache's disk and backups are not encrypted",
         "Pass AtRestEncryptionEnabled=True."),
        ("TransitEncryptionEnabled", "NEV202", "connections to the cache are not encrypted",
         "Pass TransitEncryptionEnabled=True."),
    ],
}

# Operations that turn encryption off by being called at all.
_OFF_SWITCHES: dict[str, tuple[str, str, str]] = {
    "disable_ebs_encryption_by_default": (
        "disables EBS encryption by default", "new EBS volumes in the region are no longer encrypted by default",
        "Leave encryption by default on; encrypt individual volumes if an exception is really needed."),
    "stop_stream_encryption": (
        "stops stream encryption", "records written to the stream from now on are not encrypted",
        "Keep server-side encryption on; rotate the KMS key instead if that is the aim."),
}

OPERATIONS = frozenset(_SWITCHES) | frozenset(_OFF_SWITCHES)


def cloud_call_facts(call: ast.Call, operation: str, constants: Constants) -> list[EncryptionFact]:
    from .python_settings import span_of

    subject = ast.unparse(call.func)
    off = _OFF_SWITCHES.get(operation)
    if off is not None:
        action, effect, instead = off
        return [EncryptionFact(
            code="NEV203", source="cloud-call", subject=subject, symbol=f"{subject}()",
            evidence=f"{operation}()", action=action, effect=effect, instead=instead, span=span_of(call),
        )]
    switches = _SWITCHES.get(operation)
    if not switches:
        return []
    keywords = {keyword.arg: keyword for keyword in call.keywords if keyword.arg}
    facts = []
    for parameter, code, effect, instead in switches:
        keyword = keywords.get(parameter)
        if keyword is not None and constant(keyword.value, constants) is False:
            evidence = f"{parameter}=False"
            facts.append(EncryptionFact(
                code=code, source="cloud-call", subject=subject, symbol=f"{subject}({parameter})",
                evidence=evidence, action=f"sets {evidence}", effect=effect, instead=instead,
                span=span_of(keyword),
            ))
    return facts
