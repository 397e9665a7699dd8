"""Small catalogues for the engine tests: listings written with the factories, then indexed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.transaction import atomic

from accounts.models import Organization
from accounts.tests.factories import EnterpriseFactory, MembershipFactory, OrganizationFactory
from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from needs.models import Need
from needs.tests.factories import NeedFactory
from portal.models import Field
from portal.search import index_objects

__all__ = ["MembershipFactory", "atomic"]  # for the tests, beside the builders

BATTERY = "Solid electrolyte separator for lithium batteries"
BATTERY_TEXT = (
    "A ceramic separator coated with a solid electrolyte keeps lithium batteries safe under"
    " nail penetration and thermal runaway; the separator membrane stops dendrites."
)
UNRELATED = [
    ("Rice blast resistant cultivar breeding", "Marker assisted breeding of rice cultivars."),
    ("Bridge cable corrosion monitoring", "Acoustic sensors watch steel cables of bridges."),
    ("Tea polyphenol extraction process", "Green extraction of polyphenols from tea leaves."),
    ("Machine translation of legal contracts", "Neural translation tuned on legal contracts."),
    ("Wastewater nitrogen removal bioreactor", "Anammox bacteria remove nitrogen in sewage."),
    ("Seismic isolation bearing for buildings", "Lead rubber bearings isolate earthquakes."),
]


def field(code: str) -> Field:
    return Field.objects.get(scheme="oecd-fos", code=code)


def institution(region: str = "zhejiang") -> Organization:
    return OrganizationFactory.create(region=region)


def achievement(
    *, title: str = BATTERY, summary: str = BATTERY_TEXT, fields: Sequence[str] = (), **values: Any
) -> Achievement:
    values.setdefault("institution", institution())
    made = AchievementFactory.create(
        title_en=title, title_zh="", summary_en=summary, summary_zh="", **values
    )
    made.fields.set([field(code) for code in fields])
    index_objects(Achievement, [made.pk])
    return made


def need(
    *,
    title: str = BATTERY,
    description: str = BATTERY_TEXT,
    fields: Sequence[str] = (),
    **values: Any,
) -> Need:
    values.setdefault("organization", EnterpriseFactory.create(region="zhejiang"))
    made = NeedFactory.create(title=title, description=description, **values)
    made.fields.set([field(code) for code in fields])
    index_objects(Need, [made.pk])
    return made


def expert(*, keywords: list[str], bio: str, fields: Sequence[str] = (), **values: Any) -> Expert:
    made = ExpertFactory.create(keywords=keywords, bio=bio, **values)
    made.fields.set([field(code) for code in fields])
    index_objects(Expert, [made.pk])
    return made


def background() -> list[Achievement]:
    """Listings about other things, so that word statistics look like a catalogue's."""
    return [achievement(title=title, summary=summary, trl=None) for title, summary in UNRELATED]
