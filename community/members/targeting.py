"""The segment a page is written for: a forum category, an event. Each part left empty means
everyone; the listings' "For you" and the insight read the same three fields."""

from django.db import models
from modelcluster.fields import ParentalManyToManyField

from .models import Audience


class SegmentTargeted(models.Model):
    target_industries = ParentalManyToManyField(
        "members.Industry", blank=True, related_name="+", verbose_name="industries"
    )
    target_regions = ParentalManyToManyField(
        "members.Region", blank=True, related_name="+", verbose_name="regions"
    )
    target_audience = models.CharField(
        max_length=4, choices=Audience.choices, blank=True, verbose_name="audience"
    )

    class Meta:
        abstract = True
