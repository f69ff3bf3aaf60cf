"""ORMs and ODMs: frameworks whose schemas are stored in a database, one record each."""

from __future__ import annotations

from typing import ClassVar

from flake8_neveragain.extract.frameworks.record import (
    ALIAS,
    CHOICES,
    COLUMN_KWARGS,
    ENUM_TYPE,
    INNER,
    NESTED_COLUMN,
    TARGET,
    VALIDATORS,
    AliasKeywords,
    Bases,
    Framework,
    Roles,
)

# Source keys: the JSON report's "source", and the kind of a class (extract/recognise.py).
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

_MONGO_DOCUMENTS = ("Document", "EmbeddedDocument", "DynamicDocument", "DynamicEmbeddedDocument")


class Django(Framework):
    """Django models, and the add-ons whose field types are model fields."""

    key = DJANGO
    label = "Django model"
    # CountryField, PhoneNumberField, the encrypted fields, model_utils' StatusField, ...
    packages = (
        "django", "django_countries", "phonenumber_field", "django_cryptography", "fernet_fields",
        "encrypted_fields", "encrypted_model_fields", "pgcrypto", "mirage", "model_utils",
    )
    # Forms and Django REST framework serializers are not stored.
    non_schema_modules = ("django.forms", "rest_framework")
    bases: ClassVar[Bases] = {"django": ("Model", "AbstractUser", "AbstractBaseUser", "PermissionsMixin")}
    conventional_bases = ("models.Model",)
    meta_table_attributes = ("db_table",)
    hint_heads = ("models",)
    relation_constructors = (
        "ForeignKey", "OneToOneField", "ManyToManyField",
        "TreeForeignKey",  # django-mptt
        "ParentalKey", "ParentalManyToManyField",  # modelcluster (Wagtail)
    )
    keyword_roles: ClassVar[Roles] = {
        "db_column": ALIAS,
        "source": ALIAS,  # Django REST framework serializers
        "choices": CHOICES,
        "validators": VALIDATORS,
        "to": TARGET,
        "base_field": INNER,  # ArrayField(base_field=...)
    }


class SQLAlchemy(Framework):
    """SQLAlchemy declarative models (and Flask-SQLAlchemy's db.Model)."""

    key = SQLALCHEMY
    label = "SQLAlchemy model"
    packages = ("sqlalchemy", "flask_sqlalchemy", "sqlalchemy_utils")
    bases: ClassVar[Bases] = {
        "sqlalchemy": ("DeclarativeBase", "DeclarativeBaseNoMeta", "MappedAsDataclass"),
        "flask_sqlalchemy": ("Model",),
    }
    unimported_bases = ("DeclarativeBase", "DeclarativeBaseNoMeta")
    conventional_bases = ("db.Model",)
    base_factories = ("declarative_base", "generate_base", "SQLAlchemy")
    decorators = ("mapped", "mapped_as_dataclass", "as_declarative")  # registry.mapped
    field_annotations = ("Mapped", "WriteOnlyMapped", "DynamicMapped")
    table_attributes = ("__tablename__",)
    constructors = ("Column", "mapped_column", "relationship", "ForeignKey")
    hint_constructors = ("Column", "mapped_column", "relationship")
    hint_heads = ("sa", "sqlalchemy")
    name_first_constructors = ("Column", "mapped_column")
    column_constructors = ("Column", "mapped_column")
    relation_constructors = ("ForeignKey", "relationship")
    keyword_roles: ClassVar[Roles] = {"type_": INNER, "argument": TARGET}
    constructor_alias_keywords: ClassVar[AliasKeywords] = {
        "Column": ("name", "key"),
        "mapped_column": ("name", "key"),
    }


class SQLAlchemyCore(Framework):
    """SQLAlchemy Core: Table("person", metadata, Column(...))."""

    key = SQLALCHEMY_TABLE
    label = "SQLAlchemy table"
    noun = "column"
    functional_forms = ("Table",)


class SQLModel(Framework):
    """SQLModel models: Pydantic models that are SQLAlchemy tables."""

    key = SQLMODEL
    label = "SQLModel model"
    packages = ("sqlmodel",)
    bases: ClassVar[Bases] = {"sqlmodel": ("SQLModel",)}
    unimported_bases = ("SQLModel",)
    constructors = ("Relationship",)
    relation_constructors = ("Relationship",)
    keyword_roles: ClassVar[Roles] = {
        "alias": ALIAS,
        "sa_type": INNER,
        "sa_column": NESTED_COLUMN,
        "sa_column_kwargs": COLUMN_KWARGS,
    }


