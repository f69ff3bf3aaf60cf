from django.db import models


class Resident(models.Model):
    race = models.CharField()  # noqa: NEV101NEV102
