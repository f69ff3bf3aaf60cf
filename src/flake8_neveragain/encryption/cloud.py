"""boto3 client calls that store data unencrypted (NEV203) or, for ElastiCache,
carry it unencrypted (NEV202).

boto3 clients are plain variables (`rds = boto3.client("rds")`), so calls are
recognised by operation name, and only in modules that import boto3,
botocore or aioboto3. Only an explicit constant counts: an omitted switch is
left to the service default and to infrastructure scanners. Dicts (SQS
Attributes, EC2 block device mappings) may be written in place or bound once
to a module-level name.

Sources: the AWS API references for RDS CreateDBInstance / CreateDBCluster
(`StorageEncrypted`), EC2 CreateVolume (`Encrypted`), EbsBlockDevice
(`Encrypted`: false for a new volume means unencrypted unless encryption by
default is on) and DisableEbsEncryptionByDefault, Kinesis
StopStreamEncryption, ElastiCache CreateReplicationGroup
(`AtRestEncryptionEnabled`, `TransitEncryptionEnabled`, `TransitEncryptionMode`
"preferred" accepting unencrypted connections too), CreateCacheCluster and
ModifyReplicationGroup (`TransitEncryptionEnabled`), SQS CreateQueue /
SetQueueAttributes (`SqsManagedSseEnabled`, SSE with SQS-owned keys, and
`KmsMasterKeyId`, SSE-KMS).

Not reported, on purpose: DynamoDB `SSESpecification={"Enabled": False}`
(the API reference: disabled or not specified means encryption with an AWS
owned key, so the table is still encrypted; only the key control changes,
which `--diff` sees as a lower rank), and S3 (every new object has been
encrypted with SSE-S3 since January 2023, and nothing in the API turns that
off).
"""

from __future__ import annotations

import ast

