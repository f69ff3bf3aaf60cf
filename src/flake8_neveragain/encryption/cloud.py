"""boto3 client calls that store or carry data: their encryption switches as setting facts
(judged NEV203 at rest, NEV202 in transit by rules/encryption_levels.py).

boto3 clients are plain variables (`rds = boto3.client("rds")`), so calls are
recognised by operation name (survey.AWS_OPERATIONS), and only in modules that
import boto3, botocore or aioboto3. Only an explicit constant counts: an omitted
switch is left to the service default and to infrastructure scanners. Dicts (SQS
Attributes, EC2 block device mappings) may be written in place or bound once to
a module-level name.

Not reported, on purpose: DynamoDB `SSESpecification={"Enabled": False}` (the
API reference: disabled or not specified means encryption with an AWS owned key,
so the table is still encrypted; only the key control changes, which `--diff`
sees as a lower rank), and S3 (every new object has been encrypted with SSE-S3
since January 2023, and nothing in the API turns that off).
"""

from __future__ import annotations

import ast

from flake8_neveragain.encryption.connection_values import UNKNOWN, Constants, constant, mapping, show
from flake8_neveragain.encryption.survey import (
    AWS_BLOCK_DEVICES,
    AWS_DYNAMODB,
    AWS_LAUNCH_TEMPLATES,
    AWS_OFF_SWITCHES,
    AWS_QUEUES,
    AWS_SWITCHES,
)
from flake8_neveragain.extract.callee import callee_name
from flake8_neveragain.extract.syntax import node_span
from flake8_neveragain.facts import SettingFact

_SOURCE = "cloud-call"
_CALLED = "()"  # the option of an operation that acts by being called (encryption_levels.CALLED)
_BLOCK_DEVICE = "ebs-block-device"
_SQS_MANAGED = "SqsManagedSseEnabled"
_SQS_KMS = "KmsMasterKeyId"

Attributes = dict[str, tuple[ast.expr, object]]


def cloud_call_facts(call: ast.Call, operation: str, constants: Constants) -> list[SettingFact]:
    # Names only: the receiver may be built with keys (`Session(aws_secret_access_key=...).client(...)`).
    subject = callee_name(call.func)
    action = AWS_OFF_SWITCHES.get(operation)
    if action is not None:
        return [_fact(operation, _CALLED, True, subject, f"{subject}()", f"{operation}()", call, action)]
    keywords = {keyword.arg: keyword for keyword in call.keywords if keyword.arg}
    if operation in AWS_QUEUES:
        attributes = _attributes(keywords, constants)
        managed = attributes.get(_SQS_MANAGED) if attributes is not None else None
        if attributes is None or managed is None or _has_kms_key(attributes):  # a KMS key encrypts it anyway
            return []
        return [_fact(operation, _SQS_MANAGED, managed[1], subject, f"{subject}({_SQS_MANAGED})",
                      f"Attributes {_SQS_MANAGED}={show(managed[1])}", managed[0])]
    if operation in AWS_BLOCK_DEVICES or operation in AWS_LAUNCH_TEMPLATES:
        return [_fact(_BLOCK_DEVICE, "Encrypted", value, subject, f"{subject}(BlockDeviceMappings)",
                      f"Ebs Encrypted={show(value)}", node,
                      f"sets Ebs Encrypted={show(value)} in a block device mapping")
                for node, value in _block_device_encryption(operation, keywords, constants)]
    if operation not in AWS_SWITCHES:
        return []
    facts = []
    for parameter, keyword in keywords.items():
        value = constant(keyword.value, constants)
        if value is not UNKNOWN:
            facts.append(_fact(operation, parameter, value, subject, f"{subject}({parameter})",
                               f"{parameter}={show(value)}", keyword))
    return facts


def _fact(operation: str, option: str, value: object, subject: str, symbol: str, written: str,
          node: ast.expr | ast.keyword, action: str = "", shown: str = "") -> SettingFact:
    return SettingFact(family=operation, option=option, value=value, subject=subject, symbol=symbol, written=written,
                       source=_SOURCE, span=node_span(node), action=action, shown=shown)


