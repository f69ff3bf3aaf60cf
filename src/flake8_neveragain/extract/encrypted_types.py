"""Which field and column types encrypt at field level, by where they are imported from.

Class names collide across libraries (`EncryptedCharField` exists in several
packages) and some lookalikes only mask or hash (pydantic's `SecretStr`,
django-pgcrypto-fields' `TextDigestField`), so a type counts as encrypting by its
import origin, as resolved through the module's ImportMap:

- a known encryption package decides by its own names (ENCRYPTION_PACKAGES);
- a project's own types, listed in `[tool.neveragain] encrypted-types`: a dotted
  entry matches the resolved origin (`acme.crypto.SealedTextField`), a bare one
  the name wherever it comes from (`VaultString`);
- a known plain framework (django, sqlalchemy, pydantic, ...) never encrypts,
  whatever the name says;
- anything else (a class defined in the module, a relative or project import, no
  import at all) keeps the name heuristic of frameworks.type_name_traits.

Origins are looked up only when the name heuristic says "encrypted" or when the
module imports from an encryption package or a configured module (`watching`):
on every other field of every other model the cost is one attribute test.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache

from flake8_neveragain.extract.frameworks import BASES_BY_MODULE, MODULE_SOURCES
from flake8_neveragain.extract.imports import ImportMap


@dataclass(frozen=True, slots=True)
class EncryptionPackage:
    module: str  # dotted import prefix: "fernet_fields", "sqlalchemy_utils"
    names: str  # regular expression (full match) of the names in it that encrypt
    note: str  # the distribution and what else it exports, for maintainers


# Sources: each package's field module (see the encryption patterns research note, §1.1).
ENCRYPTION_PACKAGES: tuple[EncryptionPackage, ...] = (
    EncryptionPackage("django_cryptography", r"encrypt|Encrypted\w*",
                      "django-cryptography: the encrypt(Field) wrapper, Encrypted<Field> classes"),
    EncryptionPackage("fernet_fields", r"Encrypted\w*", "django-fernet-fields and its forks"),
    EncryptionPackage("encrypted_fields", r"Encrypted\w*", "jazzband django-fernet-encrypted-fields"),
    EncryptionPackage("encrypted_model_fields", r"Encrypted\w*", "django-encrypted-model-fields"),
    EncryptionPackage("pgcrypto", r"\w*PGP\w*KeyField",
                      "django-pgcrypto-fields: TextDigestField and TextHMACField are hashes"),
    EncryptionPackage("django_mongodb_backend", r"Encrypted\w*",
                      "django-mongodb-backend Queryable Encryption fields"),
    EncryptionPackage("sqlalchemy_utils", r"StringEncryptedType|EncryptedType",
                      "sqlalchemy-utils: every other type it exports is plain"),
    EncryptionPackage("mirage", r"Encrypted\w*", "django-mirage-field (mirage.fields)"),
    EncryptionPackage("django_kms", r"\w*Encrypted\w*", "django-kms-field (KMSEncryptedCharField)"),
    EncryptionPackage("django_fernet", r"Fernet\w*Field", "django-fernet (FernetTextField)"),
    EncryptionPackage("encrypt_decrypt_fields", r"Encrypted\w*", "encrypt-decrypt-fields"),
    EncryptionPackage("django_extensions.db.fields.encrypted", r"Encrypted\w*",
                      "django-extensions' historic keyczar fields"),
)

_PACKAGES_BY_TOP: dict[str, tuple[tuple[EncryptionPackage, re.Pattern[str]], ...]] = {}
for _package in ENCRYPTION_PACKAGES:
    _top = _package.module.partition(".")[0]
    _PACKAGES_BY_TOP[_top] = (*_PACKAGES_BY_TOP.get(_top, ()), (_package, re.compile(_package.names)))

ENCRYPTION_TOPS: frozenset[str] = frozenset(_PACKAGES_BY_TOP)
# Frameworks whose types never encrypt: a name there that merely contains "Encrypted"
# is not field-level encryption.
PLAIN_PACKAGES: frozenset[str] = (frozenset(MODULE_SOURCES) | frozenset(BASES_BY_MODULE)) - ENCRYPTION_TOPS

# Bytes that a migration defining an encrypted field contains, whatever the library:
# Encrypted..., encrypt(...), encrypted_fields, ...PGP...KeyField, Fernet...Field.
BUILTIN_MARKERS: tuple[bytes, ...] = (b"ncrypt", b"PGP", b"Fernet")


def package_of(origin: str) -> tuple[EncryptionPackage, re.Pattern[str]] | None:
    """The known encryption package a dotted origin belongs to, if any."""
    candidates = _PACKAGES_BY_TOP.get(origin.partition(".")[0])
    if candidates:
        for package, pattern in candidates:
            module = package.module
            if origin == module or (origin.startswith(module) and origin[len(module)] == "."):
                return package, pattern
    return None


def library_of(origin: str | None) -> str | None:
    """How messages name the encryption package of an origin ("fernet_fields"), if known."""
    if origin is None:
        return None
    found = package_of(origin)
    return found[0].module if found is not None else None


def origin_encrypts(origin: str, by_name: bool) -> bool:
    """Whether the name imported from `origin` encrypts; `by_name` when the origin cannot tell."""
    if origin.startswith("."):  # a relative import: the project's own type
        return by_name
    found = package_of(origin)
    if found is not None:
        return found[1].fullmatch(origin.rpartition(".")[2]) is not None
    if origin.partition(".")[0] in PLAIN_PACKAGES:
        return False
    return by_name


class EncryptedTypesConfig:
    """The configured in-house encrypted types, parsed once per distinct setting."""

    __slots__ = ("dotted", "entries", "markers", "names", "tops")

    def __init__(self, entries: tuple[str, ...]) -> None:
        self.entries = entries
        self.dotted = frozenset(entry for entry in entries if "." in entry)
        self.names = frozenset(entry for entry in entries if "." not in entry)
        # Modules whose import makes a module worth watching: `acme` for acme.crypto.X.
        self.tops = ENCRYPTION_TOPS | {entry.partition(".")[0] for entry in self.dotted}
        last_names = {entry.rpartition(".")[2] for entry in entries}
        self.markers = BUILTIN_MARKERS + tuple(sorted(name.encode() for name in last_names))

    def origin_encrypts(self, origin: str, by_name: bool) -> bool:
        if origin in self.dotted:
            return True
        return origin_encrypts(origin, by_name)


@lru_cache(maxsize=8)
def encrypted_types_config(entries: tuple[str, ...] = ()) -> EncryptedTypesConfig:
    return EncryptedTypesConfig(entries)


class EncryptedTypes:
    """One module's view: its imports and the configured types."""

    __slots__ = ("_imports", "_imports_watched", "config", "watching")

    def __init__(self, imports: ImportMap, config: EncryptedTypesConfig | None = None) -> None:
        self.config = config if config is not None else encrypted_types_config()
        self._imports = imports
        # Consult origins for names the heuristic rejects only where they can matter:
        # the module imports from an encryption package or a configured module.
        self._imports_watched = imports.imports_from(self.config.tops)
        # Whether a name the heuristic rejects still needs a look (callers test this first).
        self.watching = self._imports_watched or bool(self.config.names)

    def encrypts(self, node: ast.expr | None, name: str, by_name: bool) -> bool:
        """Whether the type `name` (written as `node`, if known) encrypts at field level.

        `by_name` is the name heuristic's verdict, kept when the origin is unknown.
        """
        if name in self.config.names:
            return True
        if not by_name and not self._imports_watched:
            return False
        origin = self.origin(node, name)
        if origin is None:
            return by_name
        return self.config.origin_encrypts(origin, by_name)

    def origin(self, node: ast.expr | None, name: str) -> str | None:
        """The imported dotted origin of a type written as `node` (or as the bare `name`)."""
        if isinstance(node, (ast.Name, ast.Attribute)):
            return self._imports.resolve(node)
        return self._imports.origin(name) if node is None else None


def wrapper_encrypts(func: ast.expr, imports: ImportMap) -> bool:
    """Whether a field wrapper such as `encrypt(models.TextField())` encrypts.

    django_cryptography's `encrypt` does; one from a known plain framework does not;
    one defined in the project, or not imported, is taken at its word.
    """
    origin = imports.resolve(func)
    return True if origin is None else origin_encrypts(origin, True)
