"""pymongo's automatic field encryption bypassed (NEV201), the boto3 calls added to
NEV203/NEV202 (SQS, EC2 block device mappings, ElastiCache), and option dicts
passed as **OPTIONS or connect_args=OPTIONS. Every pattern has cases that must
fire and cases that must stay silent, through the real pipeline."""

from __future__ import annotations

import pytest

from helpers import encryption_findings


def shape(source: str):
    return [(f.code, f.evidence, f.line) for f in encryption_findings(source)]


# --- pymongo AutoEncryptionOpts(bypass_auto_encryption=True): NEV201 -------------------

MONGO_FIRES = {
    "from encryption_options": (('from pymongo.encryption_options import AutoEncryptionOpts\n'
                                'opts = AutoEncryptionOpts(KMS, "keyvault.keys", bypass_auto_encryption=True)\n'),
                                "bypass_auto_encryption=True"),
    "re-exported by pymongo.encryption": (('from pymongo.encryption import AutoEncryptionOpts as Opts\n'
                                          'Opts(KMS, "keyvault.keys", bypass_auto_encryption=True)\n'),
                                          "bypass_auto_encryption=True"),
    "module attribute": (('import pymongo.encryption_options\n'
                         'pymongo.encryption_options.AutoEncryptionOpts(KMS, "k.v", bypass_auto_encryption=True)\n'),
                         "bypass_auto_encryption=True"),
    "constant bound to a name": (('from pymongo.encryption_options import AutoEncryptionOpts\nBYPASS = True\n'
                                 'AutoEncryptionOpts(KMS, "k.v", bypass_auto_encryption=BYPASS)\n'),
                                 "bypass_auto_encryption=True"),
    "fifth positional argument": (('from pymongo.encryption_options import AutoEncryptionOpts\n'
                                  'AutoEncryptionOpts(KMS, "k.v", None, None, True)\n'),
                                  "bypass_auto_encryption=True"),
    "inside Django settings": (('from pymongo.encryption import AutoEncryptionOpts\n'
                               'DATABASES = {"encrypted": {"ENGINE": "django_mongodb_backend", "OPTIONS": {\n'
                               '    "auto_encryption_opts": AutoEncryptionOpts(kms_providers=KMS,\n'
                               '        key_vault_namespace="k.v", bypass_auto_encryption=True)}}}\n'),
                               "bypass_auto_encryption=True"),
}

MONGO_SILENT = {
    "False": ('from pymongo.encryption_options import AutoEncryptionOpts\n'
              'AutoEncryptionOpts(KMS, "k.v", bypass_auto_encryption=False)\n'),
    "absent": 'from pymongo.encryption_options import AutoEncryptionOpts\nAutoEncryptionOpts(KMS, "k.v")\n',
    # Explicit encryption of indexed fields without crypt_shared: encryption stays on.
    "bypass_query_analysis": ('from pymongo.encryption_options import AutoEncryptionOpts\n'
                              'AutoEncryptionOpts(KMS, "k.v", bypass_query_analysis=True)\n'),
    "same name, no pymongo import": ('from .options import AutoEncryptionOpts\n'
                                     'AutoEncryptionOpts(KMS, "k.v", bypass_auto_encryption=True)\n'),
    "same name, defined here": ('import pymongo\nclass AutoEncryptionOpts:\n    pass\n'
                                'AutoEncryptionOpts(KMS, "k.v", bypass_auto_encryption=True)\n'),
    "other library": ('from mylib.mongo import AutoEncryptionOpts\nimport pymongo\n'
                      'AutoEncryptionOpts(KMS, "k.v", bypass_auto_encryption=True)\n'),
    "value not a constant": ('import os\nfrom pymongo.encryption_options import AutoEncryptionOpts\n'
                             'AutoEncryptionOpts(KMS, "k.v", bypass_auto_encryption=os.environ["X"] == "1")\n'),
}


@pytest.mark.parametrize("name", sorted(MONGO_FIRES))
def test_mongo_bypass_fires(name):
    source, evidence = MONGO_FIRES[name]
    found = encryption_findings(source)
    assert [(f.code, f.evidence, f.category) for f in found] == [("NEV201", evidence, "encryption")], found


@pytest.mark.parametrize("name", sorted(MONGO_SILENT))
def test_mongo_bypass_stays_silent(name):
    assert encryption_findings(MONGO_SILENT[name]) == []


def test_mongo_bypass_message_and_position():
    source = ('from pymongo.encryption_options import AutoEncryptionOpts\n\n'
              'opts = AutoEncryptionOpts(KMS, "keyvault.keys", bypass_auto_encryption=True)\n')
    [finding] = encryption_findings(source)
    assert (finding.line, finding.column) == (3, 49)
    assert finding.source == "mongo-client-encryption"
    assert finding.symbol == "pymongo.encryption_options.AutoEncryptionOpts(bypass_auto_encryption)"
    assert finding.message.startswith(
        "pymongo.encryption_options.AutoEncryptionOpts sets bypass_auto_encryption=True: documents are written "
        "without automatic field encryption")
    assert "; is that intended? Remove bypass_auto_encryption" in finding.message
    assert finding.url.endswith("NEV201.md")


