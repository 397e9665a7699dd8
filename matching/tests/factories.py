import factory
from factory.django import DjangoModelFactory

from accounts.tests.factories import UserFactory
from matching.matches.models import Match, MatchFeedback
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


# --- Matches (matchui): rows as the engine writes them, with parts summing to the score -------


class MatchFactory(DjangoModelFactory[Match]):
    """A need–achievement match by default; pass expert= with kind= for the other kinds."""

    class Meta:
        model = Match

    kind = Match.Kind.NEED_ACHIEVEMENT
    need = None
    achievement = None
    expert = None
    parts = factory.LazyFunction(lambda: {"text": 0.3, "fields": 0.25, "trl": 0.15})
    score = factory.LazyAttribute(lambda m: round(sum(m.parts.values()), 6))


class MatchFeedbackFactory(DjangoModelFactory[MatchFeedback]):
    class Meta:
        model = MatchFeedback

    match = factory.SubFactory(MatchFactory)
    user = factory.SubFactory(UserFactory)
    verdict = MatchFeedback.Verdict.DISMISSED
    reason = MatchFeedback.Reason.TOO_EARLY
