"""Certificates as the issuing service makes them, with dates a test chooses.

`CertificateFactory(course=c)` is a valid certificate issued a week ago for a course; pass
`expires_at`, `revoked_at` or `path=` for the other kinds.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from learning.certificates import rules
from learning.models import Certificate
from tests.factories.members import CustomerFactory


class CertificateFactory(DjangoModelFactory):
    class Meta:
        model = Certificate

    member = factory.SubFactory(CustomerFactory)
    code = factory.LazyFunction(rules.new_code)
    holder_name = factory.LazyAttribute(lambda c: c.member.get_full_name())
    title = factory.LazyAttribute(
        lambda c: c.course.title if c.course else (c.path.certification if c.path else "Course")
    )
    issued_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    course = None
    path = None
