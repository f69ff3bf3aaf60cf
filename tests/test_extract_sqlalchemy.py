"""SQLAlchemy (declarative, Mapped, Core Table, Flask-SQLAlchemy) and SQLModel."""

from __future__ import annotations

from flake8_neveragain.facts import Span
from helpers import facts_by_symbol, facts_of


def test_declarative_columns_aliases_and_tablename() -> None:
    facts = facts_by_symbol(
        """
        import sqlalchemy as sa
        from sqlalchemy import Column, String, Boolean
        from sqlalchemy.orm import declarative_base

        Base = declarative_base()

        class Person(Base):
            __tablename__ = "people"
            id = Column(sa.Integer, primary_key=True)
            attr_a = Column("ethnicity", String(20))
            attr_b = sa.Column(String, name="race", key="attr_b")
            is_muslim = Column(Boolean, default=False)
            flag = sa.Column(sa.Boolean(), nullable=False)
        """
    )
    assert facts["Person"].source == "sqlalchemy-model"
    assert facts["Person"].aliases == ("people",)
    assert facts["Person.attr_a"].aliases == ("ethnicity",)
    assert facts["Person.attr_b"].aliases == ("race",)
    assert facts["Person.is_muslim"].is_boolean and facts["Person.flag"].is_boolean
    assert not facts["Person.id"].is_boolean
    assert "Person.__tablename__" not in facts


def test_mapped_annotations_and_mapped_column() -> None:
    facts = facts_by_symbol(
        """
        import enum
        from typing import Optional
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

        class Ethnicity(enum.Enum):
            ASIAN = "asian"
            WHITE = "white"

        class Base(DeclarativeBase):
            pass

        class Person(Base):
            __tablename__: str = "people"
            ethnicity: Mapped[Ethnicity]
            maybe: Mapped[Optional["Ethnicity"]]
            code: Mapped[str] = mapped_column("ethnicity_code", index=True)
            flag: Mapped[bool | None]
            religions: Mapped[list["Religion"]] = relationship(back_populates="people")
            created: Mapped[datetime.datetime]
        """
    )
    assert facts["Person"].aliases == ("people",)
    assert "Person.__tablename__" not in facts
    ethnicity = facts["Person.ethnicity"]
    assert ethnicity.source == "sqlalchemy-model"
    assert ethnicity.type_refs == ("Ethnicity",)
    assert ethnicity.values == ("ASIAN", "asian", "WHITE", "white")
    assert facts["Person.maybe"].type_refs == ("Ethnicity",)
    assert facts["Person.code"].aliases == ("ethnicity_code",)
    assert facts["Person.flag"].is_boolean
    assert facts["Person.religions"].type_refs == ("Religion",)
    assert facts["Person.created"].type_refs == ()


def test_mapped_counts_in_any_class_and_names_the_framework() -> None:
    facts = facts_by_symbol(
        """
        from .db import Whatever

        class Person(Whatever):
            race: Mapped[str]
            note: str
        """
    )
    assert facts["Person.race"].source == "sqlalchemy-model"
    # An ordinary class: only Mapped[...] annotations are fields.
    assert "Person.note" not in facts


def test_sql_enum_types() -> None:
    facts = facts_by_symbol(
        """
        import enum
        import sqlalchemy as sa
        from sqlalchemy import Enum as SAEnum

        class Religion(enum.Enum):
            HINDU = "hindu"
            MUSLIM = "muslim"

        religion_type = sa.Enum("jain", "sikh", name="faith_enum")

        class Person(Base):
            __tablename__ = "people"
            religion = sa.Column(sa.Enum("hindu", "muslim", name="religion_enum"))
            faith = sa.Column(SAEnum(Religion), nullable=True)
            other = sa.Column(religion_type)
            many = sa.Column(sa.ARRAY(sa.Enum(Religion)))
        """
    )
    religion = facts["Person.religion"]
    assert religion.values == ("hindu", "muslim")
    assert religion.type_refs == ("religion_enum",)
    faith = facts["Person.faith"]
    assert faith.type_refs == ("Religion",)
    assert faith.values == ("HINDU", "hindu", "MUSLIM", "muslim")
    assert facts["Person.other"].values == ("jain", "sikh")
    assert facts["Person.other"].type_refs == ("faith_enum",)
    assert facts["Person.many"].type_refs == ("Religion",)
    # An SQL Enum type is not a Python enum.
    assert [f.name for f in facts.values() if f.source == "enum"] == ["Religion"]


def test_foreign_keys_and_relationships() -> None:
    facts = facts_by_symbol(
        """
        from sqlalchemy import Column, ForeignKey, Integer
        from sqlalchemy.orm import relationship

        class Person(Base):
            __tablename__ = "people"
            religion_id = Column(Integer, ForeignKey("religions.id"))
            tribe_id = Column(Integer, ForeignKey("public.tribes.id"))
            caste_id = Column(ForeignKey(Caste.id))
            religion = relationship("Religion", back_populates="people")
            tribe = relationship(lambda: Tribe)
        """
    )
    assert facts["Person.religion_id"].type_refs == ("religions",)
    assert facts["Person.tribe_id"].type_refs == ("tribes",)
    assert facts["Person.caste_id"].type_refs == ("Caste",)
    assert facts["Person.religion"].type_refs == ("Religion",)
    assert facts["Person.tribe"].type_refs == ("Tribe",)


