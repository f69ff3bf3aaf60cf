"""Peewee, Tortoise, MongoEngine, Pony, web2py/pydal and Tryton."""

from __future__ import annotations

from flake8_neveragain.facts import Span
from helpers import facts_by_symbol


def test_peewee() -> None:
    facts = facts_by_symbol(
        """
        from peewee import Model, CharField, BooleanField, ForeignKeyField, SqliteDatabase

        db = SqliteDatabase("people.db")

        class BaseModel(Model):
            class Meta:
                database = db

        class Person(BaseModel):
            attr_a = CharField(column_name="ethnicity")
            religion = ForeignKeyField(Religion, backref="people")
            faith = ForeignKeyField(model=Faith)
            is_immigrant = BooleanField(default=False)

            class Meta:
                table_name = "people"
        """
    )
    assert facts["BaseModel"].source == "peewee-model"
    assert facts["Person"].source == "peewee-model"
    assert facts["Person"].aliases == ("people",)
    assert facts["Person.attr_a"].aliases == ("ethnicity",)
    assert facts["Person.religion"].type_refs == ("Religion",)
    assert facts["Person.faith"].type_refs == ("Faith",)
    assert facts["Person.is_immigrant"].is_boolean


def test_peewee_base_from_the_project_is_refined_by_its_fields() -> None:
    facts = facts_by_symbol(
        """
        import peewee as pw
        from .base import BaseModel

        class Person(BaseModel):
            nationality = pw.CharField()
        """
    )
    assert facts["Person"].source == "peewee-model"


def test_tortoise() -> None:
    facts = facts_by_symbol(
        """
        from enum import Enum
        from tortoise import fields
        from tortoise.models import Model

        class EthnicityEnum(str, Enum):
            ASIAN = "asian"
            BLACK = "black"

        class Person(Model):
            attr_a = fields.CharField(max_length=20, source_field="race")
            ethnicity = fields.CharEnumField(EthnicityEnum)
            religion = fields.ForeignKeyField("models.Religion", related_name="people")
            is_citizen = fields.BooleanField()

            class Meta:
                table = "people"
        """
    )
    assert facts["EthnicityEnum"].source == "enum"
    person = facts["Person"]
    assert person.source == "tortoise-model" and person.aliases == ("people",)
    assert facts["Person.attr_a"].aliases == ("race",)
    assert facts["Person.ethnicity"].type_refs == ("EthnicityEnum",)
    assert facts["Person.ethnicity"].values == ("ASIAN", "asian", "BLACK", "black")
    assert facts["Person.religion"].type_refs == ("Religion",)
    assert facts["Person.is_citizen"].is_boolean


def test_tortoise_without_imports_is_recognised_by_fields_module_names() -> None:
    facts = facts_by_symbol(
        """
        class Person(Model):
            ethnicity = fields.CharField(max_length=20)
        """
    )
    assert facts["Person"].source == "tortoise-model"


def test_fields_module_names_tell_tryton_from_marshmallow_without_imports() -> None:
    # `fields.X` with no import: a name only one framework has decides; a shared one does not.
    facts = facts_by_symbol(
        """
        class Party(Model):
            religion = fields.Char("Religion")

        class ProfileSchema(Schema):
            faith = fields.Str()

        class Mixed(Thing):
            count = fields.Integer()
        """
    )
    assert facts["Party"].source == "tryton-model"
    assert facts["ProfileSchema"].source == "marshmallow-schema"
    assert facts["Mixed"].source == "model"


