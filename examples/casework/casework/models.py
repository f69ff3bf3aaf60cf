"""Core records of the case-management system (Django)."""

from django.db import models
from django_countries.fields import CountryField

FAITH_CHOICES = [
    ("none", "No religion"),
    ("christian", "Christian"),
    ("muslim", "Muslim"),
    ("hindu", "Hindu"),
    ("sikh", "Sikh"),
    ("jewish", "Jewish"),
]


class Household(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    address_line = models.CharField(max_length=200)
    postcode = models.CharField(max_length=10)
    country = CountryField()  # near-miss: a postal address, not an origin
    created_at = models.DateTimeField(auto_now_add=True)


class Resident(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    preferred_language = models.CharField(max_length=20)  # near-miss: needed to communicate
    ethnic_grp = models.CharField(max_length=40, blank=True)  # expect: NEV101
    community = models.CharField(max_length=20, choices=FAITH_CHOICES)  # expect: NEV102 (from the choices' labels)
    countryOfBirth = CountryField(blank=True)  # expect: NEV103
    immigration_status = models.CharField(max_length=30, blank=True)  # expect: NEV103
    is_refugee = models.BooleanField(default=False)  # expect: NEV103


class CaseNote(models.Model):
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE)
    body = models.TextField()
    trace_id = models.CharField(max_length=32)  # near-miss: request tracing
    origin = models.CharField(max_length=20)  # near-miss: which office created the note
