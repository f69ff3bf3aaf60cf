"""Pydantic, marshmallow, dataclasses, attrs, TypedDict, NamedTuple, msgspec."""

from __future__ import annotations

from flake8_neveragain.facts import Span
from helpers import facts_by_symbol


def test_pydantic_fields_aliases_and_literals() -> None:
    facts = facts_by_symbol(
        """
        from typing import Annotated, ClassVar, Literal, Optional
        from pydantic import AliasChoices, AliasPath, BaseModel, ConfigDict, Field

        Faith = Literal["hindu", "muslim"]

        class Person(BaseModel):
            model_config = ConfigDict(populate_by_name=True)
            registry: ClassVar[dict] = {}
            attr_a: str = Field(alias="ethnicity")
            attr_b: str = Field(validation_alias=AliasChoices("race", AliasPath("person", 0, "origin")))
            attr_c: Annotated[str, Field(serialization_alias="nationality")]
            religion: Optional[Literal["hindu", "muslim"]] = None
            faith: Faith
            belief: Annotated[Literal["jain"], "metadata"] | None = None
            _secret: str = "x"
        """
    )
    assert set(facts) == {
        "Person", "Person.attr_a", "Person.attr_b", "Person.attr_c", "Person.religion",
        "Person.faith", "Person.belief",
    }
    assert facts["Person"].source == "pydantic-model"
    assert facts["Person.attr_a"].aliases == ("ethnicity",)
    assert facts["Person.attr_b"].aliases == ("race", "person", "origin")
    assert facts["Person.attr_c"].aliases == ("nationality",)
    assert facts["Person.religion"].values == ("hindu", "muslim")
    assert facts["Person.faith"].values == ("hindu", "muslim")
    assert facts["Person.faith"].type_refs == ("Faith",)
    assert facts["Person.belief"].values == ("jain",)


def test_pydantic_enum_typed_fields_and_forward_references() -> None:
    facts = facts_by_symbol(
        """
        from enum import StrEnum
        from pydantic import BaseModel

        class Religion(StrEnum):
            HINDU = "hindu"
            SIKH = "sikh"

        class Person(BaseModel):
            religion: Religion
            religions: list[Religion] = []
            later: "Optional[Ethnicity]" = None
            citizen: bool = False
            flags: list[bool] = []
        """
    )
    assert facts["Person.religion"].type_refs == ("Religion",)
    assert facts["Person.religion"].values == ("HINDU", "hindu", "SIKH", "sikh")
    assert facts["Person.religions"].type_refs == ("Religion",)
    assert facts["Person.later"].type_refs == ("Ethnicity",)
    assert facts["Person.citizen"].is_boolean
    assert not facts["Person.flags"].is_boolean


def test_pydantic_subclass_of_a_module_base_and_project_bases() -> None:
    facts = facts_by_symbol(
        """
        from pydantic import BaseModel
        from app.schemas import OrmSchema

        class Base(BaseModel):
            pass

        class Person(Base):
            nationality: str

        class Applicant(OrmSchema):
            visa_status: str
        """
    )
    assert facts["Person.nationality"].source == "pydantic-model"
    # A base imported from the project whose name ends in Schema: a schema, framework unknown.
    assert facts["Applicant.visa_status"].source == "model"


def test_marshmallow() -> None:
    facts = facts_by_symbol(
        """
        from marshmallow import Schema, fields, validate
        from marshmallow.validate import OneOf

        class PersonSchema(Schema):
            attr_a = fields.Str(data_key="ethnicity", validate=OneOf(["asian", "black"]))
            attr_b = fields.String(
                attribute="race", validate=[validate.Length(max=5), validate.OneOf(("x", "y"))]
            )
            is_muslim = fields.Bool()
            religion = fields.Nested("ReligionSchema")
            tribes = fields.List(fields.Str(validate=validate.OneOf(["a", "b"], labels=["Akan", "Bantu"])))

            class Meta:
                ordered = True
        """
    )
    assert facts["PersonSchema"].source == "marshmallow-schema"
    assert facts["PersonSchema.attr_a"].aliases == ("ethnicity",)
    assert facts["PersonSchema.attr_a"].values == ("asian", "black")
    assert facts["PersonSchema.attr_b"].aliases == ("race",)
    assert facts["PersonSchema.attr_b"].values == ("x", "y")
    assert facts["PersonSchema.is_muslim"].is_boolean
    assert facts["PersonSchema.religion"].type_refs == ("ReligionSchema",)
    assert facts["PersonSchema.tribes"].values == ("a", "b", "Akan", "Bantu")


def test_flask_marshmallow_fields_on_the_ma_object() -> None:
    facts = facts_by_symbol(
        """
        from flask_marshmallow import Marshmallow

        ma = Marshmallow()

        class PersonSchema(ma.Schema):
            nationality = ma.Str()
            is_refugee = ma.Boolean()
        """
    )
    assert set(facts) == {"PersonSchema", "PersonSchema.nationality", "PersonSchema.is_refugee"}
    assert facts["PersonSchema.is_refugee"].is_boolean


def test_dataclasses() -> None:
    facts = facts_by_symbol(
        """
        import dataclasses
        from dataclasses import InitVar, dataclass, field
        from typing import ClassVar

        @dataclass
        class Person:
            race: str
            religion: "Religion" = field(default=None)
            registry: ClassVar[list] = []
            seed: InitVar[int] = 0

            def describe(self) -> str:
                note: str = "x"
                return note

        @dataclasses.dataclass(frozen=True, slots=True)
        class Origin:
            birth_country: str = ""
        """
    )
    assert set(facts) == {"Person", "Person.race", "Person.religion", "Origin", "Origin.birth_country"}
    assert facts["Person"].source == "dataclass"
    assert facts["Person"].span == Span(7, 1, 7, 13)  # the `class` line, not the decorator
    assert facts["Person.race"].span == Span(8, 5, 8, 14)
    assert facts["Person.religion"].type_refs == ("Religion",)
    assert facts["Origin"].source == "dataclass"