def test_mongoengine() -> None:
    facts = facts_by_symbol(
        """
        from mongoengine import (
            BooleanField, Document, EmbeddedDocument, ListField, ReferenceField, StringField,
        )

        class Person(Document):
            attr_a = StringField(choices=("hindu", "muslim"), db_field="religion")
            tribe = ReferenceField("Tribe")
            caste = ReferenceField(Caste)
            is_refugee = BooleanField()
            languages = ListField(StringField(choices=["urdu", "hindi"]))
            meta = {"collection": "people", "indexes": ["attr_a"]}

        class Origin(EmbeddedDocument):
            birth_country = StringField()
        """
    )
    person = facts["Person"]
    assert person.source == "mongoengine-document" and person.aliases == ("people",)
    attr_a = facts["Person.attr_a"]
    assert attr_a.aliases == ("religion",) and attr_a.values == ("hindu", "muslim")
    assert facts["Person.tribe"].type_refs == ("Tribe",)
    assert facts["Person.caste"].type_refs == ("Caste",)
    assert facts["Person.is_refugee"].is_boolean
    assert facts["Person.languages"].values == ("urdu", "hindi")
    assert "Person.meta" not in facts
    assert facts["Origin.birth_country"].source == "mongoengine-document"


def test_pony() -> None:
    facts = facts_by_symbol(
        """
        from pony.orm import *

        db = Database()

        class Person(db.Entity):
            _table_ = "people"
            race = Required(str)
            religion = Optional("Religion", column="faith")
            tribes = Set("Tribe")
            is_muslim = Required(bool)
            origin = PrimaryKey(int, auto=True)
        """
    )
    person = facts["Person"]
    assert person.source == "pony-entity" and person.aliases == ("people",)
    assert set(facts) == {
        "Person", "Person.race", "Person.religion", "Person.tribes", "Person.is_muslim", "Person.origin"
    }
    assert facts["Person.religion"].type_refs == ("Religion",)
    assert facts["Person.religion"].aliases == ("faith",)
    assert facts["Person.tribes"].type_refs == ("Tribe",)
    assert facts["Person.is_muslim"].is_boolean
    assert not facts["Person.race"].is_boolean


def test_pony_constructors_do_not_count_in_other_classes() -> None:
    facts = facts_by_symbol(
        """
        class Settings:
            mode = Optional("strict")
            items = Set()
        """
    )
    assert facts == {}


def test_pydal_define_table() -> None:
    facts = facts_by_symbol(
        """
        from pydal import DAL, Field

        db = DAL("sqlite://storage.sqlite")
        db.define_table(
            "person",
            Field("race", "string"),
            Field("is_muslim", "boolean"),
            Field("religion", "reference religion"),
            Field("faith", requires=IS_IN_SET(["hindu", "sikh"]), rname="belief"),
            Field("origin", type="list:reference country"),
            migrate=False,
        )
        """
    )
    person = facts["person"]
    assert person.kind == "model" and person.source == "pydal-table"
    assert person.span == Span(5, 1, 6, 13)
    race = facts["person.race"]
    assert race.source == "pydal-table" and race.span == Span(7, 5, 7, 28)
    assert facts["person.is_muslim"].is_boolean
    assert facts["person.religion"].type_refs == ("religion",)
    assert facts["person.faith"].values == ("hindu", "sikh")
    assert facts["person.faith"].aliases == ("belief",)
    assert facts["person.origin"].type_refs == ("country",)


def test_tryton() -> None:
    facts = facts_by_symbol(
        """
        from trytond.model import ModelSQL, ModelView, fields

        COMMUNITIES = [("muslim", "Muslim"), ("parsi", "Parsi")]

        class Party(ModelSQL, ModelView):
            "Party"
            __name__ = "party.party"
            religion = fields.Char("Religion")
            community = fields.Selection([("muslim", "Muslim"), ("hindu", "Hindu")], "Community")
            other = fields.Selection(COMMUNITIES, "Other")
            computed = fields.Selection("get_communities", "Computed")
            is_muslim = fields.Boolean("Muslim")
            faith = fields.Many2One("party.religion", "Faith")
        """
    )
    party = facts["Party"]
    assert party.source == "tryton-model" and party.aliases == ("party.party",)
    assert facts["Party.religion"].source == "tryton-model"
    assert facts["Party.community"].values == ("muslim", "Muslim", "hindu", "Hindu")
    assert facts["Party.other"].values == ("muslim", "Muslim", "parsi", "Parsi")
    assert facts["Party.computed"].values == ()
    assert facts["Party.is_muslim"].is_boolean
    assert facts["Party.faith"].type_refs == ("party.religion",)
