"""How strongly each setting protects data: the one table the encryption rules read.

A setting fact (facts.SettingFact) names who reads an option (`family`), the option
and its value. Here each family has a table of its options; each option lists
levels, weakest first: the values that select the level, its rank, and for a weak
level what it does in words. A value ranked below the option's `weak_below` is a
finding (NEV202, NEV203, or NEV201 for pymongo's automatic field encryption);
`--diff` reports a setting whose rank went down under the same key
(diff/downgrades.py). Ranks compare only within a ranking family (`Family`), so
`sslmode` and asyncpg's `ssl` are one scale, and so are MySQL's `ssl_mode` and
`ssl_disabled`.

Values are matched as words: strings stripped and lower-cased, Python's True,
False and None as `True`, `False`, `None` (so `use_ssl="false"`, a string, is not
`use_ssl=False`). ANY_TEXT matches any non-empty string, ANY any value at all.

Sources (see the rule pages for the full list):
- libpq "SSL Mode Descriptions": disable / allow / prefer give no protection
  against an attacker in the middle, and may send data in clear text; require,
  verify-ca, verify-full always encrypt. asyncpg: `ssl=False` or the same mode names.
- PyMySQL and mysql-connector: `ssl_disabled` prohibits TLS; the drivers test it
  for truthiness, so any value in a URL (even "false") disables TLS. mysqlclient:
  `ssl_mode` in DISABLED / PREFERRED / REQUIRED / VERIFY_CA / VERIFY_IDENTITY;
  DISABLED and PREFERRED allow clear text.
- ODBC Driver 18 for SQL Server: `Encrypt=no` / `Optional` turn encryption off;
  `TrustServerCertificate=yes` keeps it but skips certificate checks.
- pymongo (keys are case-insensitive): `tls` / `ssl` false; `tlsInsecure`,
  `tlsAllowInvalidCertificates`, `tlsAllowInvalidHostnames` true.
- redis-py: `ssl_cert_reqs=None` or "none" (ssl.CERT_NONE) on a TLS connection.
- boto3 `client` / `resource`: `use_ssl=False` (plain HTTP), `verify=False`
  (no certificate check).
- pymongo `AutoEncryptionOpts(bypass_auto_encryption=True)`: the driver's
  docstring says automatic encryption is disabled while automatic decryption
  stays on (pymongo/encryption_options.py). `bypass_query_analysis=True` is not
  reported: it only skips the analysis of outgoing commands so that indexed
  fields can be encrypted explicitly; encryption stays on.
- AWS API references: RDS CreateDBInstance / CreateDBCluster (`StorageEncrypted`),
  EC2 CreateVolume and EbsBlockDevice (`Encrypted`), DisableEbsEncryptionByDefault,
  Kinesis StopStreamEncryption, ElastiCache CreateReplicationGroup
  (`AtRestEncryptionEnabled`, `TransitEncryptionEnabled`, `TransitEncryptionMode`
  "preferred" accepting unencrypted connections too), CreateCacheCluster and
  ModifyReplicationGroup, SQS CreateQueue / SetQueueAttributes
  (`SqsManagedSseEnabled`, `KmsMasterKeyId`), DynamoDB `SSESpecification`
  (disabled means an AWS owned key: still encrypted, so only --diff ranks it).
- SQL: MySQL `ENCRYPTION 'N'` and `default_table_encryption`; MariaDB `ENCRYPTED=NO`,
  `innodb_encrypt_tables`, `innodb_encrypt_log`; SQL Server `SET ENCRYPTION OFF`,
  `DROP DATABASE ENCRYPTION KEY`; Oracle TDE `DECRYPT` and `NO SALT`
  (encryption/sql_at_rest.py cites the pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from flake8_neveragain.encryption.connection_values import FALSE_WORDS, TRUE_WORDS
from flake8_neveragain.facts import SettingFact
from flake8_neveragain.rules.registry import NEV201, NEV202, NEV203

ANY_TEXT = "<text>"  # any non-empty string
ANY = "<any>"  # any value at all


@dataclass(frozen=True, slots=True)
class Family:
    """Settings whose ranks compare with each other (what --diff compares)."""

    name: str  # "libpq-sslmode", "sql-table-encryption", ...
    weaker: str  # what a lower rank than before means, for --diff's message
    source: str = "python-connection"  # the report's source for a --diff downgrade


@dataclass(frozen=True, slots=True)
class Level:
    words: frozenset[str]
    rank: int
    effect: str = ""  # what a weak level does, in words
    instead: str = ""  # the safe alternative, when it differs from the option's
    # --diff shows the value itself ("verify-full"), not the option as written ("ssl_disabled=True").
    named: bool = False


@dataclass(frozen=True, slots=True)
class Ranking:
    """How one option ranks its values, weakest first."""

    family: Family
    setting: str  # the option as --diff keys name it ("ssl_mode" for ssl_disabled too)
    code: str
    weak_below: int  # a level ranked below this is reported
    levels: tuple[Level, ...]
    instead: str = ""
    # --diff reads one setting per client for it: the weakest such option, or the default.
    per_client: bool = False


@dataclass(frozen=True, slots=True)
class Judged:
    ranking: Ranking
    level: Level

    @property
    def weak(self) -> bool:
        return self.level.rank < self.ranking.weak_below

    @property
    def instead(self) -> str:
        return self.level.instead or self.ranking.instead


def word(value: object) -> str | None:
    """A value as the levels match it; None for values no level names (numbers, objects)."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return value.strip().lower()
    return None


