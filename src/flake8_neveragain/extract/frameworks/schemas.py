"""Validation and serialisation libraries: schemas that describe records, one record each."""

from __future__ import annotations

from typing import ClassVar

from flake8_neveragain.extract.frameworks.record import (
    ALIAS,
    ENUM_TYPE,
    INNER,
    TARGET,
    VALIDATORS,
    AliasKeywords,
    Bases,
    Framework,
    Roles,
)

PYDANTIC = "pydantic-model"
MARSHMALLOW = "marshmallow-schema"
ATTRS = "attrs-class"
MSGSPEC = "msgspec-struct"

_MARSHMALLOW_SCHEMAS = ("Schema", "SQLAlchemySchema", "SQLAlchemyAutoSchema", "ModelSchema", "TableSchema")


class Pydantic(Framework):
    """Pydantic models, and libraries built on them (Django Ninja, Beanie, ODMantic)."""

    key = PYDANTIC
    label = "Pydantic model"
    packages = ("pydantic",)
    bases: ClassVar[Bases] = {
        "pydantic": ("BaseModel", "RootModel", "GenericModel"),
        # Pydantic-based libraries.
        "ninja": ("Schema", "ModelSchema"),
        "beanie": ("Document",),
        "odmantic": ("Model", "EmbeddedModel"),
    }
    unimported_bases = ("BaseModel", "RootModel")
    imported_functional_forms = ("create_model",)
    keyword_field_forms = ("create_model",)  # create_model("P", race=(str, ...))
    keyword_roles: ClassVar[Roles] = {"alias": ALIAS, "validation_alias": ALIAS, "serialization_alias": ALIAS}
    alias_calls = ("AliasChoices", "AliasPath")


class Marshmallow(Framework):
    """marshmallow schemas (and marshmallow-sqlalchemy, Flask-Marshmallow)."""

    key = MARSHMALLOW
    label = "marshmallow schema"
    packages = ("marshmallow", "marshmallow_sqlalchemy", "flask_marshmallow")
    bases: ClassVar[Bases] = {package: _MARSHMALLOW_SCHEMAS for package in packages}
    unimported_bases = _MARSHMALLOW_SCHEMAS
    conventional_bases = ("ma.Schema", "ma.SQLAlchemySchema", "ma.SQLAlchemyAutoSchema")
    base_factories = ("Marshmallow",)  # ma = Marshmallow(app); class S(ma.Schema)
    constructors = ("auto_field",)  # marshmallow_sqlalchemy
    own_constructors = (
        "Str", "String", "Bool", "Boolean", "Int", "Integer", "Float", "Decimal", "Number",
        "Date", "DateTime", "NaiveDateTime", "AwareDateTime", "Time", "TimeDelta", "Email",
        "Url", "URL", "UUID", "IP", "IPv4", "IPv6", "IPInterface", "Nested", "Pluck", "List",
        "Tuple", "Dict", "Mapping", "Raw", "Method", "Function", "Constant", "Enum",
        "Related", "RelatedList", "HyperlinkRelated", "URLFor", "AbsoluteURLFor",
    )
    fields_module = True  # fields.Str
    hint_constructors = ("auto_field",)
    hint_heads = ("ma",)
    name_first_constructors = ("auto_field",)  # auto_field("race")
    relation_constructors = ("Nested", "Pluck")
    keyword_roles: ClassVar[Roles] = {
        "data_key": ALIAS,
        "attribute": ALIAS,
        "load_from": ALIAS,  # marshmallow 2
        "dump_to": ALIAS,
        "validate": VALIDATORS,
        "nested": TARGET,
        "enum": ENUM_TYPE,  # fields.Enum(enum=Religion)
        "cls_or_instance": INNER,  # fields.List(fields.Str(...))
        "keys": INNER,  # fields.Dict(keys=..., values=...)
        "values": INNER,
    }
    choice_validators = ("OneOf", "ContainsOnly")
    choice_validator_keywords = ("choices", "labels")


class Attrs(Framework):
    """attrs classes: @define, @attr.s."""

    key = ATTRS
    label = "attrs class"
    packages = ("attr", "attrs")
    decorators = ("define", "frozen", "mutable", "attrs")
    decorator_packages = ("attr", "attrs")  # @attr.s, @attr.attributes
    field_functions = ("field", "ib", "attrib")
    imported_functional_forms = ("make_class",)
    keyword_roles: ClassVar[Roles] = {"alias": ALIAS, "validator": VALIDATORS}


class Msgspec(Framework):
    """msgspec Structs."""

    key = MSGSPEC
    label = "msgspec Struct"
    packages = ("msgspec",)
    bases: ClassVar[Bases] = {"msgspec": ("Struct",)}
    unimported_bases = ("Struct",)
    field_functions = ("field",)
    imported_functional_forms = ("defstruct",)
    constructor_alias_keywords: ClassVar[AliasKeywords] = {"field": ("name",)}  # msgspec.field(name="race")


RECORDS: tuple[type[Framework], ...] = (Pydantic, Marshmallow, Attrs, Msgspec)
