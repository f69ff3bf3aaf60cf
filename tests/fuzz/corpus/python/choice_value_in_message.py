from django.db import models


class Resident(models.Model):
    group = models.CharField(choices=[("muslim S3CR3T-fuzz-token", "Muslim"), ("hindu", "Hindu")])