def judge(fact: SettingFact) -> Judged | None:
    return judge_value(fact.family, fact.option, fact.value)


def judge_value(family: str, option: str, value: object) -> Judged | None:
    """The level `value` selects for `option` of `family`, or None (not a setting we rank)."""
    found = TABLES.get(family, {}).get(option)
    if found is None:
        return None
    spelled = word(value)
    for level in found.levels:
        if (spelled in level.words or ANY in level.words
                or (ANY_TEXT in level.words and isinstance(value, str) and spelled)):
            return Judged(found, level)
    return None


def _at(rank: int, words: str, effect: str = "", instead: str = "", named: bool = False) -> Level:
    """The level `rank`, selected by the space-separated `words`."""
    return Level(frozenset(words.split()), rank, effect, instead, named)


def _modes(*modes: str, effects: dict[str, str]) -> tuple[Level, ...]:
    """Named modes, weakest first, each ranked by its place."""
    return tuple(_at(rank, mode, effects.get(mode.split()[0], ""), named=True) for rank, mode in enumerate(modes))


_TRUE = " ".join(["True", *TRUE_WORDS])
_FALSE = " ".join(["False", *FALSE_WORDS])
_CONNECTION = ("the connection encrypts or verifies less than before, so its traffic is easier "
               "to read or to redirect to an impostor")
_AT_REST = "the data it stores is no longer encrypted at rest, in its files or in backups"

LIBPQ = Family("libpq-sslmode", _CONNECTION)
MYSQL = Family("mysql-ssl-mode", _CONNECTION)
ODBC_ENCRYPT = Family("odbc-encrypt", _CONNECTION)
ODBC_TRUST = Family("odbc-trust-server-certificate", _CONNECTION)
MONGO = Family("mongo-tls", _CONNECTION)
REDIS = Family("redis-tls", _CONNECTION)
BOTO3 = Family("boto3-tls", _CONNECTION)
MONGO_AUTO = Family("mongo-auto-encryption", "fields the client encrypted before may now be written in plain text")
SQL_TABLE = Family("sql-table-encryption", _AT_REST, "sql-ddl")
SQL_CHANGE = Family("sql-encryption-change", _AT_REST, "sql-ddl")  # reported, never in a CREATE for --diff
AWS_STORAGE = Family("aws-storage-encryption", "the data it stores is less protected at rest than before", "cloud-call")
AWS_TRANSIT = Family("aws-transit-encryption", _CONNECTION, "cloud-call")
SQS = Family("sqs-sse", "messages stored in the queue are less protected at rest than before", "cloud-call")
DYNAMODB = Family("dynamodb-sse-key", "the table's keys are less under your control than before", "cloud-call")

# --- drivers (NEV202; NEV201 for pymongo's automatic encryption) -------------------------

_CLEAR = "the connection to the database is not encrypted"
_LIBPQ_EFFECTS = {
    "disable": _CLEAR,
    "allow": "the connection is encrypted only if the server insists, and the server is never verified",
    "prefer": "the connection silently falls back to clear text, and the server is never verified",
}
# The name belongs to libpq (psycopg, Django, SQLAlchemy URLs, CockroachDB): whichever
# call carries it, it means the same.
_SSLMODE = Ranking(LIBPQ, "sslmode", NEV202, 3, _modes(
    "disable", "allow", "prefer", "require", "verify-ca", "verify-full", effects=_LIBPQ_EFFECTS,
), "Prefer sslmode='verify-full' with the server's CA certificate.")
_ASYNCPG_SSL = Ranking(LIBPQ, "ssl", NEV202, 3, (_at(0, "False false", _CLEAR), *_modes(
    "disable", "allow", "prefer", "require", "verify-ca verify_ca", "verify-full verify_full", effects=_LIBPQ_EFFECTS,
)), "Pass ssl='verify-full' (or an ssl.SSLContext that verifies the server).")

