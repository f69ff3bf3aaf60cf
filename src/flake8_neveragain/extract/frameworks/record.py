"""The record that describes one framework, and the roles a constructor keyword can play.

A framework is a subclass of Framework that sets the attributes its syntax needs; the
rest keep their empty defaults. Every attribute but the first three lists names as they
appear in source code, matched on the rightmost identifier (`models.CharField` ->
`CharField`) after import aliases are resolved:

    class Peewee(Framework):
        key = "peewee-model"
        label = "Peewee model"
        packages = ("peewee", "playhouse")
        bases: ClassVar[Bases] = {"peewee": ("Model",), "playhouse": ("Model",)}

Records are classes rather than dataclass instances because every run defines them:
a dataclass with ~35 fields takes about 2 ms to create, these classes together about
0.1 ms (a one-file check has a 0.1 s budget). The adapters never read a record: they
read the tables by concept that the package's `__init__` derives from all records at
import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

# What a field constructor's keyword argument means (the values of Framework.keyword_roles).
ALIAS = "alias"  # the same data under another name: db_column="race"
CHOICES = "choices"  # allowed values: choices=RELIGION_CHOICES
VALIDATORS = "validators"  # validate=OneOf([...]), requires=IS_IN_SET([...])
TARGET = "target"  # the related model: to="app.Religion"
ENUM_TYPE = "enum"  # an enum class: enum_type=Religion
INNER = "inner"  # a column type or an inner field: type_=Enum(...), base_field=CharField(...)
NESTED_COLUMN = "nested_column"  # SQLModel: Field(sa_column=Column("race", ...))
COLUMN_KWARGS = "column_kwargs"  # SQLModel: Field(sa_column_kwargs={"name": "race"})

# Any call whose name ends like this is a field constructor, in any class and framework.
FIELD_CONSTRUCTOR_SUFFIX = "Field"

# What messages call one stored item of a source: "Django model field", "SQL column".
Noun = Literal["field", "column"]
# The types of the record's mappings. A record that sets one annotates it as ClassVar
# (`bases: ClassVar[Bases] = {...}`): a dict in a class body is shared, so it says so.
Bases = Mapping[str, tuple[str, ...]]  # package -> base class names
Roles = Mapping[str, str]  # keyword -> role
AliasKeywords = Mapping[str, tuple[str, ...]]  # constructor -> keywords

_NONE: tuple[str, ...] = ()


class Framework:
    """Everything the adapters know about one framework's schema syntax (subclass it)."""

    # --- Who it is -------------------------------------------------------------------------
    key: ClassVar[str]  # the source key: "django-model"
    label: ClassVar[str]  # in messages: "Django model field ..."
    noun: ClassVar[Noun] = "field"  # "column" for table-like forms: "SQLAlchemy table column ..."

    # --- Where it comes from --------------------------------------------------------------
    # Top-level packages whose field constructors and functional forms belong to it.
    # A package belongs to at most one framework.
    packages: ClassVar[tuple[str, ...]] = _NONE
    # Dotted prefixes of modules that look like it but hold no stored schemas.
    non_schema_modules: ClassVar[tuple[str, ...]] = _NONE

    # --- How a class says it is one of its schemas ----------------------------------------
    # Base classes imported from a package: {"django": ("Model", ...)}. The package need
    # not be in `packages` (Pydantic-based libraries: {"beanie": ("Document",)}).
    bases: ClassVar[Bases] = {}
    # Base names that mean it with no import in sight (snippets, star imports).
    unimported_bases: ClassVar[tuple[str, ...]] = _NONE
    # Dotted bases whose head is not imported, under its conventional variable name:
    # "models.Model", "db.Model" (db = SQLAlchemy(app)).
    conventional_bases: ClassVar[tuple[str, ...]] = _NONE
    # Calls whose result is a base class or a namespace of them: declarative_base(),
    # SQLAlchemy(app) (then db.Model), Database() (then db.Entity).
    base_factories: ClassVar[tuple[str, ...]] = _NONE
    # Class decorators, by last name: @dataclass, @define, @registry.mapped.
    decorators: ClassVar[tuple[str, ...]] = _NONE
    # Any class decorator from these top-level packages: @attr.s, @attr.attributes.
    decorator_packages: ClassVar[tuple[str, ...]] = _NONE
    # Annotations that make an attribute one of its fields in any class: Mapped[str].
    field_annotations: ClassVar[tuple[str, ...]] = _NONE

    # --- Where a schema names its table ---------------------------------------------------
    # Class attributes naming the table; they also tell the framework: __tablename__.
    table_attributes: ClassVar[tuple[str, ...]] = _NONE
    # Attributes of an inner `class Meta` naming the table: db_table.
    meta_table_attributes: ClassVar[tuple[str, ...]] = _NONE
    # Keys of a `meta = {...}` class attribute naming the collection: "collection".
    meta_dict_table_keys: ClassVar[tuple[str, ...]] = _NONE

    # --- Field constructors ---------------------------------------------------------------
    # Names (besides anything ending in "Field") that define a field in any class: Column.
    constructors: ClassVar[tuple[str, ...]] = _NONE
    # Names too common to count outside its own classes, or unless imported from one of
    # `packages`: Pony's Required, Tryton's Char, marshmallow's Str.
    own_constructors: ClassVar[tuple[str, ...]] = _NONE
    # Functions that define a field only inside a schema class: dataclasses.field().
    field_functions: ClassVar[tuple[str, ...]] = _NONE
    # Constructor names that tell the framework of a class whose bases do not: Column.
    hint_constructors: ClassVar[tuple[str, ...]] = _NONE
    # Module-ish names before a constructor that tell it too: models.CharField, sa.Column.
    hint_heads: ClassVar[tuple[str, ...]] = _NONE
    # Its constructors are written `fields.Name(...)` (from ... import fields). A name among
    # the `own_constructors` of only one such framework tells which one it is ...
    fields_module: ClassVar[bool] = False
    # ... and so does `fields.<anything><fields_suffix>(...)`: Tortoise's fields.CharField.
    fields_suffix: ClassVar[str] = ""

    # --- What constructor arguments mean --------------------------------------------------
    # The first positional string is the stored column name: Column("race", ...).
    name_first_constructors: ClassVar[tuple[str, ...]] = _NONE
    # Calls nested in these are column types (String(50), Enum(...)), not inner fields.
    column_constructors: ClassVar[tuple[str, ...]] = _NONE
    # The first positional string or class is the related model: ForeignKey("Religion").
    relation_constructors: ClassVar[tuple[str, ...]] = _NONE
    # Keyword -> role (ALIAS, CHOICES, ... above). A keyword has one role in every framework.
    keyword_roles: ClassVar[Roles] = {}
    # Keywords that are aliases for these constructors only: {"Column": ("name", "key")}.
    constructor_alias_keywords: ClassVar[AliasKeywords] = {}
    # Alias objects whose string arguments are aliases: Pydantic's AliasChoices(...).
    alias_calls: ClassVar[tuple[str, ...]] = _NONE
    # Validators listing the allowed values in their first argument: OneOf([...]) ...
    choice_validators: ClassVar[tuple[str, ...]] = _NONE
    # ... or in these keywords: OneOf(choices=[...]), IS_IN_SET(theset=[...]).
    choice_validator_keywords: ClassVar[tuple[str, ...]] = _NONE

    # --- Schemas written as calls ---------------------------------------------------------
    # Calls that define a schema: Table("person", ...), NamedTuple("P", [...]).
    functional_forms: ClassVar[tuple[str, ...]] = _NONE
    # Forms whose names other libraries use too (timm.create_model): they count only
    # when imported from one of `packages`.
    imported_functional_forms: ClassVar[tuple[str, ...]] = _NONE
    # Forms that also take fields as keywords: NamedTuple("P", race=str).
    keyword_field_forms: ClassVar[tuple[str, ...]] = _NONE

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        missing = [name for name in ("key", "label") if name not in vars(cls)]
        if missing:
            raise TypeError(f"framework record {cls.__name__} sets no {' or '.join(missing)}")
