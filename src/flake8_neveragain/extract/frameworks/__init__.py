"""What each framework's schema syntax looks like, as data.

The adapters consult these tables; nothing here knows about sensitive categories.
Names are matched on the rightmost identifier (`models.CharField` -> `CharField`),
after resolving import aliases where the module imports them.

Each framework is described once, by a record (record.py says what each field means),
in the module of its family:

    orms.py        stored in a database: Django, SQLAlchemy, SQLModel, Peewee, Tortoise,
                   MongoEngine, Pony, pydal, Tryton
    schemas.py     validation and serialisation: Pydantic, marshmallow, attrs, msgspec
    stdlib.py      dataclasses, TypedDict, NamedTuple, enumerations

type_names.py says what a type name says by itself, in any framework (boolean,
encrypting, neutral).

This module derives, at import, the tables by concept that the adapters read (one dict
lookup per syntax question: MODULE_SOURCES, BASES_BY_MODULE, FIELD_KEYWORD_ROLES, ...),
the wording of every source for messages (SOURCE_LABELS, TABLE_SOURCES), and holds the
syntax no single framework owns: class-body conventions, choice values, functional-form
keywords, pydal's define_table, and schema changes (Django and Alembic migrations, SQL
in strings). Two records claiming the same name for different meanings fail at import.

To support one more framework: write its record (a Framework subclass setting only what
its syntax needs) in its family's module, list it in that module's RECORDS, and add an
annotated fixture under tests/fixtures/frameworks/. Its label and noun reach messages,
reports and `--diff` through SOURCE_LABELS and TABLE_SOURCES; nothing else changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from flake8_neveragain.extract.frameworks import orms, schemas, stdlib
from flake8_neveragain.extract.frameworks.orms import (
    DJANGO,
    MONGOENGINE,
    PEEWEE,
    PONY,
    PYDAL,
    SQLALCHEMY,
    SQLALCHEMY_TABLE,
    SQLMODEL,
    TORTOISE,
    TRYTON,
)
from flake8_neveragain.extract.frameworks.record import (
    ALIAS,
    CHOICES,
    COLUMN_KWARGS,
    ENUM_TYPE,
    FIELD_CONSTRUCTOR_SUFFIX,
    INNER,
    NESTED_COLUMN,
    TARGET,
    VALIDATORS,
    Framework,
    Noun,
)
from flake8_neveragain.extract.frameworks.schemas import (
    ATTRS,
    MARSHMALLOW,
    MSGSPEC,
    PYDANTIC,
)
from flake8_neveragain.extract.frameworks.stdlib import (
    DATACLASS,
    ENUM,
    NAMEDTUPLE,
    TYPEDDICT,
)
from flake8_neveragain.extract.frameworks.type_names import (
    BOOLEAN_TYPE,
    ENCRYPTED_TYPE,
    NEUTRAL_TYPE,
    SQL_ENUM_TYPES,
    SQL_FOREIGN_KEY,
    type_name_traits,
)

# Names defined elsewhere in the package that the adapters import from here.
__all__ = [
    "ALIAS", "ATTRS", "BOOLEAN_TYPE", "CHOICES", "COLUMN_KWARGS", "DATACLASS", "DJANGO",
    "ENCRYPTED_TYPE", "ENUM", "ENUM_TYPE", "FIELD_CONSTRUCTOR_SUFFIX", "INNER",
    "MARSHMALLOW", "MONGOENGINE", "MSGSPEC", "NAMEDTUPLE", "NESTED_COLUMN", "NEUTRAL_TYPE",
    "PEEWEE", "PONY", "PYDAL", "PYDANTIC", "SQLALCHEMY", "SQLALCHEMY_TABLE", "SQLMODEL",
    "SQL_ENUM_TYPES", "SQL_FOREIGN_KEY", "TARGET", "TORTOISE", "TRYTON", "TYPEDDICT",
    "VALIDATORS", "type_name_traits",
]

# Every framework record, family by family.
FRAMEWORKS: tuple[type[Framework], ...] = orms.RECORDS + schemas.RECORDS + stdlib.RECORDS

# --- Sources that are not a framework ----------------------------------------------------

GENERIC = "model"  # a schema class of an unknown framework (a project's own BaseModel)
SQL_DDL = "sql-ddl"  # .sql files
SQL_IN_PYTHON = "sql-in-python"  # cursor.execute("CREATE TABLE ..."), text(...), RunSQL(...)
DJANGO_MIGRATION = "django-migration"
ALEMBIC_MIGRATION = "alembic-migration"

# Source key -> (label, noun), as on a framework record.
OTHER_SOURCES: dict[str, tuple[str, Noun]] = {
    GENERIC: ("model", "field"),
    SQL_DDL: ("SQL", "column"),
    SQL_IN_PYTHON: ("SQL string", "column"),
    DJANGO_MIGRATION: ("Django migration", "field"),
    ALEMBIC_MIGRATION: ("Alembic migration", "field"),
}
# The encryption detectors' sources (python-connection, django-settings, cloud-call,
# mongo-client-encryption) have no wording here: their facts carry the subject of the
# message already, and nothing looks them up.


def _owners(what: str, pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """name -> the one meaning records give it; two different meanings are a mistake."""
    owners: dict[str, str] = {}
    for name, meaning in pairs:
        if owners.setdefault(name, meaning) != meaning:
            raise ValueError(f"frameworks: {what} {name!r} means both {owners[name]!r} and {meaning!r}")
    return owners


def _bases_by_module() -> dict[str, dict[str, str]]:
    pairs: dict[str, list[tuple[str, str]]] = {}
    for framework in FRAMEWORKS:
        for package, names in framework.bases.items():
            pairs.setdefault(package, []).extend((name, framework.key) for name in names)
    return {package: _owners(f"base class from {package}", named) for package, named in pairs.items()}


def _fields_module_sources() -> dict[str, str]:
    """`fields.Name(...)`: names listed by exactly one framework written that way."""
    writers = [framework for framework in FRAMEWORKS if framework.fields_module]
    claims = Counter(name for framework in writers for name in set(framework.own_constructors))
    return {name: framework.key for framework in writers for name in framework.own_constructors if claims[name] == 1}


def _alias_keywords() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for framework in FRAMEWORKS:
        for constructor, keywords in framework.constructor_alias_keywords.items():
            table[constructor] = table.get(constructor, frozenset()) | frozenset(keywords)
    return table


# --- Sources in words --------------------------------------------------------------------

_WORDING: dict[str, tuple[str, Noun]] = {
    **{framework.key: (framework.label, framework.noun) for framework in FRAMEWORKS},
    **OTHER_SOURCES,
}
if len(_WORDING) != len(FRAMEWORKS) + len(OTHER_SOURCES):
    raise ValueError("frameworks: two sources share a key")
# Where a fact came from; shown to users as the JSON report's "source" key and, in words,
# in messages ("Django model field", "SQLAlchemy table column", ...).
SOURCE_LABELS: dict[str, str] = {key: label for key, (label, _) in _WORDING.items()}
# Sources whose fields are table columns rather than attributes.
TABLE_SOURCES = frozenset(key for key, (_, noun) in _WORDING.items() if noun == "column")

# --- Packages ----------------------------------------------------------------------------

# Top-level package -> the framework its field constructors belong to.
MODULE_SOURCES: dict[str, str] = _owners(
    "package", ((package, framework.key) for framework in FRAMEWORKS for package in framework.packages)
)
# Sub-packages that look like a framework but hold no stored schemas.
NON_SCHEMA_MODULE_PREFIXES: tuple[str, ...] = tuple(
    prefix for framework in FRAMEWORKS for prefix in framework.non_schema_modules
)

# --- Schema base classes -----------------------------------------------------------------

# Top-level package -> {base class name -> source} for imported bases.
BASES_BY_MODULE: dict[str, dict[str, str]] = _bases_by_module()
# Bases named without any import (snippets, star imports): the usual meaning of the name.
UNIMPORTED_BASES: dict[str, str] = _owners(
    "unimported base", ((name, framework.key) for framework in FRAMEWORKS for name in framework.unimported_bases)
)
# Dotted bases whose head is not imported, by the conventional variable names
# (`db = SQLAlchemy(app)` then `db.Model`, `ma = Marshmallow(app)` then `ma.Schema`).
CONVENTIONAL_BASES: dict[str, str] = _owners(
    "conventional base", ((name, framework.key) for framework in FRAMEWORKS for name in framework.conventional_bases)
)
# Calls whose result is a base class or a namespace of base classes:
# `Base = declarative_base()`, `db = SQLAlchemy(app)` (db.Model), `db = Database()` (db.Entity).
BASE_FACTORIES: dict[str, str] = _owners(
    "base factory", ((name, framework.key) for framework in FRAMEWORKS for name in framework.base_factories)
)

# Bases from elsewhere in the project whose names say "schema" (framework unknown).
GENERIC_BASE_SUFFIXES: tuple[str, ...] = (
    "Model", "Schema", "Base", "Struct", "Document", "Entity", "Record", "Dict",
)
ENUM_BASE_SUFFIXES: tuple[str, ...] = ("Enum", "Choices")

# --- Class decorators ----------------------------------------------------------------------

DECORATOR_SOURCES: dict[str, str] = _owners(
    "class decorator", ((name, framework.key) for framework in FRAMEWORKS for name in framework.decorators)
)
# Any class decorator imported from these packages (`attr.s`, `attr.attributes`).
DECORATOR_MODULES: dict[str, str] = _owners(
    "decorator package", ((name, framework.key) for framework in FRAMEWORKS for name in framework.decorator_packages)
)

# --- Class bodies ------------------------------------------------------------------------

# Inner classes that configure the outer one.
CONFIG_CLASS_NAMES = frozenset({"Meta", "Config"})
# Class attributes that configure rather than store.
NON_FIELD_NAMES = frozenset({"model_config", "meta"})
CLASSVAR_ANNOTATIONS = frozenset({"ClassVar", "InitVar"})
# Annotations that make an attribute a column in any class (SQLAlchemy's Mapped[...]),
# and the framework they tell.
ANNOTATION_SOURCES: dict[str, str] = _owners(
    "field annotation", ((name, framework.key) for framework in FRAMEWORKS for name in framework.field_annotations)
)
MAPPED_ANNOTATIONS = frozenset(ANNOTATION_SOURCES)

# Where a model names its table or collection, and which framework does it that way.
TABLE_NAME_ATTRIBUTES: dict[str, str] = _owners(
    "table attribute", ((name, framework.key) for framework in FRAMEWORKS for name in framework.table_attributes)
)
# class Meta: db_table = "..." (Django), table_name (Peewee), table (Tortoise).
META_TABLE_NAME_ATTRIBUTES = frozenset(name for framework in FRAMEWORKS for name in framework.meta_table_attributes)
DICT_META_ATTRIBUTE = "meta"  # MongoEngine: meta = {"collection": "..."}
DICT_META_TABLE_KEYS = frozenset(name for framework in FRAMEWORKS for name in framework.meta_dict_table_keys)

# --- Field constructors ------------------------------------------------------------------

# Any call whose name ends like FIELD_CONSTRUCTOR_SUFFIX ("Field") is a field constructor,
# in any class; so is any of these.
UNIVERSAL_CONSTRUCTORS = frozenset(name for framework in FRAMEWORKS for name in framework.constructors)
# dataclasses.field / attrs.field / attr.ib / msgspec.field: fields only in schema classes.
FIELD_FUNCTIONS = frozenset(name for framework in FRAMEWORKS for name in framework.field_functions)
# Constructors whose names are too common to count outside their framework's classes.
FRAMEWORK_CONSTRUCTORS: dict[str, frozenset[str]] = {
    framework.key: frozenset(framework.own_constructors) for framework in FRAMEWORKS if framework.own_constructors
}
# `fields.Anything(...)`: Tortoise, Tryton and marshmallow all import a `fields` module.
FIELDS_MODULE_NAME = "fields"
# fields.Name -> the framework, for names only one of them has (fields.Char: Tryton) ...
FIELDS_MODULE_SOURCES: dict[str, str] = _fields_module_sources()
# ... and (suffix, framework) for fields.<...><suffix> (fields.CharField: Tortoise).
FIELDS_MODULE_SUFFIXES: tuple[tuple[str, str], ...] = tuple(
    (framework.fields_suffix, framework.key) for framework in FRAMEWORKS if framework.fields_suffix
)

# Calls wrapping a field constructor; True if the wrapper encrypts the field (where it is
# imported from decides too: encrypted_types.wrapper_encrypts).
FIELD_WRAPPERS: dict[str, bool] = {"encrypt": True, "deferred": False}

# Framework hints from constructor names, for classes whose bases do not tell.
CONSTRUCTOR_NAME_HINTS: dict[str, str] = _owners(
    "hint constructor", ((name, framework.key) for framework in FRAMEWORKS for name in framework.hint_constructors)
)
# ... and from the module-ish name before the constructor (`models.CharField`).
CONSTRUCTOR_HEAD_HINTS: dict[str, str] = _owners(
    "hint head", ((name, framework.key) for framework in FRAMEWORKS for name in framework.hint_heads)
)

# --- What constructor arguments mean -----------------------------------------------------

# First positional string is the stored column name: Column("race", ...).
NAME_FIRST_CONSTRUCTORS = frozenset(name for framework in FRAMEWORKS for name in framework.name_first_constructors)
# Nested calls in these are column types (String(50), Enum(...), ForeignKey("t.id")).
SQL_COLUMN_CONSTRUCTORS = frozenset(name for framework in FRAMEWORKS for name in framework.column_constructors)
# First positional string or class is the related model.
RELATION_CONSTRUCTORS = frozenset(name for framework in FRAMEWORKS for name in framework.relation_constructors)

# Keywords several libraries use with one meaning, on no single record.
SHARED_KEYWORD_ROLES: dict[str, str] = {
    "related_model": TARGET,
    "enum_class": ENUM_TYPE,
    "inner": INNER,
}
# What a field constructor's keyword arguments mean (one dict lookup per keyword).
FIELD_KEYWORD_ROLES: dict[str, str] = _owners(
    "keyword",
    [
        *((keyword, role) for framework in FRAMEWORKS for keyword, role in framework.keyword_roles.items()),
        *SHARED_KEYWORD_ROLES.items(),
    ],
)
# Keywords that are aliases only for some constructors.
CONSTRUCTOR_ALIAS_KEYWORDS: dict[str, frozenset[str]] = _alias_keywords()
# Alias objects whose string arguments are aliases (Pydantic's AliasChoices).
ALIAS_CALLS = frozenset(name for framework in FRAMEWORKS for name in framework.alias_calls)
COLUMN_KWARGS_ALIAS_KEYS = frozenset({"name", "key"})  # SQLModel: sa_column_kwargs={"name": ...}
# Validators listing the allowed values in their first argument (or these keywords).
CHOICE_VALIDATORS = frozenset(name for framework in FRAMEWORKS for name in framework.choice_validators)
CHOICE_VALIDATOR_KEYWORDS = frozenset(
    name for framework in FRAMEWORKS for name in framework.choice_validator_keywords
)

# --- Values ------------------------------------------------------------------------------

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

FUNCTIONAL_FORMS: dict[str, str] = _owners(
    "functional form",
    (
        (name, framework.key)
        for framework in FRAMEWORKS
        for name in (*framework.functional_forms, *framework.imported_functional_forms)
    ),
)
# Forms whose names other libraries use too (timm.create_model("resnet50")): they count
# only when imported from these packages.
FUNCTIONAL_FORM_MODULES: dict[str, frozenset[str]] = {
    name: frozenset(framework.packages) for framework in FRAMEWORKS for name in framework.imported_functional_forms
}
# Forms that also take fields as keywords: NamedTuple("P", race=str), create_model("P", race=(str, ...)).
KEYWORD_FIELD_FORMS = frozenset(name for framework in FRAMEWORKS for name in framework.keyword_field_forms)
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

# --- pydal's define_table (extract/pydal_tables.py reads it) -----------------------------

# pydal/web2py: X.define_table(name, Field("race"), ...) on any receiver (db, current.db,
# self in a web2py model class, a bare local alias); only this exact name counts.
PYDAL_DEFINE_TABLE = "define_table"
PYDAL_TABLE_NAME_KEYWORD = "tablename"  # define_table(tablename="person", ...)
# pydal: define_table("person", ..., rname="people") names the real table.
PYDAL_TABLE_ALIAS_KEYWORDS = frozenset({"rname"})
PYDAL_FIELD = "Field"
PYDAL_FIELD_NAME_KEYWORD = "fieldname"  # Field(fieldname="race")
# pydal: Field("x", "boolean"), Field("x", "reference religion").
PYDAL_BOOLEAN_TYPES = frozenset({"boolean"})
PYDAL_REFERENCE_PREFIXES: tuple[str, ...] = ("reference ", "list:reference ")
# self.tablename / cls.tablename: an attribute of the enclosing class.
INSTANCE_NAMES = frozenset({"self", "cls"})

# --- Schema changes: migrations and SQL in strings ----------------------------------------

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