def test_pydantic_dataclass_and_attrs() -> None:
    facts = facts_by_symbol(
        """
        import attr
        import attrs
        from attrs import define, frozen, field
        from pydantic.dataclasses import dataclass

        @dataclass
        class A:
            race: str

        @attr.s(auto_attribs=True)
        class B:
            religion = attr.ib()
            faith: str = attr.ib(default="x")

        @define
        class C:
            nationality: str = field(alias="citizenship")

        @frozen
        class D:
            caste: str

        @attrs.mutable
        class E:
            tribe: str
        """
    )
    assert facts["A.race"].source == "dataclass"
    assert facts["B.religion"].source == "attrs-class"
    assert facts["B.faith"].source == "attrs-class"
    assert facts["C.nationality"].aliases == ("citizenship",)
    assert facts["D.caste"].source == "attrs-class"
    assert facts["E.tribe"].source == "attrs-class"


def test_typeddict_class_and_functional() -> None:
    facts = facts_by_symbol(
        """
        from typing import TypedDict, NotRequired

        class Person(TypedDict, total=False):
            race: str
            religion: NotRequired[Literal["hindu", "sikh"]]

        Origin = TypedDict("Origin", {"birth_country": str, "is_citizen": bool}, total=False)
        Legacy = TypedDict("Legacy", nationality=str)
        """
    )
    assert facts["Person"].source == "typeddict"
    assert facts["Person.religion"].values == ("hindu", "sikh")
    origin = facts["Origin"]
    assert origin.kind == "model" and origin.source == "typeddict"
    assert facts["Origin.birth_country"].source == "typeddict"
    assert facts["Origin.birth_country"].span == Span(8, 31, 8, 46)
    assert facts["Origin.birth_country"].siblings == ("is_citizen",)
    assert facts["Origin.is_citizen"].is_boolean
    assert facts["Legacy.nationality"].source == "typeddict"
    assert "Origin.total" not in facts


def test_namedtuples() -> None:
    facts = facts_by_symbol(
        """
        from collections import namedtuple
        from typing import NamedTuple

        class Person(NamedTuple):
            race: str
            religion: "Religion"

        Origin = NamedTuple("Origin", [("birth_country", str), ("is_citizen", bool)])
        Plain = namedtuple("Plain", "ethnicity religion")
        Listed = namedtuple("Listed", ["caste", "tribe"], defaults=[None, None])
        Commas = namedtuple("Commas", field_names="visa, asylum")

        class Extended(namedtuple("Base", "nationality")):
            pass
        """
    )
    assert facts["Person"].source == "namedtuple"
    assert facts["Person.religion"].type_refs == ("Religion",)
    assert facts["Origin.is_citizen"].is_boolean
    assert facts["Plain.ethnicity"].siblings == ("religion",)
    assert facts["Plain.ethnicity"].span == facts["Plain.religion"].span
    assert facts["Listed.tribe"].source == "namedtuple"
    assert {"Commas.visa", "Commas.asylum", "Base.nationality"} <= set(facts)
    assert facts["Extended"].source == "namedtuple"


def test_other_functional_forms() -> None:
    facts = facts_by_symbol(
        """
        from dataclasses import make_dataclass, field
        import attr
        import msgspec
        from pydantic import create_model, Field

        A = make_dataclass("A", ["race", ("religion", str), ("faith", str, field(default="x"))], frozen=True)
        B = attr.make_class("B", ["caste", "tribe"])
        C = create_model(
            "C", nationality=(str, Field(alias="citizenship")), is_refugee=(bool, False), __base__=None
        )
        D = msgspec.defstruct("D", [("ethnicity", str, "unknown")])
        """
    )
    assert {"A.race", "A.religion", "A.faith"} <= set(facts)
    assert "A.frozen" not in facts
    assert facts["B.caste"].source == "attrs-class"
    assert facts["C.nationality"].source == "pydantic-model"
    assert facts["C.nationality"].aliases == ("citizenship",)
    assert facts["C.is_refugee"].is_boolean
    assert "C.__base__" not in facts
    assert facts["D.ethnicity"].source == "msgspec-struct"
    # A default string is not a type name.
    assert facts["D.ethnicity"].type_refs == ()


def test_msgspec_struct() -> None:
    facts = facts_by_symbol(
        """
        import msgspec

        class Person(msgspec.Struct, rename="camel"):
            attr_a: str = msgspec.field(name="ethnicity")
            religion: str | None = None
        """
    )
    assert facts["Person"].source == "msgspec-struct"
    assert facts["Person.attr_a"].aliases == ("ethnicity",)
    assert facts["Person.religion"].source == "msgspec-struct"


def test_schema_classes_inside_functions_and_type_checking_blocks() -> None:
    facts = facts_by_symbol(
        """
        from typing import TYPE_CHECKING
        from pydantic import BaseModel

        if TYPE_CHECKING:
            class Hidden(BaseModel):
                race: str

        try:
            class Tried(BaseModel):
                religion: str
        except ImportError:
            pass

        def factory():
            class Local(BaseModel):
                nationality: str
            return Local

        class Outer:
            class Inner(BaseModel):
                caste: str
        """
    )
    assert {"Hidden.race", "Tried.religion", "Local.nationality", "Inner.caste"} <= set(facts)
    assert "Outer" not in facts
