"""What each framework's schema syntax looks like, as data.

The adapters consult these tables; nothing here knows about sensitive categories.
Names are matched on the rightmost identifier (`models.CharField` -> `CharField`),
after resolving import aliases where the module imports them.
"""

from __future__ import annotations

# Source keys (facts.SOURCE_LABELS). ENUM marks enum-like classes (kind="model" facts).
DJANGO = "django-model"
SQLALCHEMY = "sqlalchemy-model"
SQLALCHEMY_TABLE = "sqlalchemy-table"
SQLMODEL = "sqlmodel-model"
PEEWEE = "peewee-model"
TORTOISE = "tortoise-model"
MONGOENGINE = "mongoengine-document"
PONY = "pony-entity"
PYDAL = "pydal-table"
TRYTON = "tryton-model"
PYDANTIC = "pydantic-model"
MARSHMALLOW = "marshmallow-schema"
DATACLASS = "dataclass"
ATTRS = "attrs-class"
TYPEDDICT = "typeddict"
NAMEDTUPLE = "namedtuple"
MSGSPEC = "msgspec-struct"
ENUM = "enum"
GENERIC = "model"

# --- Packages ---------------------------------------------------------------------------

# Top-level package -> the framework its field constructors belong to.
MODULE_SOURCES: dict[str, str] = {
    "django": DJANGO,
    "django_countries": DJANGO,
    "phonenumber_field": DJANGO,
    "django_cryptography": DJANGO,
    "fernet_fields": DJANGO,
    "encrypted_fields": DJANGO,
    "encrypted_model_fields": DJANGO,
    "pgcrypto": DJANGO,
    "mirage": DJANGO,
    "model_utils": DJANGO,
    "sqlalchemy": SQLALCHEMY,
    "flask_sqlalchemy": SQLALCHEMY,
    "sqlalchemy_utils": SQLALCHEMY,
    "sqlmodel": SQLMODEL,
    "peewee": PEEWEE,
    "playhouse": PEEWEE,
    "tortoise": TORTOISE,
    "mongoengine": MONGOENGINE,
    "flask_mongoengine": MONGOENGINE,
    "pony": PONY,
    "pydal": PYDAL,
    "gluon": PYDAL,
    "trytond": TRYTON,
    "pydantic": PYDANTIC,
    "marshmallow": MARSHMALLOW,
    "marshmallow_sqlalchemy": MARSHMALLOW,
    "flask_marshmallow": MARSHMALLOW,
    "dataclasses": DATACLASS,
    "attr": ATTRS,
    "attrs": ATTRS,
    "msgspec": MSGSPEC,
}

# Sub-packages that look like a framework but hold no stored schemas.
NON_SCHEMA_MODULE_PREFIXES: tuple[str, ...] = ("django.forms", "rest_framework")

# --- Schema base classes -----------------------------------------------------------------

_MONGO_DOCUMENTS = {
    name: MONGOENGINE
    for name in ("Document", "EmbeddedDocument", "DynamicDocument", "DynamicEmbeddedDocument")
}
_MARSHMALLOW_SCHEMAS = {
    name: MARSHMALLOW
    for name in ("Schema", "SQLAlchemySchema", "SQLAlchemyAutoSchema", "ModelSchema", "TableSchema")
}
_ENUMS = {name: ENUM for name in ("Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum")}
_DJANGO_CHOICES = {name: ENUM for name in ("TextChoices", "IntegerChoices", "Choices")}