def _attributes(keywords: dict[str, ast.keyword], constants: Constants) -> Attributes | None:
    """SQS Attributes={...}: name -> (node to point at, constant value)."""
    keyword = keywords.get("Attributes")
    found = mapping(keyword.value, constants) if keyword is not None else None
    if keyword is None or found is None:
        return None
    display, name = found
    return {key: (keyword.value if name else value_node, value)
            for key, value_node, value in _items(display, constants)}


def _has_kms_key(attributes: Attributes) -> bool:
    key = attributes.get(_SQS_KMS)
    # A key given as a variable counts as a key: only an empty string means none.
    return key is not None and key[1] != ""


def _block_device_encryption(operation: str, keywords: dict[str, ast.keyword],
                             constants: Constants) -> list[tuple[ast.expr, object]]:
    """`{"Ebs": {"Encrypted": ...}}` entries of BlockDeviceMappings."""
    if operation in AWS_LAUNCH_TEMPLATES:
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
    found: list[tuple[ast.expr, object]] = []
    for element in mappings.elts:
        device = mapping(element, constants)
        ebs = None if device is None else next(
            (value_node for key, value_node, _ in _items(device[0], constants) if key == "Ebs"), None)
        ebs_dict = mapping(ebs, constants) if ebs is not None else None
        if ebs_dict is None:
            continue
        found.extend((value_node, value) for key, value_node, value in _items(ebs_dict[0], constants)
                     if key == "Encrypted" and value is not UNKNOWN)
    return found


def _items(display: ast.Dict, constants: Constants) -> list[tuple[str, ast.expr, object]]:
    items = []
    for key_node, value_node in zip(display.keys, display.values):
        key = constant(key_node, constants) if key_node is not None else UNKNOWN
        if isinstance(key, str):
            items.append((key, value_node, constant(value_node, constants)))
    return items


# --- protection settings for --diff -----------------------------------------------------

def cloud_call_settings(call: ast.Call, operation: str, constants: Constants) -> list[SettingFact]:
    """The encryption switches of one boto3 call for --diff (protection.py keys them): explicit
    ones, and the documented defaults of SQS create_queue (SSE-SQS) and DynamoDB create_table
    (an AWS owned key). A queue has one setting: a KMS key, or what SqsManagedSseEnabled says."""
    subject = callee_name(call.func)
    keywords = {keyword.arg: keyword for keyword in call.keywords if keyword.arg}
    settings = []

    def add(option: str, value: object, shown: str, node: ast.expr | ast.keyword) -> None:
        settings.append(_fact(operation, option, value, subject, "", "", node, shown=shown))

    if operation in AWS_SWITCHES:
        for parameter, keyword in keywords.items():
            value = constant(keyword.value, constants)
            if isinstance(value, bool):
                add(parameter, value, f"{parameter}={value}", keyword)
    if operation in AWS_QUEUES:
        attributes = _attributes(keywords, constants) or {}
        managed = attributes.get(_SQS_MANAGED)
        if _has_kms_key(attributes):
            add(_SQS_KMS, True, _SQS_KMS, attributes[_SQS_KMS][0])
        elif managed is not None:
            add(_SQS_MANAGED, managed[1], f"{_SQS_MANAGED}={show(managed[1])}", managed[0])
        elif operation == "create_queue":
            add(_SQS_MANAGED, True, "(none: SSE-SQS by default)", call)
    if operation in AWS_DYNAMODB:
        specification = keywords.get("SSESpecification")
        found = mapping(specification.value, constants) if specification is not None else None
        if specification is not None and found is not None:
            enabled = next((value for key, _, value in _items(found[0], constants) if key == "Enabled"), UNKNOWN)
            if isinstance(enabled, bool):
                add("SSESpecification", enabled, "KMS key" if enabled else "AWS owned key", specification)
        elif operation == "create_table":
            add("SSESpecification", False, "(none: AWS owned key)", call)
    return settings
