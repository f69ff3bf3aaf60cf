"""Django models: fields, db_column, choices in all their forms, relations, encryption."""

from __future__ import annotations

import textwrap

from flake8_neveragain.facts import FieldFact, Span
from helpers import by_symbol, facts_of

HEADER = """\
from django.db import models
from django.utils.translation import gettext_lazy as _
"""


def django_facts(body: str) -> list[FieldFact]:
    """The facts of a models module: HEADER's imports, then `body` (dedented on its own,
    since HEADER starts at column 0 and would stop a dedent of the whole)."""
    return facts_of(HEADER + textwrap.dedent(body))


def test_model_and_fields_with_spans_and_siblings() -> None:
    facts = django_facts(
        """
        class Person(models.Model):
            name = models.CharField(max_length=100)
            race = models.CharField(
                max_length=20,
            )
        """
    )
    assert [(f.kind, f.symbol) for f in facts] == [
        ("model", "Person"),
        ("field", "Person.name"),
        ("field", "Person.race"),
    ]
    model, name, race = facts
    assert model.source == "django-model" and model.owner is None
    # class line 4 (2 header lines + blank): `class` at column 1, to the end of `models.Model`.
    assert model.span == Span(4, 1, 4, 26)
    assert name.span == Span(5, 5, 5, 44)
    # A multi-line statement ends where the statement ends.
    assert race.span == Span(6, 5, 8, 6)
    assert race.owner == "Person" and race.source == "django-model"
    assert race.siblings == ("name",) and name.siblings == ("race",)


def test_db_column_is_an_alias_and_verbose_name_is_not() -> None:
    fact = by_symbol(django_facts(
        """
        class Person(models.Model):
            attr_a = models.CharField("Attribute A", max_length=10, db_column="ethnicity")
        """
    ))["Person.attr_a"]
    assert fact.aliases == ("ethnicity",)


def test_inline_choices_with_translated_labels_and_groups() -> None:
    fact = by_symbol(django_facts(
        """
        class Person(models.Model):
            group = models.CharField(max_length=2, choices=[
                ("H", _("Hindu")),
                ("Abrahamic", [("M", _("Muslim")), ("J", "Jewish")]),
                ("", "---"),
            ])
        """
    ))["Person.group"]
    assert fact.values == ("H", "Hindu", "Abrahamic", "M", "Muslim", "J", "Jewish", "---")


def test_model_utils_choices() -> None:
    fact = by_symbol(django_facts(
        """
        from model_utils import Choices

        FAITHS = Choices("hindu", ("sikh", _("Sikh")), ("jn", "jain", "Jain"))

        class Person(models.Model):
            faith = models.CharField(max_length=5, choices=FAITHS)
        """
    ))["Person.faith"]
    assert fact.values == ("hindu", "sikh", "Sikh", "jn", "jain", "Jain")


def test_choices_from_module_and_class_constants() -> None:
    facts = by_symbol(django_facts(
        """
        RELIGION_CHOICES = (("H", _("Hindu")), ("S", _("Sikh")))

        class Person(models.Model):
            ORIGIN_CHOICES = {"IN": "India", "PK": "Pakistan"}
            faith = models.CharField(max_length=1, choices=RELIGION_CHOICES)
            origin = models.CharField(max_length=2, choices=ORIGIN_CHOICES)
            both = models.CharField(max_length=2, choices=RELIGION_CHOICES + list(ORIGIN_CHOICES.items()))
        """
    ))
    assert facts["Person.faith"].values == ("H", "Hindu", "S", "Sikh")
    assert facts["Person.origin"].values == ("IN", "PK", "India", "Pakistan")
    assert set(facts["Person.both"].values) == {"H", "Hindu", "S", "Sikh", "IN", "PK", "India", "Pakistan"}
    # The class constant is not a field.
    assert "Person.ORIGIN_CHOICES" not in facts


def test_text_choices_enum_and_its_uses() -> None:
    facts = django_facts(
        """
        class Person(models.Model):
            class Religion(models.TextChoices):
                HINDU = "H", _("Hindu")
                MUSLIM = "M", _("Muslim")
                __empty__ = _("(Unknown)")

            faith = models.CharField(max_length=1, choices=Religion.choices)
            belief = models.CharField(max_length=1, choices=Religion)
        """
    )
    symbols = by_symbol(facts)
    enum = symbols["Religion"]
    assert enum.kind == "model" and enum.source == "enum" and enum.owner is None
    assert enum.values == ("HINDU", "H", "Hindu", "MUSLIM", "M", "Muslim")
    for name in ("Person.faith", "Person.belief"):
        assert symbols[name].type_refs == ("Religion",)
        assert symbols[name].values == enum.values
    # Source order: the model, the nested enum, then the fields.
    assert [f.symbol for f in facts] == ["Person", "Religion", "Person.faith", "Person.belief"]


def test_integer_choices_and_comprehension_choices() -> None:
    facts = by_symbol(django_facts(
        """
        class Ethnicity(models.IntegerChoices):
            ASIAN = 1, _("Asian")
            BLACK = 2, _("Black")

        class Person(models.Model):
            ethnicity = models.IntegerField(choices=[(e.value, e.label) for e in Ethnicity])
        """
    ))
    assert facts["Ethnicity"].values == ("ASIAN", "Asian", "BLACK", "Black")
    assert facts["Person.ethnicity"].values == ("ASIAN", "Asian", "BLACK", "Black")


