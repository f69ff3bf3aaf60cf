"""Closed cases go to a MongoDB archive that encrypts fields on the client."""

from pymongo import MongoClient
from pymongo.encryption_options import AutoEncryptionOpts

from casework.keys import ARCHIVE_SCHEMA, KMS_PROVIDERS

ARCHIVE_OPTIONS = AutoEncryptionOpts(
    KMS_PROVIDERS,
    "encryption.__keyVault",
    schema_map=ARCHIVE_SCHEMA,
    bypass_auto_encryption=True,  # expect: NEV201 (reads decrypt, writes stay plain text)
)

# Near-miss: the reporting replica only skips query analysis; encryption stays on.
REPLICA_OPTIONS = AutoEncryptionOpts(KMS_PROVIDERS, "encryption.__keyVault", bypass_query_analysis=True)

archive = MongoClient("mongodb+srv://archive.example.net", auto_encryption_opts=ARCHIVE_OPTIONS)
replica = MongoClient("mongodb+srv://replica.example.net", auto_encryption_opts=REPLICA_OPTIONS)
