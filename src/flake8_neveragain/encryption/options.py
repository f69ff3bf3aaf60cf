"""Which client options switch encryption off or weaken it (NEV202, and NEV201
for pymongo's automatic field encryption).

`weak_option(family, key, value)` answers for one option: the family says
which driver reads it ("postgres", "asyncpg", "mysql", "odbc", "mongo",
"redis", "boto3", "mongo-encryption"), the key is lower-cased, the value is
what the code or the connection string says (strings from URLs stay
strings). The answer is None (keeps encryption, or not ours to judge) or
(effect, instead) in words.

Sources (see the rule page for the full list):
- libpq "SSL Mode Descriptions": disable / allow / prefer give no protection
  against an attacker in the middle, and disable / allow / prefer may send
  data in clear text; require, verify-ca, verify-full always encrypt.
- asyncpg: `ssl=False` or the same mode names as libpq.
- PyMySQL and mysql-connector: `ssl_disabled` prohibits TLS; the drivers test
  it for truthiness, so any value in a URL (even "false") disables TLS.
  mysqlclient: `ssl_mode` in DISABLED / PREFERRED / REQUIRED / VERIFY_CA /
  VERIFY_IDENTITY; DISABLED and PREFERRED allow clear text.
- ODBC Driver 18 for SQL Server: `Encrypt=no` / `Optional` turn encryption
  off; `TrustServerCertificate=yes` keeps it but skips certificate checks.
- pymongo (keys are case-insensitive): `tls` / `ssl` false; `tlsInsecure`,
  `tlsAllowInvalidCertificates`, `tlsAllowInvalidHostnames` true.
- redis-py: `ssl_cert_reqs=None` or "none" (ssl.CERT_NONE) on a TLS connection.
- boto3 `client` / `resource`: `use_ssl=False` (plain HTTP), `verify=False`
  (no certificate check).
- pymongo `AutoEncryptionOpts(bypass_auto_encryption=True)`: the driver's
  docstring says automatic encryption is disabled while automatic decryption
  stays on (pymongo/encryption_options.py). `bypass_query_analysis=True` is
  not reported: it only skips the analysis of outgoing commands so that
  indexed fields can be encrypted explicitly (ClientEncryption.encrypt),
  without the crypt_shared library; encryption stays on.
"""

from __future__ import annotations

PG_INSTEAD = "Prefer sslmode='verify-full' with the server's CA certificate."
_PG_WEAK = {
    "disable": "the connection to the database is not encrypted",
    "allow": "the connection is encrypted only if the server insists, and the server is never verified",
    "prefer": "the connection silently falls back to clear text, and the server is never verified",
}
_MYSQL_WEAK = {
    "disabled": "the connection to the database is not encrypted",
    "preferred": "the connection silently falls back to clear text",
}
_ODBC_ENCRYPT_OFF = {"no", "false", "optional"}
_TRUE_STRINGS = {"true", "yes", "1", "on"}
_FALSE_STRINGS = {"false", "no", "0", "off"}
_MONGO_INSECURE = {
    "tlsinsecure": "TLS is on but neither the certificate nor the host name is checked",
    "tlsallowinvalidcertificates": "TLS is on but the server's certificate is not checked",
    "tlsallowinvalidhostnames": "TLS is on but the server's host name is not checked",
}
MONGO_INSTEAD = "Keep tls=True with certificate and host name checks, and a CA file if needed."
_MONGO_BYPASS = (
    ("documents are written without automatic field encryption (reads are still decrypted), so fields the "
     "schema marks as encrypted reach the server in plain text unless each value is encrypted explicitly"),
    "Remove bypass_auto_encryption, or encrypt every such value with ClientEncryption.encrypt before it is written.",
)


def is_true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in _TRUE_STRINGS)


def is_false(value: object) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() in _FALSE_STRINGS)


def weak_option(family: str, key: str, value: object) -> tuple[str, str] | None:
    if key == "sslmode" and isinstance(value, str):
        # The name belongs to libpq (psycopg, Django, SQLAlchemy URLs, CockroachDB):
        # whichever call carries it, it means the same.
        effect = _PG_WEAK.get(value.strip().lower())
        return (effect, PG_INSTEAD) if effect else None
    if family == "asyncpg" and key == "ssl":
        if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
            return _PG_WEAK["disable"], "Pass ssl='verify-full' (or an ssl.SSLContext that verifies the server)."
        if isinstance(value, str) and value.strip().lower() in _PG_WEAK:
            return _PG_WEAK[value.strip().lower()], "Pass ssl='verify-full' (or an ssl.SSLContext that verifies the server)."
        return None
    if family == "mysql":
        if key == "ssl_disabled" and (value is True or (isinstance(value, str) and value.strip())):
            return ("TLS is prohibited, so the connection to the database is not encrypted",
                    "Remove ssl_disabled and pass ssl_ca (or ssl_mode='VERIFY_IDENTITY').")
        if key == "ssl_mode" and isinstance(value, str):
            effect = _MYSQL_WEAK.get(value.strip().lower())
            return (effect, "Prefer ssl_mode='VERIFY_IDENTITY'.") if effect else None
        return None
    if family == "odbc":
        if key == "encrypt" and isinstance(value, str) and value.strip().lower() in _ODBC_ENCRYPT_OFF:
            return "the connection to SQL Server is not encrypted", "Prefer Encrypt=yes (or Strict)."
        if key == "trustservercertificate" and is_true(value):
            return ("the connection is encrypted but the server's certificate is not checked",
                    "Prefer TrustServerCertificate=no with a certificate the client trusts.")
        return None
    if family == "mongo":
        if key in ("tls", "ssl") and is_false(value):
            return "the connection to MongoDB is not encrypted", MONGO_INSTEAD
        effect = _MONGO_INSECURE.get(key)
        if effect and is_true(value):
            return effect, MONGO_INSTEAD
        return None
    if family == "redis":
        if key == "ssl_cert_reqs" and (value is None or (isinstance(value, str) and value.strip().lower() == "none")):
            return ("TLS is on but the server's certificate is not checked",
                    "Keep ssl_cert_reqs='required' and pass ssl_ca_certs if needed.")
        return None
    if family == "mongo-encryption":
        if key == "bypass_auto_encryption" and is_true(value):
            return _MONGO_BYPASS
        return None
    if family == "boto3":
        if key == "use_ssl" and value is False:
            return "requests to AWS go over plain HTTP", "Leave use_ssl at its default (True)."
        if key == "verify" and value is False:
            return ("requests to AWS are encrypted but the endpoint's certificate is not checked",
                    "Leave verify at its default, or pass the path of a CA bundle.")
        return None
    return None


def family_of_scheme(scheme: str) -> str | None:
    """The option family a URL scheme selects (`postgresql+asyncpg` -> "asyncpg")."""
    if scheme.startswith(("postgres", "cockroach")):
        return "asyncpg" if "asyncpg" in scheme else "postgres"
    if scheme.startswith(("mysql", "mariadb")):
        return "mysql"
    if scheme.startswith("mssql"):
        return "odbc"
    if scheme.startswith("mongodb"):
        return "mongo"
    if scheme.startswith(("redis", "rediss", "valkey")):
        return "redis"
    return None