# Top-level package -> {base class name -> source} for imported bases.
BASES_BY_MODULE: dict[str, dict[str, str]] = {
    "django": {
        "Model": DJANGO,
        "AbstractUser": DJANGO,
        "AbstractBaseUser": DJANGO,
        "PermissionsMixin": DJANGO,
        **_DJANGO_CHOICES,
    },
    "sqlalchemy": {
        "DeclarativeBase": SQLALCHEMY,
        "DeclarativeBaseNoMeta": SQLALCHEMY,
        "MappedAsDataclass": SQLALCHEMY,
    },
    "flask_sqlalchemy": {"Model": SQLALCHEMY},
    "sqlmodel": {"SQLModel": SQLMODEL},
    "peewee": {"Model": PEEWEE},
    "playhouse": {"Model": PEEWEE},
    "tortoise": {"Model": TORTOISE},
    "mongoengine": _MONGO_DOCUMENTS,
    "flask_mongoengine": _MONGO_DOCUMENTS,
    "pony": {"Entity": PONY},
    "trytond": {name: TRYTON for name in ("ModelSQL", "ModelView", "ModelStorage", "Model")},
    "pydantic": {name: PYDANTIC for name in ("BaseModel", "RootModel", "GenericModel")},
    # Pydantic-based libraries.
    "ninja": {"Schema": PYDANTIC, "ModelSchema": PYDANTIC},
    "beanie": {"Document": PYDANTIC},
    "odmantic": {"Model": PYDANTIC, "EmbeddedModel": PYDANTIC},
    "marshmallow": _MARSHMALLOW_SCHEMAS,
    "marshmallow_sqlalchemy": _MARSHMALLOW_SCHEMAS,
    "flask_marshmallow": _MARSHMALLOW_SCHEMAS,
    "msgspec": {"Struct": MSGSPEC},
    "typing": {"TypedDict": TYPEDDICT, "NamedTuple": NAMEDTUPLE},
    "typing_extensions": {"TypedDict": TYPEDDICT, "NamedTuple": NAMEDTUPLE},
    "mypy_extensions": {"TypedDict": TYPEDDICT},
    "enum": _ENUMS,
}

# Bases named without any import (snippets, star imports): the usual meaning of the name.
UNIMPORTED_BASES: dict[str, str] = {
    "SQLModel": SQLMODEL,
    "BaseModel": PYDANTIC,
    "RootModel": PYDANTIC,
    "DeclarativeBase": SQLALCHEMY,
    "DeclarativeBaseNoMeta": SQLALCHEMY,
    "Entity": PONY,
    "ModelSQL": TRYTON,
    "ModelView": TRYTON,
    "Struct": MSGSPEC,
    "TypedDict": TYPEDDICT,
    "NamedTuple": NAMEDTUPLE,
    **_MONGO_DOCUMENTS,
    **_MARSHMALLOW_SCHEMAS,
    **_ENUMS,
    **_DJANGO_CHOICES,
}

# Dotted bases whose head is not imported, by the conventional variable names
# (`db = SQLAlchemy(app)` then `db.Model`, `ma = Marshmallow(app)` then `ma.Schema`).
CONVENTIONAL_BASES: dict[str, str] = {
    "models.Model": DJANGO,
    "models.TextChoices": ENUM,
    "models.IntegerChoices": ENUM,
    "models.Choices": ENUM,
    "db.Model": SQLALCHEMY,
    "db.Entity": PONY,
    "db.Document": MONGOENGINE,
    "db.EmbeddedDocument": MONGOENGINE,
    "db.DynamicDocument": MONGOENGINE,
    "ma.Schema": MARSHMALLOW,
    "ma.SQLAlchemySchema": MARSHMALLOW,
    "ma.SQLAlchemyAutoSchema": MARSHMALLOW,
}

# Calls whose result is a base class or a namespace of base classes:
# `Base = declarative_base()`, `db = SQLAlchemy(app)` (db.Model), `db = Database()` (db.Entity).
BASE_FACTORIES: dict[str, str] = {
    "declarative_base": SQLALCHEMY,
    "generate_base": SQLALCHEMY,
    "SQLAlchemy": SQLALCHEMY,
    "Database": PONY,
    "MongoEngine": MONGOENGINE,
    "Marshmallow": MARSHMALLOW,
}

# Bases from elsewhere in the project whose names say "schema" (framework unknown).
GENERIC_BASE_SUFFIXES: tuple[str, ...] = (
    "Model", "Schema", "Base", "Struct", "Document", "Entity", "Record", "Dict",
)
ENUM_BASE_SUFFIXES: tuple[str, ...] = ("Enum", "Choices")