from flake8_neveragain.extract.callee import callee_name
from flake8_neveragain.encryption.setting_facts import EncryptionFact, ProtectionSetting
from flake8_neveragain.encryption.connection_values import UNKNOWN, Constants, constant, mapping, show

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
    "create_cache_cluster": [
        ("TransitEncryptionEnabled", "NEV202", "connections to the cache are not encrypted",
         "Pass TransitEncryptionEnabled=True."),
    ],
    "modify_replication_group": [
        ("TransitEncryptionEnabled", "NEV202", "connections to the cache are no longer encrypted",
         "Keep TransitEncryptionEnabled=True."),
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

# EC2 operations that take BlockDeviceMappings, directly or inside LaunchTemplateData.
_BLOCK_DEVICES = frozenset({"run_instances", "create_image", "register_image"})
_LAUNCH_TEMPLATES = frozenset({"create_launch_template", "create_launch_template_version"})
_QUEUES = frozenset({"create_queue", "set_queue_attributes"})
_DYNAMODB = frozenset({"create_table", "update_table"})

OPERATIONS = (frozenset(_SWITCHES) | frozenset(_OFF_SWITCHES) | _BLOCK_DEVICES | _LAUNCH_TEMPLATES | _QUEUES
              | _DYNAMODB)

_TRANSIT_MODE = "TransitEncryptionMode"
_SQS_MANAGED = "SqsManagedSseEnabled"
_SQS_KMS = "KmsMasterKeyId"


def cloud_call_facts(call: ast.Call, operation: str, constants: Constants) -> list[EncryptionFact]:
    # Names only: the receiver may be built with keys (`Session(aws_secret_access_key=...).client(...)`).
    subject = callee_name(call.func)
    off = _OFF_SWITCHES.get(operation)
    if off is not None:
        action, effect, instead = off
        return [_fact("NEV203", subject, f"{subject}()", f"{operation}()", action, effect, instead, call)]
    keywords = {keyword.arg: keyword for keyword in call.keywords if keyword.arg}
    if operation in _QUEUES:
        return _queue_facts(subject, operation, keywords, constants)
    if operation in _BLOCK_DEVICES or operation in _LAUNCH_TEMPLATES:
        return [_fact("NEV203", subject, f"{subject}(BlockDeviceMappings)", "Ebs Encrypted=False",
                      "sets Ebs Encrypted=False in a block device mapping",
                      "the new volume is not encrypted unless EBS encryption by default is on",
                      "Set Encrypted=True in the mapping (or turn on EBS encryption by default).", node)
                for node in _unencrypted_block_devices(operation, keywords, constants)]
    facts = []
    for parameter, code, effect, instead in _SWITCHES.get(operation, ()):
        keyword = keywords.get(parameter)
        if keyword is not None and constant(keyword.value, constants) is False:
            evidence = f"{parameter}=False"
            facts.append(_fact(code, subject, f"{subject}({parameter})", evidence, f"sets {evidence}",
                               effect, instead, keyword))
    mode = keywords.get(_TRANSIT_MODE)
    if operation == "create_replication_group" and mode is not None:
        value = constant(mode.value, constants)
        if isinstance(value, str) and value.strip().lower() == "preferred":
            evidence = f"{_TRANSIT_MODE}={show(value)}"
            facts.append(_fact("NEV202", subject, f"{subject}({_TRANSIT_MODE})", evidence, f"sets {evidence}",
                               "clients may still connect without encryption",
                               "Use TransitEncryptionMode='required' once every client connects with TLS.", mode))
    return facts


def _queue_facts(subject: str, operation: str, keywords: dict[str | None, ast.keyword],
                 constants: Constants) -> list[EncryptionFact]:
    """SqsManagedSseEnabled='false' with no KMS key in the same Attributes."""
    attributes = _attributes(keywords, constants)
    if attributes is None:
        return []
    managed = attributes.get(_SQS_MANAGED)
    if managed is None or not _is_false(managed[1]) or _has_kms_key(attributes):
        return []
    evidence = f"Attributes {_SQS_MANAGED}={show(managed[1])}"
    effect = ("the queue's messages are stored unencrypted" if operation == "create_queue"
              else "unless the queue has a KMS key, its messages are stored unencrypted from now on")
    return [_fact("NEV203", subject, f"{subject}({_SQS_MANAGED})", evidence, f"sets {evidence}", effect,
                  "Leave SqsManagedSseEnabled at its default (true), or set KmsMasterKeyId to a KMS key.",
                  managed[0])]


def _attributes(keywords: dict[str | None, ast.keyword],
                constants: Constants) -> dict[str, tuple[ast.AST, object]] | None:
    """SQS Attributes={...}: name -> (node to point at, constant value)."""
    keyword = keywords.get("Attributes")
    found = mapping(keyword.value, constants) if keyword is not None else None
    if found is None:
        return None
    display, name = found
    return {key: (keyword.value if name else value_node, value)
            for key, value_node, value in _items(display, constants)}


def _has_kms_key(attributes: dict[str, tuple[ast.AST, object]]) -> bool:
    key = attributes.get(_SQS_KMS)
    # A key given as a variable counts as a key: only an empty string means none.
    return key is not None and key[1] != ""


def _unencrypted_block_devices(operation: str, keywords: dict[str | None, ast.keyword],
                               constants: Constants) -> list[ast.AST]:
    """`{"Ebs": {"Encrypted": False}}` entries of BlockDeviceMappings."""
    if operation in _LAUNCH_TEMPLATES:
        keyword = keywords.get("LaunchTemplateData")
        data = mapping(keyword.value, constants) if keyword is not None else None
        if data is None:
            return []
        mappings = next((value_node for key, value_node, _ in _items(data[0], constants)
                         if key == "BlockDeviceMappings"), None)
    else:
        keyword = keywords.get("BlockDeviceMappings")
        mappings = keyword.value if keyword is not None else None
    if not isinstance(mappings, (ast.List, ast.Tuple)):  # a list written in place
        return []
    found = []
    for element in mappings.elts:
        device = mapping(element, constants)
        ebs = None if device is None else next(
            (value_node for key, value_node, _ in _items(device[0], constants) if key == "Ebs"), None)
        ebs_dict = mapping(ebs, constants) if ebs is not None else None
        if ebs_dict is None:
            continue
        for key, value_node, value in _items(ebs_dict[0], constants):
            if key == "Encrypted" and value is False:
                found.append(value_node)
    return found


def _items(display: ast.Dict, constants: Constants) -> list[tuple[str, ast.expr, object]]:
    items = []
    for key_node, value_node in zip(display.keys, display.values):
        key = constant(key_node, constants) if key_node is not None else UNKNOWN
        if isinstance(key, str):
            items.append((key, value_node, constant(value_node, constants)))
    return items


def _is_false(value: object) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _fact(code: str, subject: str, symbol: str, evidence: str, action: str, effect: str, instead: str,
          node: ast.AST) -> EncryptionFact:
    from flake8_neveragain.encryption.python_settings import span_of

    return EncryptionFact(code=code, source="cloud-call", subject=subject, symbol=symbol, evidence=evidence,
                          action=action, effect=effect, instead=instead, span=span_of(node))


# --- protection settings for --diff -----------------------------------------------------

_STORAGE = "aws-storage-encryption"
_TRANSIT = "aws-transit-encryption"
_SQS = "sqs-sse"
_DYNAMODB_KEY = "dynamodb-sse-key"


def cloud_call_settings(call: ast.Call, operation: str, constants: Constants, where: str) -> list[ProtectionSetting]:
    """Ranked encryption switches of one boto3 call: explicit ones, and the documented defaults
    of SQS create_queue (SSE-SQS) and DynamoDB create_table (an AWS owned key)."""
    from flake8_neveragain.encryption.python_settings import span_of

    subject = callee_name(call.func)
    keywords = {keyword.arg: keyword for keyword in call.keywords if keyword.arg}
    settings = []

    def add(parameter: str, family: str, value: str, rank: int, node: ast.AST) -> None:
        settings.append(ProtectionSetting(f"{subject}({parameter})@{where}", family, value, rank, subject,
                                          span_of(node)))

    for parameter, code, _, _ in _SWITCHES.get(operation, ()):
        keyword = keywords.get(parameter)
        value = constant(keyword.value, constants) if keyword is not None else UNKNOWN
        if isinstance(value, bool):
            add(parameter, _TRANSIT if code == "NEV202" else _STORAGE, f"{parameter}={value}", int(value), keyword)
    if operation in _QUEUES:
        attributes = _attributes(keywords, constants) or {}
        managed = attributes.get(_SQS_MANAGED)
        if _has_kms_key(attributes):
            add("SSE", _SQS, _SQS_KMS, 2, attributes[_SQS_KMS][0])
        elif managed is not None:
            add("SSE", _SQS, f"{_SQS_MANAGED}={show(managed[1])}", 0 if _is_false(managed[1]) else 1, managed[0])
        elif operation == "create_queue":
            add("SSE", _SQS, "(none: SSE-SQS by default)", 1, call)
    if operation in _DYNAMODB:
        keyword = keywords.get("SSESpecification")
        found = mapping(keyword.value, constants) if keyword is not None else None
        if found is not None:
            enabled = next((value for key, _, value in _items(found[0], constants) if key == "Enabled"), UNKNOWN)
            if isinstance(enabled, bool):
                add("SSESpecification", _DYNAMODB_KEY, "KMS key" if enabled else "AWS owned key", int(enabled),
                    keyword)
        elif operation == "create_table":
            add("SSESpecification", _DYNAMODB_KEY, "(none: AWS owned key)", 0, call)
    return settings
