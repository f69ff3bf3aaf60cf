"""Enum-like classes, functional enums, and values reached through names."""

from __future__ import annotations

import sys

import pytest

from flake8_neveragain.extract.drafts import MAX_VALUES
from flake8_neveragain.facts import Span
from helpers import facts_by_symbol


def test_enum_classes_of_every_flavour() -> None:
    facts = facts_by_symbol(
        """
        import enum
        from enum import Enum, IntEnum, StrEnum, auto

        class Religion(enum.Enum):
            HINDU = "hindu"
            MUSLIM = "muslim"
            _ignore_ = ["helper"]

            @property
            def label(self):
                return self.value.title()

        class Caste(str, Enum):
            BRAHMIN = auto()
            DALIT = auto()

        class Code(IntEnum):
            ASIAN = 1

        class Tribe(StrEnum):
            AKAN = "akan", "ignored second"

        class Visa(enum.Flag):
            H1B = enum.auto()
        """
    )
    religion = facts["Religion"]
    assert religion.kind == "model" and religion.source == "enum"
    assert religion.values == ("HINDU", "hindu", "MUSLIM", "muslim")
    assert religion.span == Span(5, 1, 5, 25)
    assert facts["Caste"].values == ("BRAHMIN", "DALIT")
    assert facts["Code"].values == ("ASIAN",)
    assert facts["Tribe"].values == ("AKAN", "akan", "ignored second")
    assert facts["Visa"].values == ("H1B",)
    assert all(fact.kind == "model" for fact in facts.values())


def test_enum_bases_from_the_module_and_from_the_project() -> None:
    facts = facts_by_symbol(
        """
        from enum import Enum
        from .enums import ChoiceEnum

        class BaseEnum(str, Enum):
            @classmethod
            def choices(cls):
                return [(m.value, m.name) for m in cls]

        class Religion(BaseEnum):
            JAIN = "jain"

        class Ethnicity(ChoiceEnum):
            ASIAN = "asian"
        """
    )
    assert facts["BaseEnum"].source == "enum"
    assert facts["Religion"].source == "enum" and facts["Religion"].values == ("JAIN", "jain")
    assert facts["Ethnicity"].source == "enum"


def test_functional_enums() -> None:
    facts = facts_by_symbol(
        """
        from enum import Enum
        from pydantic import BaseModel

        Religion = Enum("Religion", "HINDU MUSLIM")
        Caste = Enum("Caste", ["BRAHMIN", "DALIT"])
        Tribe = Enum("Tribe", {"AKAN": "akan"})
        Visa = Enum("Visa", "H1B, F1")

        class Person(BaseModel):
            religion: Religion
        """
    )
    assert facts["Religion"].source == "enum" and facts["Religion"].values == ("HINDU", "MUSLIM")
    assert facts["Religion"].span == Span(5, 12, 5, 27)
    assert facts["Caste"].values == ("BRAHMIN", "DALIT")
    assert facts["Tribe"].values == ("AKAN", "akan")
    assert facts["Visa"].values == ("H1B", "F1")
    assert facts["Person.religion"].values == ("HINDU", "MUSLIM")


def test_sqlalchemy_enums_are_not_python_enums() -> None:
    facts = facts_by_symbol(
        """
        import sqlalchemy as sa
        from sqlalchemy import Enum

        t1 = sa.Enum("hindu", "muslim")
        t2 = Enum("Religion", "x y", name="religion")
        t3 = Enum("a", "b")
        """
    )
    assert facts == {}


def test_values_of_module_aliases_and_dict_and_set_constants() -> None:
    facts = facts_by_symbol(
        """
        from typing import Literal, TypeAlias, Union
        from pydantic import BaseModel

        Faith: TypeAlias = Literal["hindu", "muslim"]
        Origin = Union[Literal["in"], Literal["pk"], None]
        Nested = Faith

        class Person(BaseModel):
            faith: Faith
            origin: Origin
            nested: Nested
            forward: "Faith"
        """
    )
    assert facts["Person.faith"].values == ("hindu", "muslim")
    assert facts["Person.origin"].values == ("in", "pk")
    assert facts["Person.nested"].values == ("hindu", "muslim")
    assert facts["Person.nested"].type_refs == ("Nested", "Faith")
    assert facts["Person.forward"].values == ("hindu", "muslim")


def test_values_are_capped_and_self_references_terminate() -> None:
    many = ", ".join(f'"v{i}"' for i in range(MAX_VALUES * 3))
    facts = facts_by_symbol(
        f"""
        from enum import Enum
        from django.db import models

        BIG = [{many}]
        LOOP = LOOP + ["x"]
        Huge = Enum("Huge", [{many}])
        A = B
        B = A

        class Person(models.Model):
            big = models.CharField(choices=BIG)
            loop = models.CharField(choices=LOOP)
            cycle = models.CharField(choices=A)
        """
    )
    assert len(facts["Person.big"].values) == MAX_VALUES
    assert len(facts["Huge"].values) == MAX_VALUES
    assert facts["Person.loop"].values == ("x",)
    assert facts["Person.cycle"].values == ()


def test_choices_from_another_class_and_enum_member_lists() -> None:
    facts = facts_by_symbol(
        """
        from enum import Enum
        from django.db import models

        class Religion(Enum):
            HINDU = "hindu"
            SIKH = "sikh"

        class Lookup:
            FAITHS = [("h", "Hindu")]

        class Person(models.Model):
            faith = models.CharField(choices=Lookup.FAITHS)
            some = models.CharField(choices=[(Religion.HINDU.value, "Hindu"), Religion.SIKH])
        """
    )
    assert facts["Person.faith"].values == ("h", "Hindu")
    assert "SIKH" in facts["Person.some"].values and "Hindu" in facts["Person.some"].values


@pytest.mark.skipif(sys.version_info < (3, 12), reason="the `type` statement is Python 3.12+")
def test_type_statement_aliases() -> None:
    facts = facts_by_symbol(
        """
        from typing import Literal
        from pydantic import BaseModel

        type Faith = Literal["hindu", "muslim"]

        class Person(BaseModel):
            faith: Faith
        """
    )
    assert facts["Person.faith"].values == ("hindu", "muslim")