# --- Class decorators ----------------------------------------------------------------------

DECORATOR_SOURCES: dict[str, str] = {
    "dataclass": DATACLASS,  # dataclasses, pydantic.dataclasses, marshmallow_dataclass
    "define": ATTRS,
    "frozen": ATTRS,
    "mutable": ATTRS,
    "attrs": ATTRS,
    "mapped": SQLALCHEMY,  # registry.mapped
    "mapped_as_dataclass": SQLALCHEMY,
    "as_declarative": SQLALCHEMY,
}
# Any class decorator imported from these packages (`attr.s`, `attr.attributes`).
DECORATOR_MODULES: dict[str, str] = {"attr": ATTRS, "attrs": ATTRS}

# --- Class bodies ------------------------------------------------------------------------

# Inner classes that configure the outer one.
CONFIG_CLASS_NAMES = frozenset({"Meta", "Config"})
# Class attributes that configure rather than store.
NON_FIELD_NAMES = frozenset({"model_config", "meta"})
CLASSVAR_ANNOTATIONS = frozenset({"ClassVar", "InitVar"})
# SQLAlchemy annotations that make an attribute a column in any class.
MAPPED_ANNOTATIONS = frozenset({"Mapped", "WriteOnlyMapped", "DynamicMapped"})

# Where a model names its table or collection, and which framework does it that way.
TABLE_NAME_ATTRIBUTES: dict[str, str] = {
    "__tablename__": SQLALCHEMY,
    "_table_": PONY,
    "__name__": TRYTON,  # Tryton's model name: __name__ = "party.religion"
}
META_TABLE_NAME_ATTRIBUTES = frozenset({"db_table", "table_name", "table"})  # Django, Peewee, Tortoise
DICT_META_ATTRIBUTE = "meta"  # MongoEngine: meta = {"collection": "..."}
DICT_META_TABLE_KEYS = frozenset({"collection"})

# --- Field constructors ------------------------------------------------------------------

# Any call whose name ends like this is a field constructor, in any class.
FIELD_CONSTRUCTOR_SUFFIX = "Field"
UNIVERSAL_CONSTRUCTORS = frozenset(
    {"Column", "mapped_column", "relationship", "Relationship", "ForeignKey", "auto_field"}
)
# dataclasses.field / attrs.field / attr.ib / msgspec.field: fields only in schema classes.
FIELD_FUNCTIONS = frozenset({"field", "ib", "attrib"})
# Constructors whose names are too common to count outside their framework's classes.
FRAMEWORK_CONSTRUCTORS: dict[str, frozenset[str]] = {
    PONY: frozenset({"Required", "Optional", "Set", "PrimaryKey", "Discriminator"}),
    TRYTON: frozenset({
        "Char", "Text", "FullText", "Selection", "MultiSelection", "Boolean", "Integer",
        "BigInteger", "Float", "Numeric", "Date", "DateTime", "Timestamp", "Time",
        "TimeDelta", "Binary", "Many2One", "One2Many", "Many2Many", "One2One", "Reference",
        "Dict", "Function", "MultiValue",
    }),
    MARSHMALLOW: frozenset({
        "Str", "String", "Bool", "Boolean", "Int", "Integer", "Float", "Decimal", "Number",
        "Date", "DateTime", "NaiveDateTime", "AwareDateTime", "Time", "TimeDelta", "Email",
        "Url", "URL", "UUID", "IP", "IPv4", "IPv6", "IPInterface", "Nested", "Pluck", "List",
        "Tuple", "Dict", "Mapping", "Raw", "Method", "Function", "Constant", "Enum",
        "Related", "RelatedList", "HyperlinkRelated", "URLFor", "AbsoluteURLFor",
    }),
}
# `fields.Anything(...)`: Tortoise, Tryton and marshmallow all import a `fields` module.
FIELDS_MODULE_NAME = "fields"

