import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.tests.factories import EnterpriseFactory
from needs.models import Need


class NeedFactory(DjangoModelFactory[Need]):
    class Meta:
        model = Need

    organization = factory.SubFactory(EnterpriseFactory)
    title = factory.Sequence(lambda n: f"Need {n}: safer battery separators")
    description = "We look for a separator technology for storage batteries."
    status = Need.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