# --- boto3: SQS, EC2 block device mappings, ElastiCache --------------------------------

CLOUD_FIRES = {
    "sqs create_queue": (('import boto3\nsqs = boto3.client("sqs")\n'
                         'sqs.create_queue(QueueName="jobs", Attributes={"SqsManagedSseEnabled": "false"})\n'),
                         "NEV203", "Attributes SqsManagedSseEnabled='false'"),
    "sqs set_queue_attributes": (('import boto3\nsqs = boto3.client("sqs")\n'
                                 'sqs.set_queue_attributes(QueueUrl=URL, Attributes={"SqsManagedSseEnabled": "False",'
                                 ' "KmsMasterKeyId": ""})\n'),
                                 "NEV203", "Attributes SqsManagedSseEnabled='False'"),
    "sqs attributes by name": (('import boto3\nQUEUE_ATTRIBUTES = {"VisibilityTimeout": "60", '
                               '"SqsManagedSseEnabled": "false"}\n'
                               'boto3.client("sqs").create_queue(QueueName="q", Attributes=QUEUE_ATTRIBUTES)\n'),
                               "NEV203", "Attributes SqsManagedSseEnabled='false'"),
    "ec2 run_instances": (('import boto3\nec2 = boto3.client("ec2")\n'
                          'ec2.run_instances(ImageId="ami-1", MinCount=1, MaxCount=1, BlockDeviceMappings=[\n'
                          '    {"DeviceName": "/dev/sda1", "Ebs": {"VolumeSize": 50, "Encrypted": False}}])\n'),
                          "NEV203", "Ebs Encrypted=False"),
    "ec2 launch template": (('import boto3\nboto3.client("ec2").create_launch_template(LaunchTemplateName="t",\n'
                            '    LaunchTemplateData={"BlockDeviceMappings": [{"Ebs": {"Encrypted": False}}]})\n'),
                            "NEV203", "Ebs Encrypted=False"),
    "elasticache cache cluster": (('import boto3\nboto3.client("elasticache").create_cache_cluster(\n'
                                  '    CacheClusterId="c", Engine="memcached", TransitEncryptionEnabled=False)\n'),
                                  "NEV202", "TransitEncryptionEnabled=False"),
    "elasticache modify": (('import boto3\nboto3.client("elasticache").modify_replication_group(\n'
                           '    ReplicationGroupId="g", TransitEncryptionEnabled=False)\n'),
                           "NEV202", "TransitEncryptionEnabled=False"),
    "elasticache preferred": (('import boto3\nboto3.client("elasticache").create_replication_group(\n'
                              '    ReplicationGroupId="g", TransitEncryptionEnabled=True,'
                              ' TransitEncryptionMode="preferred")\n'),
                              "NEV202", "TransitEncryptionMode='preferred'"),
}

CLOUD_SILENT = {
    "sqs default": 'import boto3\nboto3.client("sqs").create_queue(QueueName="q")\n',
    "sqs true": ('import boto3\nboto3.client("sqs").create_queue(QueueName="q", '
                 'Attributes={"SqsManagedSseEnabled": "true"})\n'),
    # SSE-KMS instead of SSE-SQS: still encrypted.
    "sqs kms key": ('import boto3\nboto3.client("sqs").create_queue(QueueName="q", Attributes={\n'
                    '    "SqsManagedSseEnabled": "false", "KmsMasterKeyId": "alias/queues"})\n'),
    "sqs kms key by name": ('import boto3\nboto3.client("sqs").set_queue_attributes(QueueUrl=U, Attributes={\n'
                            '    "SqsManagedSseEnabled": "false", "KmsMasterKeyId": KEY_ID})\n'),
    "sqs without boto3": ('sqs.create_queue(QueueName="q", Attributes={"SqsManagedSseEnabled": "false"})\n'),
    "ec2 encrypted": ('import boto3\nboto3.client("ec2").run_instances(ImageId="a", MinCount=1, MaxCount=1,\n'
                      '    BlockDeviceMappings=[{"Ebs": {"Encrypted": True}}, {"Ebs": {"VolumeSize": 8}}])\n'),
    # Decision: DynamoDB encrypts every table; Enabled=False means an AWS owned key
    # (DynamoDB API reference, SSESpecification). --diff sees the key-control change.
    "dynamodb AWS owned key": ('import boto3\nboto3.client("dynamodb").create_table(TableName="t",\n'
                               '    SSESpecification={"Enabled": False})\n'),
    # S3 encrypts every new object (SSE-S3) since 2023: nothing to turn off.
    "s3 put_object": 'import boto3\nboto3.client("s3").put_object(Bucket="b", Key="k", Body=b"")\n',
    "elasticache required": ('import boto3\nboto3.client("elasticache").create_replication_group(\n'
                             '    ReplicationGroupId="g", TransitEncryptionEnabled=True, TransitEncryptionMode="required")\n'),
    # Step one of turning TLS on for an existing group (AWS: "preferred", then "required").
    "elasticache modify preferred": ('import boto3\nboto3.client("elasticache").modify_replication_group(\n'
                                     '    ReplicationGroupId="g", TransitEncryptionEnabled=True,'
                                     ' TransitEncryptionMode="preferred")\n'),
}