# Calls wrapping a field constructor; True if the wrapper encrypts the field (where it is
# imported from decides too: encrypted_types.wrapper_encrypts).
FIELD_WRAPPERS: dict[str, bool] = {"encrypt": True, "deferred": False}

# Framework hints from constructor names, for classes whose bases do not tell.
CONSTRUCTOR_NAME_HINTS: dict[str, str] = {
    "Column": SQLALCHEMY,
    "mapped_column": SQLALCHEMY,
    "relationship": SQLALCHEMY,
    "CharEnumField": TORTOISE,
    "IntEnumField": TORTOISE,
    "ReferenceField": MONGOENGINE,
    "LazyReferenceField": MONGOENGINE,
    "EmbeddedDocumentField": MONGOENGINE,
    "EmbeddedDocumentListField": MONGOENGINE,
    "GenericReferenceField": MONGOENGINE,
    "ForeignKeyField": PEEWEE,
    "auto_field": MARSHMALLOW,
}
# ... and from the module-ish name before the constructor (`models.CharField`).
CONSTRUCTOR_HEAD_HINTS: dict[str, str] = {
    "models": DJANGO,
    "sa": SQLALCHEMY,
    "sqlalchemy": SQLALCHEMY,
    "pw": PEEWEE,
    "peewee": PEEWEE,
    "me": MONGOENGINE,
    "mongoengine": MONGOENGINE,
    "ma": MARSHMALLOW,
}

# --- What constructor arguments mean -----------------------------------------------------

# First positional string is the stored column name: Column("race", ...).
NAME_FIRST_CONSTRUCTORS = frozenset({"Column", "mapped_column", "auto_field"})
# Nested calls in these are column types (String(50), Enum(...), ForeignKey("t.id")).
SQL_COLUMN_CONSTRUCTORS = frozenset({"Column", "mapped_column"})
# First positional string or class is the related model.
RELATION_CONSTRUCTORS = frozenset({
    "ForeignKey", "OneToOneField", "ManyToManyField", "ForeignKeyField", "ReferenceField",
    "LazyReferenceField", "CachedReferenceField", "TreeForeignKey", "ParentalKey",
    "ParentalManyToManyField", "relationship", "Relationship", "Many2One", "One2Many",
    "Many2Many", "One2One", "Required", "Optional", "Set", "PrimaryKey", "Nested", "Pluck",
    "EmbeddedDocumentField", "EmbeddedDocumentListField", "BackwardFKRelation",
})

# What a field constructor's keyword arguments mean (one dict lookup per keyword).
ALIAS = "alias"  # the same data under another name: db_column="race"
CHOICES = "choices"  # allowed values: choices=RELIGION_CHOICES
VALIDATORS = "validators"  # validate=OneOf([...]), requires=IS_IN_SET([...])
TARGET = "target"  # the related model: to="app.Religion"
ENUM_TYPE = "enum"  # an enum class: enum_type=Religion
INNER = "inner"  # a column type or an inner field: type_=Enum(...), base_field=CharField(...)
NESTED_COLUMN = "nested_column"  # SQLModel: Field(sa_column=Column("race", ...))
COLUMN_KWARGS = "column_kwargs"  # SQLModel: Field(sa_column_kwargs={"name": "race"})

