import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from achievements.tests.factories import AchievementFactory
from deals.models import AccessRequest, Inquiry, Message, Nda, NdaAcceptance, Outcome


class InquiryFactory(DjangoModelFactory[Inquiry]):
    class Meta:
        model = Inquiry

    achievement = factory.SubFactory(AchievementFactory)
    sender = None
    subject = factory.Sequence(lambda n: f"Question {n} about licensing terms")
    status = Inquiry.Status.OPEN


class MessageFactory(DjangoModelFactory[Message]):
    class Meta:
        model = Message

    inquiry = factory.SubFactory(InquiryFactory)
    side = Message.Side.REQUESTER
    body = "Is a non-exclusive licence for East China possible?"


class AccessRequestFactory(DjangoModelFactory[AccessRequest]):
    class Meta:
        model = AccessRequest

    achievement = factory.SubFactory(AchievementFactory)
    requester = None
    purpose = "Evaluating the separator for our production line."
    status = AccessRequest.Status.PENDING

    @factory.lazy_attribute
    def decided_at(self):
        return timezone.now() if self.status != AccessRequest.Status.PENDING else None


class NdaFactory(DjangoModelFactory[Nda]):
    class Meta:
        model = Nda

    version = factory.Sequence(lambda n: n + 1)
    title = "Mutual non-disclosure agreement"
    text = "The recipient keeps the documents confidential for five years."
    is_current = True


class NdaAcceptanceFactory(DjangoModelFactory[NdaAcceptance]):
    class Meta:
        model = NdaAcceptance

    access_request = factory.SubFactory(AccessRequestFactory)
    nda = factory.SubFactory(NdaFactory)
    signed_name = "Chen Jing"
    email = "member-c@example.org"
    ip_address = "203.0.113.7"
    text_sha256 = factory.LazyAttribute(lambda o: o.nda.text_sha256)


class OutcomeFactory(DjangoModelFactory[Outcome]):
    class Meta:
        model = Outcome

    achievement = factory.SubFactory(AchievementFactory)
    kind = "non-exclusive-licence"
    counterparty_name = "Hangzhou Separator Co."
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    value = 1_200_000
    show_on_listing = True