@pytest.mark.parametrize("name", sorted(CLOUD_FIRES))
def test_cloud_fires(name):
    source, code, evidence = CLOUD_FIRES[name]
    assert [(f.code, f.evidence) for f in encryption_findings(source)] == [(code, evidence)]


@pytest.mark.parametrize("name", sorted(CLOUD_SILENT))
def test_cloud_stays_silent(name):
    assert encryption_findings(CLOUD_SILENT[name]) == []


def test_block_device_finding_points_at_the_mapping():
    source = CLOUD_FIRES["ec2 run_instances"][0]
    [finding] = encryption_findings(source)
    assert (finding.line, finding.column) == (4, 72)
    assert finding.message.startswith("ec2.run_instances sets Ebs Encrypted=False in a block device mapping: "
                                      "the new volume is not encrypted unless EBS encryption by default is on")


# --- option dicts passed by name -------------------------------------------------------

DICT_FIRES = {
    "**OPTIONS": (('import psycopg2\nDB_OPTIONS = {"host": "db.internal", "sslmode": "disable"}\n'
                  'def connect():\n    return psycopg2.connect(**DB_OPTIONS)\n'),
                  "sslmode='disable' in DB_OPTIONS", 4),
    "**{literal}": ('import psycopg2\npsycopg2.connect(host="db", **{"sslmode": "prefer"})\n',
                    "sslmode='prefer'", 2),
    "connect_args=OPTS": (('from sqlalchemy import create_engine\nOPTS = {"sslmode": "disable"}\n'
                          'engine = create_engine("postgresql://app@db.internal/app", connect_args=OPTS)\n'),
                          "connect_args sslmode='disable' in OPTS", 3),
    "**OPTIONS with a DSN": (('import psycopg2\nKW = {"dsn": "host=db.internal sslmode=allow"}\n'
                             'psycopg2.connect(**KW)\n'),
                             "sslmode=allow in the connection string in KW", 3),
    "pymysql **OPTIONS": (('import pymysql\nMYSQL = {"host": "db", "ssl_disabled": True}\n'
                          'pymysql.connect(**MYSQL)\n'), "ssl_disabled=True in MYSQL", 3),
    "django OPTIONS by name": (('PG_OPTIONS = {"sslmode": "disable"}\n'
                               'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql",'
                               ' "HOST": "db.internal", "OPTIONS": PG_OPTIONS}}\n'),
                               "OPTIONS sslmode='disable' in PG_OPTIONS", 2),
}

DICT_SILENT = {
    "local host in the dict": ('import psycopg2\nDB_OPTIONS = {"host": "localhost", "sslmode": "disable"}\n'
                               'psycopg2.connect(**DB_OPTIONS)\n'),
    "local host in connect_args": ('from sqlalchemy import create_engine\n'
                                   'OPTS = {"host": "127.0.0.1", "sslmode": "disable"}\n'
                                   'create_engine(URL, connect_args=OPTS)\n'),
    "dict rebound": ('import psycopg2\nDB = {"sslmode": "disable"}\nDB = {"sslmode": "verify-full"}\n'
                     'psycopg2.connect(host="db", **DB)\n'),
    "dict bound in a function": ('import psycopg2\ndef f():\n    DB = {"sslmode": "disable"}\n'
                                 '    return psycopg2.connect(host="db", **DB)\n'),
    "strong mode": ('import psycopg2\nDB = {"host": "db", "sslmode": "verify-full"}\npsycopg2.connect(**DB)\n'),
    "dict() call": 'import psycopg2\nDB = dict(sslmode="disable")\npsycopg2.connect(host="db", **DB)\n',
}


@pytest.mark.parametrize("name", sorted(DICT_FIRES))
def test_option_dicts_fire(name):
    source, evidence, line = DICT_FIRES[name]
    assert shape(source) == [("NEV202", evidence, line)]


@pytest.mark.parametrize("name", sorted(DICT_SILENT))
def test_option_dicts_stay_silent(name):
    assert encryption_findings(DICT_SILENT[name]) == []


def test_a_dict_used_twice_is_reported_where_each_call_passes_it():
    source = ('import psycopg2\nDB = {"host": "db.internal", "sslmode": "disable"}\n'
              'a = psycopg2.connect(**DB)\nb = psycopg2.connect(**DB)\n')
    assert [(f.line, f.column) for f in encryption_findings(source)] == [(3, 24), (4, 24)]