FIELD_KEYWORD_ROLES: dict[str, str] = {
    "db_column": ALIAS,  # Django
    "column_name": ALIAS,  # Peewee
    "source_field": ALIAS,  # Tortoise
    "db_field": ALIAS,  # MongoEngine
    "data_key": ALIAS,  # marshmallow
    "attribute": ALIAS,
    "load_from": ALIAS,
    "dump_to": ALIAS,
    "alias": ALIAS,  # Pydantic, SQLModel, attrs
    "validation_alias": ALIAS,
    "serialization_alias": ALIAS,
    "rname": ALIAS,  # pydal
    "column": ALIAS,  # Pony
    "source": ALIAS,  # Django REST framework serializers
    "choices": CHOICES,
    "selection": CHOICES,
    "validate": VALIDATORS,
    "validators": VALIDATORS,
    "validator": VALIDATORS,
    "requires": VALIDATORS,
    "to": TARGET,
    "model": TARGET,
    "model_name": TARGET,
    "document_type": TARGET,
    "related_model": TARGET,
    "argument": TARGET,
    "nested": TARGET,
    "enum": ENUM_TYPE,
    "enum_type": ENUM_TYPE,
    "enum_class": ENUM_TYPE,
    "type_": INNER,
    "sa_type": INNER,
    "base_field": INNER,
    "field": INNER,
    "inner": INNER,
    "cls_or_instance": INNER,
    "keys": INNER,
    "values": INNER,
    "sa_column": NESTED_COLUMN,
    "sa_column_kwargs": COLUMN_KWARGS,
}
# Keywords that are aliases only for some constructors.
CONSTRUCTOR_ALIAS_KEYWORDS: dict[str, frozenset[str]] = {
    "Column": frozenset({"name", "key"}),
    "mapped_column": frozenset({"name", "key"}),
    "field": frozenset({"name"}),  # msgspec.field(name=...)
}
# Pydantic alias objects whose string arguments are aliases.
ALIAS_CALLS = frozenset({"AliasChoices", "AliasPath"})
COLUMN_KWARGS_ALIAS_KEYS = frozenset({"name", "key"})
# Validators listing the allowed values in their first argument (or these keywords).
CHOICE_VALIDATORS = frozenset({"OneOf", "ContainsOnly", "IS_IN_SET"})
CHOICE_VALIDATOR_KEYWORDS = frozenset({"choices", "labels", "theset"})

# --- Types -------------------------------------------------------------------------------

SQL_ENUM_TYPES = frozenset({"Enum", "ENUM"})
SQL_FOREIGN_KEY = "ForeignKey"
# pydal: Field("x", "boolean"), Field("x", "reference religion").
PYDAL_BOOLEAN_TYPES = frozenset({"boolean"})
PYDAL_REFERENCE_PREFIXES: tuple[str, ...] = ("reference ", "list:reference ")

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
    "ForeignKey", "Sequence", "Identity", "Computed", "String", "Integer", "BigInteger",
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

# Translation wrappers around choice labels: _("Hindu"), gettext_lazy("Hindu"), T("...").
GETTEXT_FUNCTIONS = frozenset({
    "_", "_l", "_lazy", "N_", "T", "gettext", "gettext_lazy", "gettext_noop", "ugettext",
    "ugettext_lazy", "ugettext_noop", "lazy_gettext", "pgettext", "pgettext_lazy",
})
# pgettext(context, message): the message is the last argument.
CONTEXT_GETTEXT_FUNCTIONS = frozenset({"pgettext", "pgettext_lazy"})
# list(CHOICES), sorted(CHOICES), ...: the values are those of the argument.
ITERABLE_WRAPPERS = frozenset({
    "list", "tuple", "set", "frozenset", "sorted", "reversed", "dict", "OrderedDict",
})
# Calls listing values in all their arguments: model_utils.Choices("draft", ("pub", "Published")).
VALUE_LIST_CALLS = frozenset({"Choices"})
# Mapping views whose values are those of the mapping: CHOICES.items().
MAPPING_VIEWS = frozenset({"items", "keys", "values"})
# Enum attributes listing its members: Religion.choices (Django), Religion.__members__.
ENUM_MEMBER_VIEWS = frozenset({"choices", "values", "labels", "names", "__members__"})
# Enum members that are not members.
ENUM_SPECIAL_MEMBERS = frozenset({"_ignore_", "_order_", "__empty__", "_generate_next_value_"})

# --- Functional schemas ------------------------------------------------------------------