def test_flask_sqlalchemy() -> None:
    facts = facts_by_symbol(
        """
        from flask_sqlalchemy import SQLAlchemy

        db = SQLAlchemy()

        class Person(db.Model):
            nationality = db.Column(db.String(2))
            is_refugee = db.Column(db.Boolean)
        """
    )
    assert facts["Person"].source == "sqlalchemy-model"
    assert facts["Person.nationality"].source == "sqlalchemy-model"
    assert facts["Person.is_refugee"].is_boolean


def test_flask_sqlalchemy_with_db_imported_from_the_project() -> None:
    facts = facts_by_symbol(
        """
        from app.extensions import db

        class Person(db.Model):
            nationality = db.Column(db.String(2))
        """
    )
    # The base says "some Model"; the column constructor says SQLAlchemy.
    assert facts["Person"].source == "sqlalchemy-model"


def test_core_table_anywhere() -> None:
    facts = facts_by_symbol(
        """
        import sqlalchemy as sa

        metadata = sa.MetaData()
        people = sa.Table(
            "people", metadata,
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("race", sa.String(20), key="attr_a"),
            sa.Column("is_jewish", sa.Boolean),
            sa.Column("religion_id", sa.ForeignKey("religions.id")),
        )

        def make_tables(meta):
            return sa.Table("origins", meta, sa.Column("birth_country", sa.String))
        """
    )
    table = facts["people"]
    assert table.kind == "model" and table.source == "sqlalchemy-table"
    assert table.span == Span(5, 10, 6, 13)
    race = facts["people.race"]
    assert race.source == "sqlalchemy-table" and race.owner == "people"
    assert race.aliases == ("attr_a",)
    assert race.span == Span(8, 5, 8, 51)
    assert race.siblings == ("id", "is_jewish", "religion_id")
    assert facts["people.is_jewish"].is_boolean
    assert facts["people.religion_id"].type_refs == ("religions",)
    assert facts["origins.birth_country"].source == "sqlalchemy-table"


def test_table_inside_relationship_secondary_and_dunder_table() -> None:
    facts = facts_by_symbol(
        """
        class Person(Base):
            __table__ = Table("people", Base.metadata, Column("ethnicity", String))
            religions = relationship(
                "Religion",
                secondary=Table("person_religion", Base.metadata, Column("religion_id", Integer)),
            )
        """
    )
    assert "people.ethnicity" in facts
    assert "person_religion.religion_id" in facts
    assert "Person.__table__" not in facts


def test_other_tables_named_table_are_ignored() -> None:
    facts = facts_of(
        """
        from rich.table import Table

        table = Table("Results")
        table.add_column("race")
        """
    )
    assert facts == []


def test_encrypted_column_types() -> None:
    facts = facts_by_symbol(
        """
        from sqlalchemy_utils import StringEncryptedType, EncryptedType
        from sqlalchemy_utils.types.encrypted.encrypted_type import AesGcmEngine

        class Person(Base):
            __tablename__ = "people"
            religion = Column(StringEncryptedType(Unicode, key, AesGcmEngine))
            race = Column(EncryptedType(String, key))
            origin = Column(PGPString(passphrase))
            name = Column(Unicode)
            flag = Column(StringEncryptedType(Boolean, key))
        """
    )
    assert facts["Person.religion"].encrypted
    assert facts["Person.race"].encrypted
    assert facts["Person.origin"].encrypted
    assert not facts["Person.name"].encrypted
    assert facts["Person.flag"].encrypted and facts["Person.flag"].is_boolean


def test_sqlmodel() -> None:
    facts = facts_by_symbol(
        """
        from typing import Optional
        from sqlmodel import Field, SQLModel, Column, Enum, Relationship

        class Hero(SQLModel, table=True):
            id: Optional[int] = Field(default=None, primary_key=True)
            attr_a: str = Field(alias="ethnicity")
            attr_b: str = Field(sa_column=Column("religion", Enum("hindu", "sikh", name="faith")))
            attr_c: str = Field(sa_column_kwargs={"name": "nationality"})
            team: Optional["Team"] = Relationship(back_populates="heroes")
        """
    )
    assert facts["Hero"].source == "sqlmodel-model"
    assert facts["Hero.attr_a"].source == "sqlmodel-model"
    assert facts["Hero.attr_a"].aliases == ("ethnicity",)
    attr_b = facts["Hero.attr_b"]
    assert attr_b.aliases == ("religion",)
    assert attr_b.values == ("hindu", "sikh")
    assert attr_b.type_refs == ("faith",)
    assert facts["Hero.attr_c"].aliases == ("nationality",)
    assert facts["Hero.team"].type_refs == ("Team",)


def test_registry_mapped_dataclass_decorator() -> None:
    facts = facts_by_symbol(
        """
        from sqlalchemy.orm import registry

        reg = registry()

        @reg.mapped_as_dataclass
        class Person:
            __tablename__ = "people"
            religion: Mapped[str]
        """
    )
    assert facts["Person"].source == "sqlalchemy-model"
    assert facts["Person.religion"].source == "sqlalchemy-model"
