"""What a type or constructor name says by itself: boolean, encrypting, or neutral.

Framework-independent: the same names (CharField, String, int, ...) are judged the same
way in every framework, by name alone; `type_name_traits` answers from a cache.
"""

from __future__ import annotations

from flake8_neveragain.extract.frameworks.record import FIELD_CONSTRUCTOR_SUFFIX

# SQL column types read for what they hold: Enum("hindu", ...), ForeignKey("religions.id").
SQL_ENUM_TYPES = frozenset({"Enum", "ENUM"})
SQL_FOREIGN_KEY = "ForeignKey"

BOOLEAN_TYPE_NAMES = frozenset({
    "bool", "Boolean", "BOOLEAN", "Bool", "StrictBool", "BooleanField", "NullBooleanField",
})
BOOLEAN_CONSTRUCTOR_SUFFIX = "BooleanField"

# Names that say nothing about what a field holds: builtins, typing wrappers, ORM column
# types, common value types. Anything else class-like in a type position is a type_ref.
NEUTRAL_TYPE_NAMES = frozenset({
    # builtins
    "str", "int", "float", "bool", "bytes", "bytearray", "complex", "list", "dict", "set",
    "frozenset", "tuple", "type", "object", "None", "memoryview", "range", "Ellipsis",
    # typing
    "Any", "Optional", "Union", "List", "Dict", "Set", "FrozenSet", "Tuple", "Type",
    "Callable", "Iterable", "Iterator", "Sequence", "MutableSequence", "Mapping",
    "MutableMapping", "Collection", "Container", "AbstractSet", "MutableSet", "Literal",
    "Annotated", "ClassVar", "Final", "Required", "NotRequired", "ReadOnly", "Self",
    "TypeAlias", "Generic", "Protocol", "Awaitable", "Coroutine", "Generator",
    "AsyncIterator", "AsyncIterable", "AsyncGenerator", "Deque", "DefaultDict",
    "OrderedDict", "Counter", "ChainMap", "Pattern", "Match", "NoReturn", "Never",
    "LiteralString", "AnyStr", "Text", "IO", "TextIO", "BinaryIO", "Hashable", "Sized",
    "SupportsInt", "SupportsFloat", "TypeVar", "ParamSpec", "TypeGuard", "Unpack",
    "InitVar", "KW_ONLY",
    # SQLAlchemy ORM wrappers and column types
    "Mapped", "WriteOnlyMapped", "DynamicMapped", "InstrumentedAttribute", "Column",
    "ForeignKey", "Identity", "Computed", "String", "Integer", "BigInteger",
    "SmallInteger", "Boolean", "DateTime", "Date", "Time", "Float", "Double", "Numeric",
    "Interval", "LargeBinary", "Unicode", "UnicodeText", "JSON", "JSONB", "ARRAY", "Uuid",
    "Enum", "PickleType", "VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT", "CLOB", "INTEGER",
    "INT", "BIGINT", "SMALLINT", "BOOLEAN", "TIMESTAMP", "DATETIME", "DATE", "TIME",
    "NUMERIC", "DECIMAL", "FLOAT", "REAL", "DOUBLE", "BLOB", "BINARY", "VARBINARY",
    "BYTEA", "INET", "CIDR", "MACADDR", "TSVECTOR", "ENUM", "HSTORE", "UUID", "ChoiceType",
    "ScalarListType", "Geometry", "Geography",
    # value types
    "datetime", "date", "time", "timedelta", "timezone", "Decimal", "Path", "PurePath",
    "IPv4Address", "IPv6Address", "IPv4Network", "IPv6Network", "IPv4Interface",
    "IPv6Interface", "ObjectId", "PydanticObjectId",
    # Pydantic, attrs and msgspec helpers
    "Field", "EmailStr", "NameEmail", "HttpUrl", "AnyUrl", "AnyHttpUrl", "PostgresDsn",
    "SecretStr", "SecretBytes", "Json", "JsonValue", "StrictStr", "StrictInt",
    "StrictFloat", "StrictBytes", "StrictBool", "PositiveInt", "NegativeInt",
    "NonNegativeInt", "NonPositiveInt", "PositiveFloat", "NegativeFloat",
    "NonNegativeFloat", "NonPositiveFloat", "FilePath", "DirectoryPath", "UUID1", "UUID3",
    "UUID4", "UUID5", "IPvAnyAddress", "IPvAnyNetwork", "IPvAnyInterface", "PastDate",
    "FutureDate", "PastDatetime", "FutureDatetime", "AwareDatetime", "NaiveDatetime",
    "ConfigDict", "StringConstraints", "Factory", "Meta", "UnsetType", "Raw",
})


# Field or column type names that encrypt at field level: EncryptedCharField,
# StringEncryptedType, TextPGPSymmetricKeyField, a user's PGPString TypeDecorator.
# This is the name heuristic; extract/encrypted_types.py decides by import origin where the
# origin is known (and adds the configured in-house types).
ENCRYPTED_NAME_MARKERS: tuple[str, ...] = ("Encrypted", "PGP")
# FernetTextField (django-fernet): prefix plus the Field suffix.
ENCRYPTED_FIELD_PREFIXES: tuple[str, ...] = ("Fernet",)


# Traits of a type or constructor name, as bit flags (see type_name_traits).
BOOLEAN_TYPE = 1
ENCRYPTED_TYPE = 2
NEUTRAL_TYPE = 4

_traits_cache: dict[str, int] = {}
_TRAITS_CACHE_LIMIT = 50_000  # identifiers seen across a large tree; bounded memory


def type_name_traits(name: str) -> int:
    """BOOLEAN_TYPE | ENCRYPTED_TYPE | NEUTRAL_TYPE flags of a type or constructor name.

    Cached: the same few dozen names (CharField, String, int, ...) recur on every field.
    """
    traits = _traits_cache.get(name)
    if traits is None:
        traits = 0
        if name in BOOLEAN_TYPE_NAMES or name.endswith(BOOLEAN_CONSTRUCTOR_SUFFIX):
            traits |= BOOLEAN_TYPE
        if any(marker in name for marker in ENCRYPTED_NAME_MARKERS) or (
            name.endswith(FIELD_CONSTRUCTOR_SUFFIX) and name.startswith(ENCRYPTED_FIELD_PREFIXES)
        ):
            traits |= ENCRYPTED_TYPE
        if name in NEUTRAL_TYPE_NAMES:
            traits |= NEUTRAL_TYPE
        if len(_traits_cache) >= _TRAITS_CACHE_LIMIT:
            _traits_cache.clear()
        _traits_cache[name] = traits
    return traits
