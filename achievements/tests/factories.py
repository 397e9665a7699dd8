import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.tests.factories import OrganizationFactory
from achievements.models import Achievement, Disclosure, DisclosureInventor, Patent


class AchievementFactory(DjangoModelFactory[Achievement]):
    class Meta:
        model = Achievement

    institution = factory.SubFactory(OrganizationFactory)
    title_en = factory.Sequence(lambda n: f"Achievement {n}: a better lithium separator")
    title_zh = factory.Sequence(lambda n: f"成果{n}：高安全锂电池隔膜")
    summary_en = "A composite separator that survives nail penetration."
    summary_zh = "一种可通过针刺试验的复合隔膜。"
    trl = 5
    status = Achievement.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class PatentFactory(DjangoModelFactory[Patent]):
    class Meta:
        model = Patent

    achievement = factory.SubFactory(AchievementFactory)
    number = factory.Sequence(lambda n: f"ZL2023{n:07d}.1")


class DisclosureFactory(DjangoModelFactory[Disclosure]):
    class Meta:
        model = Disclosure

    institution = factory.SubFactory(OrganizationFactory)
    submitter = None
    title = factory.Sequence(lambda n: f"Confidential invention {n}")
    abstract = "Secret sauce."
    status = Disclosure.Status.SUBMITTED


class DisclosureInventorFactory(DjangoModelFactory[DisclosureInventor]):
    class Meta:
        model = DisclosureInventor

    disclosure = factory.SubFactory(DisclosureFactory)
    name = factory.Faker("name")
    share = 100
