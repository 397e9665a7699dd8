import factory
from factory.django import DjangoModelFactory

from accounts.tests.factories import UserFactory
from matching.notifications.models import NotificationPreference, OutboundEmail
from matching.notifications.vocabulary import Delivery, Kind


class NotificationPreferenceFactory(DjangoModelFactory[NotificationPreference]):
    class Meta:
        model = NotificationPreference
        django_get_or_create = ("user", "kind")

    user = factory.SubFactory(UserFactory)
    kind = Kind.MATCH
    delivery = Delivery.INSTANT


class OutboundEmailFactory(DjangoModelFactory[OutboundEmail]):
    """A plain message row, as queue_email() writes it (without enqueueing anything)."""

    class Meta:
        model = OutboundEmail

    purpose = OutboundEmail.Purpose.MESSAGE
    to = factory.Sequence(lambda n: f"someone{n}@example.org")
    language = "en"
    template = "test_message"
    context = factory.LazyFunction(dict)
    message_id = factory.LazyFunction(OutboundEmail.new_message_id)