_MYSQL = {
    "sslmode": _SSLMODE,
    "ssl_mode": Ranking(MYSQL, "ssl_mode", NEV202, 2, _modes(
        "disabled", "preferred", "required", "verify_ca", "verify_identity",
        effects={"disabled": _CLEAR, "preferred": "the connection silently falls back to clear text"},
    ), "Prefer ssl_mode='VERIFY_IDENTITY'."),
    # The drivers test it for truthiness: any string, even "false", turns TLS off.
    "ssl_disabled": Ranking(MYSQL, "ssl_mode", NEV202, 2, (
        _at(0, f"True {ANY_TEXT}", "TLS is prohibited, so the connection to the database is not encrypted"),
    ), "Remove ssl_disabled and pass ssl_ca (or ssl_mode='VERIFY_IDENTITY')."),
}

_ODBC = {
    "sslmode": _SSLMODE,
    "encrypt": Ranking(ODBC_ENCRYPT, "Encrypt", NEV202, 1, (
        _at(0, "no false optional", "the connection to SQL Server is not encrypted", named=True),
        _at(1, "yes true mandatory", named=True),
        _at(2, "strict", named=True),
    ), "Prefer Encrypt=yes (or Strict)."),
    "trustservercertificate": Ranking(ODBC_TRUST, "TrustServerCertificate", NEV202, 1, (
        _at(0, _TRUE, "the connection is encrypted but the server's certificate is not checked"), _at(1, _FALSE),
    ), "Prefer TrustServerCertificate=no with a certificate the client trusts."),
}


def _mongo_tls(*levels: Level) -> Ranking:
    return Ranking(MONGO, "tls", NEV202, 2, levels,
                  "Keep tls=True with certificate and host name checks, and a CA file if needed.", per_client=True)


_MONGO_TLS = _mongo_tls(_at(0, _FALSE, "the connection to MongoDB is not encrypted"), _at(2, _TRUE))
_MONGO = {
    "sslmode": _SSLMODE,
    "tls": _MONGO_TLS,
    "ssl": _MONGO_TLS,
    "tlsinsecure": _mongo_tls(_at(1, _TRUE, "TLS is on but neither the certificate nor the host name is checked")),
    "tlsallowinvalidcertificates": _mongo_tls(_at(1, _TRUE, "TLS is on but the server's certificate is not checked")),
    "tlsallowinvalidhostnames": _mongo_tls(_at(1, _TRUE, "TLS is on but the server's host name is not checked")),
    # Given or not: a client that had it at REV and lost it writes plain text now.
    "auto_encryption_opts": Ranking(MONGO_AUTO, "auto_encryption_opts", NEV201, 0, (_at(0, "False"), _at(1, "True")),
                                   per_client=True),
}

_REDIS = {
    "sslmode": _SSLMODE,
    # Plain connections are redis-py's default: ranked for --diff, never reported.
    "ssl": Ranking(REDIS, "ssl", NEV202, 0, (_at(2, _TRUE), _at(0, ANY)), per_client=True),
    # Only on a TLS connection (the detector drops it otherwise).
    "ssl_cert_reqs": Ranking(REDIS, "ssl", NEV202, 2, (
        _at(1, "None none", "TLS is on but the server's certificate is not checked"),
    ), "Keep ssl_cert_reqs='required' and pass ssl_ca_certs if needed.", per_client=True),
}

_BOTO3 = {
    "sslmode": _SSLMODE,
    "use_ssl": Ranking(BOTO3, "tls", NEV202, 2, (
        _at(0, "False", "requests to AWS go over plain HTTP", "Leave use_ssl at its default (True)."), _at(2, "True"),
    )),
    "verify": Ranking(BOTO3, "tls", NEV202, 2, (
        _at(1, "False", "requests to AWS are encrypted but the endpoint's certificate is not checked",
            "Leave verify at its default, or pass the path of a CA bundle."),
        _at(2, "True"),
    )),
}