class Peewee(Framework):
    """Peewee models."""

    key = PEEWEE
    label = "Peewee model"
    packages = ("peewee", "playhouse")
    bases: ClassVar[Bases] = {"peewee": ("Model",), "playhouse": ("Model",)}
    meta_table_attributes = ("table_name",)
    hint_constructors = ("ForeignKeyField",)
    hint_heads = ("pw", "peewee")
    relation_constructors = ("ForeignKeyField",)
    keyword_roles: ClassVar[Roles] = {"column_name": ALIAS, "model": TARGET}


class Tortoise(Framework):
    """Tortoise ORM models."""

    key = TORTOISE
    label = "Tortoise model"
    packages = ("tortoise",)
    bases: ClassVar[Bases] = {"tortoise": ("Model",)}
    meta_table_attributes = ("table",)
    hint_constructors = ("CharEnumField", "IntEnumField")
    fields_module = True
    fields_suffix = "Field"  # fields.CharField
    relation_constructors = ("ForeignKeyField", "BackwardFKRelation")
    keyword_roles: ClassVar[Roles] = {"source_field": ALIAS, "enum_type": ENUM_TYPE, "model_name": TARGET}


class MongoEngine(Framework):
    """MongoEngine documents (and Flask-MongoEngine's db.Document)."""

    key = MONGOENGINE
    label = "MongoEngine document"
    packages = ("mongoengine", "flask_mongoengine")
    bases: ClassVar[Bases] = {"mongoengine": _MONGO_DOCUMENTS, "flask_mongoengine": _MONGO_DOCUMENTS}
    unimported_bases = _MONGO_DOCUMENTS
    conventional_bases = ("db.Document", "db.EmbeddedDocument", "db.DynamicDocument")
    base_factories = ("MongoEngine",)
    meta_dict_table_keys = ("collection",)  # meta = {"collection": "..."}
    hint_constructors = (
        "ReferenceField", "LazyReferenceField", "EmbeddedDocumentField", "EmbeddedDocumentListField",
        "GenericReferenceField",
    )
    hint_heads = ("me", "mongoengine")
    relation_constructors = (
        "ReferenceField", "LazyReferenceField", "CachedReferenceField", "EmbeddedDocumentField",
        "EmbeddedDocumentListField",
    )
    keyword_roles: ClassVar[Roles] = {
        "db_field": ALIAS,
        "choices": CHOICES,
        "document_type": TARGET,
        "field": INNER,  # ListField(field=StringField(...))
    }


class Pony(Framework):
    """Pony ORM entities."""

    key = PONY
    label = "Pony entity"
    packages = ("pony",)
    bases: ClassVar[Bases] = {"pony": ("Entity",)}
    unimported_bases = ("Entity",)
    conventional_bases = ("db.Entity",)
    base_factories = ("Database",)  # db = Database(); class Person(db.Entity)
    table_attributes = ("_table_",)
    own_constructors = ("Required", "Optional", "Set", "PrimaryKey", "Discriminator")
    relation_constructors = ("Required", "Optional", "Set", "PrimaryKey")
    keyword_roles: ClassVar[Roles] = {"column": ALIAS}


class Pydal(Framework):
    """pydal / web2py tables: db.define_table("person", Field("race"), ...)."""

    key = PYDAL
    label = "pydal table"
    noun = "column"
    # web2py ships pydal as gluon. The define_table syntax itself is read by
    # extract/pydal_tables.py (see PYDAL_* in this package's __init__).
    packages = ("pydal", "gluon")
    functional_forms = ("define_table",)
    choice_validators = ("IS_IN_SET",)
    choice_validator_keywords = ("theset",)
    keyword_roles: ClassVar[Roles] = {"rname": ALIAS, "requires": VALIDATORS}


class Tryton(Framework):
    """Tryton models."""

    key = TRYTON
    label = "Tryton model"
    packages = ("trytond",)
    bases: ClassVar[Bases] = {"trytond": ("ModelSQL", "ModelView", "ModelStorage", "Model")}
    unimported_bases = ("ModelSQL", "ModelView")
    table_attributes = ("__name__",)  # Tryton's model name: __name__ = "party.religion"
    own_constructors = (
        "Char", "Text", "FullText", "Selection", "MultiSelection", "Boolean", "Integer",
        "BigInteger", "Float", "Numeric", "Date", "DateTime", "Timestamp", "Time",
        "TimeDelta", "Binary", "Many2One", "One2Many", "Many2Many", "One2One", "Reference",
        "Dict", "Function", "MultiValue",
    )
    fields_module = True  # fields.Char
    relation_constructors = ("Many2One", "One2Many", "Many2Many", "One2One")
    keyword_roles: ClassVar[Roles] = {"selection": CHOICES, "model_name": TARGET}


RECORDS: tuple[type[Framework], ...] = (
    Django, SQLAlchemy, SQLAlchemyCore, SQLModel, Peewee, Tortoise, MongoEngine, Pony, Pydal, Tryton,
)