def test_booleans() -> None:
    facts = by_symbol(django_facts(
        """
        class Person(models.Model):
            is_muslim = models.BooleanField(default=False)
            is_immigrant = models.NullBooleanField()
            name = models.CharField(max_length=10)
        """
    ))
    assert facts["Person.is_muslim"].is_boolean
    assert facts["Person.is_immigrant"].is_boolean
    assert not facts["Person.name"].is_boolean


def test_relations_name_their_targets() -> None:
    facts = by_symbol(django_facts(
        """
        from django.conf import settings

        class Person(models.Model):
            religion = models.ForeignKey("Religion", on_delete=models.CASCADE)
            tribe = models.ForeignKey("people.Tribe", on_delete=models.PROTECT)
            faiths = models.ManyToManyField(Faith, related_name="followers")
            caste = models.OneToOneField(to="app.Caste", on_delete=models.CASCADE)
            parent = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)
            owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        """
    ))
    assert facts["Person.religion"].type_refs == ("Religion",)
    assert facts["Person.tribe"].type_refs == ("Tribe",)
    assert facts["Person.faiths"].type_refs == ("Faith",)
    assert facts["Person.caste"].type_refs == ("Caste",)
    assert facts["Person.parent"].type_refs == ()
    assert facts["Person.owner"].type_refs == ()


def test_third_party_and_custom_fields_count() -> None:
    facts = by_symbol(django_facts(
        """
        from django_countries.fields import CountryField

        class Person(models.Model):
            birth_country = CountryField()
            ip = models.GenericIPAddressField()
            tags = ArrayField(models.CharField(max_length=10, choices=[("a", "Arab")]))
        """
    ))
    assert set(facts) == {"Person", "Person.birth_country", "Person.ip", "Person.tags"}
    assert facts["Person.tags"].values == ("a", "Arab")


def test_encrypted_fields_and_wrappers() -> None:
    facts = by_symbol(django_facts(
        """
        from django_cryptography.fields import encrypt
        from encrypted_model_fields.fields import EncryptedCharField
        from pgcrypto.fields import TextPGPSymmetricKeyField

        class Person(models.Model):
            race = encrypt(models.CharField(max_length=20, db_column="r"))
            religion = EncryptedCharField(max_length=20)
            origin = TextPGPSymmetricKeyField()
            nationality = FernetTextField()
            name = models.CharField(max_length=20)
        """
    ))
    race = facts["Person.race"]
    assert race.encrypted and race.aliases == ("r",)
    assert facts["Person.religion"].encrypted
    assert facts["Person.origin"].encrypted
    assert facts["Person.nationality"].encrypted
    assert not facts["Person.name"].encrypted


def test_meta_db_table_aliases_the_model_and_meta_is_not_a_field() -> None:
    facts = by_symbol(django_facts(
        """
        class EthnicGroup(models.Model):
            name = models.CharField(max_length=50)

            class Meta:
                db_table = "ethnic_groups"
                verbose_name = "ethnic group"
                ordering = ["name"]
        """
    ))
    assert facts["EthnicGroup"].aliases == ("ethnic_groups",)
    assert set(facts) == {"EthnicGroup", "EthnicGroup.name"}


def test_custom_user_model_and_abstract_bases() -> None:
    facts = by_symbol(django_facts(
        """
        from django.contrib.auth.models import AbstractUser

        class TimeStamped(models.Model):
            created = models.DateTimeField(auto_now_add=True)

            class Meta:
                abstract = True

        class User(AbstractUser):
            nationality = models.CharField(max_length=2)

        class Citizen(TimeStamped):
            visa_status: str
        """
    ))
    assert facts["User"].source == "django-model"
    assert facts["User.nationality"].source == "django-model"
    # A base defined in the module that is itself a model makes a model.
    assert facts["Citizen"].source == "django-model"
    assert facts["Citizen.visa_status"].source == "django-model"


def test_methods_properties_managers_and_private_names_are_not_fields() -> None:
    facts = by_symbol(django_facts(
        """
        class Person(models.Model):
            race = models.CharField(max_length=10)
            objects = PersonManager()
            _cache = models.CharField(max_length=1)
            __private = models.CharField(max_length=1)

            @property
            def ethnicity(self):
                religion = models.CharField(max_length=1)
                return self.race

            def save(self, *args, **kwargs):
                self.nationality = "x"
                super().save(*args, **kwargs)
        """
    ))
    assert set(facts) == {"Person", "Person.race"}


def test_forms_serializers_and_other_classes_with_field_calls_are_reported() -> None:
    # "Assignments whose value is a field-constructor call count in any class."
    facts = by_symbol(django_facts(
        """
        from django import forms

        class PersonForm(forms.Form):
            religion = forms.ChoiceField(choices=[("h", "Hindu")])

        class PersonSerializer(serializers.Serializer):
            faith = serializers.CharField(source="religion")
        """
    ))
    assert facts["PersonForm"].source == "model"
    assert facts["PersonForm.religion"].values == ("h", "Hindu")
    assert facts["PersonSerializer.faith"].aliases == ("religion",)
