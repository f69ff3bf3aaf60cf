"""Code that mentions sensitive words but defines no schema field: no field facts."""

from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_neveragain.extract import extract_facts


def field_facts(source: str) -> list[str]:
    facts = extract_facts(ast.parse(textwrap.dedent(source)))
    return [fact.symbol for fact in facts if fact.kind == "field"]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            """
            class RaceConfig:
                race: str = "sprint"
                religion: str
            """,
            id="ordinary-class-with-annotations",
        ),
        pytest.param(
            """
            class Runner(Exception):
                race: str
            """,
            id="exception-subclass",
        ),
        pytest.param(
            """
            from pydantic_settings import BaseSettings

            class Settings(BaseSettings):
                origin: str = "https://example.org"
            """,
            id="settings-are-not-schemas",
        ),
        pytest.param(
            """
            from django.db import models

            def build():
                race = models.CharField(max_length=10)
                religion: str = "x"
                return race
            """,
            id="function-locals",
        ),
        pytest.param(
            """
            race: str = "x"
            religion = "hindu"
            NATIONALITY_CHOICES = [("in", "Indian")]
            """,
            id="module-level-variables",
        ),
        pytest.param(
            """
            from dataclasses import dataclass
            from typing import ClassVar

            @dataclass
            class Person:
                races: ClassVar[list[str]] = ["a"]
                religion_table: "ClassVar[dict]" = {}

                def ethnicity(self) -> str:
                    return "x"

                @property
                def nationality(self) -> str:
                    return "x"
            """,
            id="classvars-methods-properties",
        ),
        pytest.param(
            """
            from pydantic import BaseModel

            class Person(BaseModel):
                class Config:
                    race: str = "x"

                model_config = {"religion": "x"}
            """,
            id="config-inner-class-and-model-config",
        ),
        pytest.param(
            """
            from django.db import models

            class Person(models.Model):
                class Meta:
                    verbose_name = "religion"
                    ethnicity = models.CharField(max_length=1)
            """,
            id="meta-inner-class",
        ),
        pytest.param(
            """
            person = Person(race="x", religion="y")
            create_user(nationality="in", ethnicity=["a"])
            Person.objects.filter(race__in=["a", "b"])
            """,
            id="keyword-arguments-in-ordinary-calls",
        ),
        pytest.param(
            '''
            """Stores race, religion and nationality."""
            import logging

            logger = logging.getLogger(__name__)

            def check(person):
                """The person's religion is checked here."""
                # race = models.CharField()
                assert person.race == "race", "religion mismatch"
                logger.info("ethnicity %s", person.ethnicity)
                raise ValueError(f"nationality {person.nationality}")
            ''',
            id="docstrings-comments-asserts-logs",
        ),
        pytest.param(
            """
            class Tracker:
                def __init__(self):
                    self.race = Column("race")
                    self.religion: Mapped[str] = None
            """,
            id="instance-attributes",
        ),
        pytest.param(
            """
            import timm
            from app.factories import make_class

            model = timm.create_model("resnet50", pretrained=True, religion=None)
            helper = make_class("Person", ["race"])
            """,
            id="same-named-functions-of-other-libraries",
        ),
        pytest.param(
            """
            from typing import Generic, Protocol, TypeVar

            T = TypeVar("T")

            class Repo(Protocol):
                religion: str

            class Box(Generic[T]):
                ethnicity: T
            """,
            id="protocols-and-generics",
        ),
    ],
)
def test_no_field_facts(source: str) -> None:
    assert field_facts(source) == []


def test_ordinary_classes_produce_no_model_fact_either() -> None:
    facts = extract_facts(ast.parse("class Religion:\n    def pray(self):\n        pass\n"))
    assert facts == []
