"""The standard library's record types and enumerations, one record each.

Enumerations are a source of their own ("enum": kind="model" facts listing members),
whichever package the enum type comes from: enum.Enum, Django's TextChoices.
"""

from __future__ import annotations

from typing import ClassVar

from flake8_neveragain.extract.frameworks.record import Bases, Framework

DATACLASS = "dataclass"
TYPEDDICT = "typeddict"
NAMEDTUPLE = "namedtuple"
ENUM = "enum"

_ENUMS = ("Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum")
_DJANGO_CHOICES = ("TextChoices", "IntegerChoices", "Choices")


class Dataclasses(Framework):
    """Dataclasses: @dataclass, make_dataclass(...)."""

    key = DATACLASS
    label = "dataclass"
    packages = ("dataclasses",)
    decorators = ("dataclass",)  # dataclasses, pydantic.dataclasses, marshmallow_dataclass
    field_functions = ("field",)
    imported_functional_forms = ("make_dataclass",)


class TypedDicts(Framework):
    """TypedDict classes and calls."""

    key = TYPEDDICT
    label = "TypedDict"
    bases: ClassVar[Bases] = {package: ("TypedDict",) for package in ("typing", "typing_extensions", "mypy_extensions")}
    unimported_bases = ("TypedDict",)
    functional_forms = ("TypedDict",)
    keyword_field_forms = ("TypedDict",)


class NamedTuples(Framework):
    """NamedTuple classes, and namedtuple(...) calls."""

    key = NAMEDTUPLE
    label = "NamedTuple"
    bases: ClassVar[Bases] = {package: ("NamedTuple",) for package in ("typing", "typing_extensions")}
    unimported_bases = ("NamedTuple",)
    functional_forms = ("NamedTuple", "namedtuple")
    keyword_field_forms = ("NamedTuple",)  # NamedTuple("P", race=str)


class Enums(Framework):
    """Enumerations: enum.Enum and its kin, and Django's TextChoices."""

    key = ENUM
    label = "enumeration"
    bases: ClassVar[Bases] = {"enum": _ENUMS, "django": _DJANGO_CHOICES}
    unimported_bases = _ENUMS + _DJANGO_CHOICES
    conventional_bases = ("models.TextChoices", "models.IntegerChoices", "models.Choices")


RECORDS: tuple[type[Framework], ...] = (Dataclasses, TypedDicts, NamedTuples, Enums)