FUNCTIONAL_FORMS: dict[str, str] = {
    "Table": SQLALCHEMY_TABLE,
    "define_table": PYDAL,
    "NamedTuple": NAMEDTUPLE,
    "namedtuple": NAMEDTUPLE,
    "TypedDict": TYPEDDICT,
    "make_dataclass": DATACLASS,
    "make_class": ATTRS,
    "create_model": PYDANTIC,
    "defstruct": MSGSPEC,
}
# Forms whose names other libraries use too (timm.create_model("resnet50")): they count
# only when imported from these packages.
FUNCTIONAL_FORM_MODULES: dict[str, frozenset[str]] = {
    "create_model": frozenset({"pydantic"}),
    "make_class": frozenset({"attr", "attrs"}),
    "defstruct": frozenset({"msgspec"}),
    "make_dataclass": frozenset({"dataclasses"}),
}
# Forms that also take fields as keywords: NamedTuple("P", race=str), create_model("P", race=(str, ...)).
KEYWORD_FIELD_FORMS = frozenset({"NamedTuple", "TypedDict", "create_model"})
# Keywords holding the field list: namedtuple("P", field_names=...), make_dataclass(..., fields=...).
FIELD_LIST_KEYWORDS = frozenset({"fields", "field_names", "attrs"})
# Keywords naming the schema when it is not the first argument.
SCHEMA_NAME_KEYWORDS = frozenset({"typename", "cls_name", "name", "model_name", "__model_name"})
# Enum("Religion", "HINDU MUSLIM"), TextChoices("Religion", "HINDU MUSLIM").
FUNCTIONAL_ENUMS = frozenset({
    "Enum", "StrEnum", "IntEnum", "Flag", "IntFlag", "TextChoices", "IntegerChoices", "Choices",
})
# Packages whose Enum-named callables are Python enums, not column types.
ENUM_MODULES = frozenset({"enum", "django", "aenum", "strenum", "enumfields", "django_enumfields"})
# Keywords of SQLAlchemy's Enum type, which shares the name with enum.Enum.
SQL_ENUM_KEYWORDS = frozenset({
    "name", "native_enum", "create_constraint", "create_type", "length", "schema",
    "values_callable", "validate_strings", "metadata", "inherit_schema",
})
# Keywords of the keyword-field forms that are options, not fields.
FUNCTIONAL_OPTION_KEYWORDS = frozenset({"total", "closed", "extra_items", "fields"})
# pydal: define_table("person", ..., rname="people") names the real table.
PYDAL_TABLE_ALIAS_KEYWORDS = frozenset({"rname"})
# pydal/web2py: X.define_table(name, Field("race"), ...) on any receiver (db, current.db,
# self in a web2py model class, a bare local alias); only this exact name counts.
PYDAL_DEFINE_TABLE = "define_table"
PYDAL_TABLE_NAME_KEYWORD = "tablename"  # define_table(tablename="person", ...)
PYDAL_FIELD = "Field"
PYDAL_FIELD_NAME_KEYWORD = "fieldname"  # Field(fieldname="race")
# self.tablename / cls.tablename: an attribute of the enclosing class.
INSTANCE_NAMES = frozenset({"self", "cls"})

# --- Schema changes: migrations and SQL in strings ----------------------------------------

DJANGO_MIGRATION = "django-migration"
ALEMBIC_MIGRATION = "alembic-migration"
SQL_IN_PYTHON = "sql-in-python"