_MONGO_ENCRYPTION = {
    "bypass_auto_encryption": Ranking(MONGO_AUTO, "bypass_auto_encryption", NEV201, 1, (
        _at(0, _TRUE, "documents are written without automatic field encryption (reads are still decrypted), "
            "so fields the schema marks as encrypted reach the server in plain text unless each value is "
            "encrypted explicitly"),
        _at(1, _FALSE),
    ), "Remove bypass_auto_encryption, or encrypt every such value with ClientEncryption.encrypt before it is "
       "written."),
}

# --- AWS calls (NEV203 at rest, NEV202 in transit); the family is the operation -------------

# Operations that turn encryption off by being called at all: the option is the call.
CALLED = "()"


def _switch(family: Family, setting: str, effect: str, instead: str) -> Ranking:
    """A boolean switch that encrypts when True."""
    code = NEV202 if family is AWS_TRANSIT else NEV203
    return Ranking(family, setting, code, 1, (_at(0, "False", effect), _at(1, "True")), instead)


def _call(effect: str, instead: str) -> dict[str, Ranking]:
    return {CALLED: Ranking(AWS_STORAGE, CALLED, NEV203, 1, (_at(0, "True", effect),), instead)}


def _queue(effect: str) -> dict[str, Ranking]:
    return {
        "SqsManagedSseEnabled": Ranking(SQS, "SSE", NEV203, 1, (_at(0, "False false", effect), _at(1, ANY)),
                                       "Leave SqsManagedSseEnabled at its default (true), or set KmsMasterKeyId "
                                       "to a KMS key."),
        "KmsMasterKeyId": Ranking(SQS, "SSE", NEV203, 0, (_at(2, "True"),)),
    }


_STORAGE_ENCRYPTED = "Pass StorageEncrypted=True, with a KmsKeyId you control."
_CACHE_IN_TRANSIT = _switch(AWS_TRANSIT, "TransitEncryptionEnabled", "connections to the cache are not encrypted",
                            "Pass TransitEncryptionEnabled=True.")
# Disabled or not specified still means encryption with an AWS owned key: only the key
# control changes, which --diff sees as a lower rank.
_DYNAMODB = {"SSESpecification": Ranking(DYNAMODB, "SSESpecification", NEV203, 0, (_at(0, "False"), _at(1, "True")))}

# --- SQL (NEV203); the family is the kind of object the statement changes ---------------------


def _clause(effect: str, instead: str) -> Ranking:
    """MySQL's `ENCRYPTION 'Y' | 'N'`."""
    return Ranking(SQL_TABLE, "ENCRYPTION", NEV203, 1, (_at(0, "n", effect, instead), _at(1, "y")))


# MariaDB's `ENCRYPTED = YES | NO`: reported on tables; --diff also ranks it on the others.
_ENCRYPTED = Ranking(SQL_TABLE, "ENCRYPTED", NEV203, 1, (
    _at(0, "no", "the table is stored unencrypted even where the server encrypts tables by default",
        "Use ENCRYPTED=YES, or leave the table at the server default."),
    _at(1, "yes"),
))
_ENCRYPTED_RANKED_ONLY = Ranking(SQL_TABLE, "ENCRYPTED", NEV203, 0, _ENCRYPTED.levels)


def _change(words: str, effect: str, instead: str) -> Ranking:
    """A statement that takes encryption away (DECRYPT, NO SALT, DROP ... KEY)."""
    return Ranking(SQL_CHANGE, "", NEV203, 1, (_at(0, words, effect, instead),))


def _variable(effect: str, instead: str) -> Ranking:
    return Ranking(SQL_CHANGE, "", NEV203, 1, (_at(0, "off 0 false", effect, instead), _at(1, "on 1 true")))


TABLES: dict[str, dict[str, Ranking]] = {
    "postgres": {"sslmode": _SSLMODE},
    "asyncpg": {"sslmode": _SSLMODE, "ssl": _ASYNCPG_SSL},
    "mysql": _MYSQL,
    "odbc": _ODBC,
    "mongo": _MONGO,
    "redis": _REDIS,
    "boto3": _BOTO3,
    "mongo-encryption": _MONGO_ENCRYPTION,
    "create_db_instance": {"StorageEncrypted": _switch(
        AWS_STORAGE, "StorageEncrypted", "the database's storage and backups are not encrypted", _STORAGE_ENCRYPTED)},
    "create_db_cluster": {"StorageEncrypted": _switch(
        AWS_STORAGE, "StorageEncrypted", "the cluster's storage and backups are not encrypted", _STORAGE_ENCRYPTED)},
    "create_volume": {"Encrypted": _switch(AWS_STORAGE, "Encrypted", "the volume and its snapshots are not encrypted",
                                           "Pass Encrypted=True (or turn on EBS encryption by default).")},
    "create_replication_group": {
        "AtRestEncryptionEnabled": _switch(AWS_STORAGE, "AtRestEncryptionEnabled",
                                           "the cache's disk and backups are not encrypted",
                                           "Pass AtRestEncryptionEnabled=True."),
        "TransitEncryptionEnabled": _CACHE_IN_TRANSIT,
        # Not ranked for --diff: only "preferred" is known to be weak.
        "TransitEncryptionMode": Ranking(AWS_TRANSIT, "TransitEncryptionMode", NEV202, 1, (
            _at(0, "preferred", "clients may still connect without encryption"),
        ), "Use TransitEncryptionMode='required' once every client connects with TLS."),
    },
    "create_cache_cluster": {"TransitEncryptionEnabled": _CACHE_IN_TRANSIT},
    "modify_replication_group": {"TransitEncryptionEnabled": _switch(
        AWS_TRANSIT, "TransitEncryptionEnabled", "connections to the cache are no longer encrypted",
        "Keep TransitEncryptionEnabled=True.")},
    "disable_ebs_encryption_by_default": _call(
        "new EBS volumes in the region are no longer encrypted by default",
        "Leave encryption by default on; encrypt individual volumes if an exception is really needed."),
    "stop_stream_encryption": _call(
        "records written to the stream from now on are not encrypted",
        "Keep server-side encryption on; rotate the KMS key instead if that is the aim."),
    "ebs-block-device": {"Encrypted": _switch(
        AWS_STORAGE, "Encrypted", "the new volume is not encrypted unless EBS encryption by default is on",
        "Set Encrypted=True in the mapping (or turn on EBS encryption by default).")},
    "create_queue": _queue("the queue's messages are stored unencrypted"),
    "set_queue_attributes": _queue("unless the queue has a KMS key, its messages are stored unencrypted from now on"),
    "create_table": _DYNAMODB,
    "update_table": _DYNAMODB,
    "sql-table": {
        "ENCRYPTION": _clause("the table's data is stored unencrypted", "Keep ENCRYPTION='Y'."),
        "ENCRYPTED": _ENCRYPTED,
        "DECRYPT": _change("decrypt", "the column is stored in clear text from now on",
                           "Keep the column encrypted; use REKEY to change its key or algorithm."),
        "SALT": _change("no", "equal values encrypt to equal ciphertexts, which weakens the column's encryption",
                        "Keep the default SALT unless the column must carry an index."),
    },
    "sql-database": {
        "ENCRYPTION": _clause("tables created in this schema are unencrypted unless they say otherwise",
                              "Use DEFAULT ENCRYPTION='Y'."),
        "ENCRYPTED": _ENCRYPTED_RANKED_ONLY,
        "SET ENCRYPTION": _change("off", "transparent data encryption is switched off and the data files are decrypted",
                                  "Keep ENCRYPTION ON; rotate keys with ALTER DATABASE ENCRYPTION KEY instead."),
        "ENCRYPTION KEY": _change("drop", "transparent data encryption no longer protects the database or its backups",
                                  "Keep the key; regenerate it with ALTER DATABASE ENCRYPTION KEY if it must change."),
    },
    "sql-tablespace": {
        "ENCRYPTION": _clause("the tablespace's data files are stored unencrypted", "Keep ENCRYPTION='Y'."),
        "ENCRYPTED": _ENCRYPTED_RANKED_ONLY,
        "DECRYPT": _change("decrypt", "the tablespace's data files are stored unencrypted",
                           "Keep the tablespace encrypted; use REKEY to change its key."),
    },
    "sql-server": {
        "default_table_encryption": _variable("new schemas and general tablespaces are created unencrypted",
                                              "Keep default_table_encryption=ON."),
        "innodb_encrypt_tables": _variable("InnoDB tables are no longer encrypted automatically",
                                           "Keep innodb_encrypt_tables=ON (or FORCE)."),
        "innodb_encrypt_log": _variable(
            "the InnoDB redo log, which holds recent changes to every table, is no longer encrypted",
            "Keep innodb_encrypt_log=ON."),
    },
}