# Django: `class Migration(migrations.Migration)` with `operations = [...]`.
DJANGO_MIGRATION_CLASS = "Migration"
DJANGO_MIGRATIONS_MODULE = "migrations"  # the conventional head: migrations.Migration
DJANGO_MIGRATIONS_ORIGIN = "django.db.migrations"
DJANGO_OPERATIONS_ATTRIBUTE = "operations"
# Operations that introduce a field or a model; every other operation (RemoveField,
# DeleteModel, AlterModelOptions, AddIndex, ...) is silent. RunSQL is read as SQL.
DJANGO_CREATE_MODEL = "CreateModel"
DJANGO_FIELD_OPERATIONS: dict[str, str] = {"AddField": "adds", "AlterField": "alters"}
DJANGO_RENAME_FIELD = "RenameField"
DJANGO_RENAME_MODEL = "RenameModel"
# SeparateDatabaseAndState: only the database side changes what is stored (the state
# side is what a replay of the migration graph follows).
DJANGO_SEPARATE_OPERATIONS = "SeparateDatabaseAndState"
DJANGO_DATABASE_OPERATIONS = "database_operations"
DJANGO_STATE_OPERATIONS = "state_operations"
# Operations that only a replay of the app's migrations reads.
DJANGO_ADD_FIELD = "AddField"
DJANGO_ALTER_FIELD = "AlterField"
DJANGO_REMOVE_FIELD = "RemoveField"
DJANGO_DELETE_MODEL = "DeleteModel"
# Migration class attributes: [("app", "0001_initial")] lists.
DJANGO_DEPENDENCIES_ATTRIBUTE = "dependencies"
DJANGO_REPLACES_ATTRIBUTE = "replaces"
# RunPython(forwards, backwards): SQL executed in `backwards` is a reverse operation.
DJANGO_RUN_PYTHON = "RunPython"
DJANGO_REVERSE_CODE = "reverse_code"
# Positional parameter names of the operations read, for the keyword forms.
DJANGO_OPERATION_PARAMETERS: dict[str, tuple[str, ...]] = {
    "CreateModel": ("name", "fields", "options"),
    "AddField": ("model_name", "name", "field"),
    "AlterField": ("model_name", "name", "field"),
    "RenameField": ("model_name", "old_name", "new_name"),
    "RenameModel": ("old_name", "new_name"),
    "RunPython": ("code", "reverse_code"),
    "RemoveField": ("model_name", "name"),
    "DeleteModel": ("name",),
    "SeparateDatabaseAndState": ("database_operations", "state_operations"),
}
# CreateModel(options={"db_table": "ethnic_groups"}): the table the model is stored in.
DJANGO_TABLE_OPTIONS = frozenset({"db_table"})

# Alembic: a module with `def upgrade()` and `from alembic import op` or `revision = "..."`.
ALEMBIC_OP_ORIGIN = "alembic.op"
ALEMBIC_OP_NAME = "op"
ALEMBIC_REVISION = "revision"
# upgrade() and, in multi-database templates, upgrade_<engine>(); downgrade*() is never read.
ALEMBIC_UPGRADE = "upgrade"
ALEMBIC_DOWNGRADE = "downgrade"
ALEMBIC_BATCH = "batch_alter_table"
# Operation -> positional parameter names (on `op`; batch operations drop the table).
ALEMBIC_OPERATIONS: dict[str, tuple[str, ...]] = {
    "add_column": ("table_name", "column"),
    "create_table": ("table_name",),
    "alter_column": ("table_name", "column_name"),
    "rename_table": ("old_table_name", "new_table_name"),
}
ALEMBIC_NEW_NAME = "new_column_name"
ALEMBIC_TYPE_KEYWORDS = ("type_", "existing_type")  # the new type first

# SQL in strings: calls whose first argument (or one of these keywords) is SQL text.
# cursor.execute / executemany / executescript, connection.exec_driver_sql,
# SQLAlchemy text(...) and DDL(...), Alembic op.execute, Django migrations.RunSQL,
# Model.objects.raw, pydal db.executesql.
SQL_CALLS = frozenset({
    "execute", "executemany", "executescript", "exec_driver_sql", "executesql", "text", "DDL",
    "RunSQL", "raw",
})
SQL_ARGUMENT_KEYWORDS = frozenset({
    "sql", "sqltext", "statement", "operation", "query", "raw_query", "sql_script", "text",
})
# Calls wrapping SQL text inside an SQL call: conn.execute(text("...")).
SQL_TEXT_WRAPPERS = frozenset({"text"})

# --- Encryption --------------------------------------------------------------------------

# Field or column type names that encrypt at field level: EncryptedCharField,
# StringEncryptedType, TextPGPSymmetricKeyField, a user's PGPString TypeDecorator.
# This is the name heuristic; encrypted_types.py decides by import origin where the
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
