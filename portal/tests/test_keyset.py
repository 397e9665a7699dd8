"""Keyset pagination: every row exactly once, in order, whatever the ties, NULLs and inserts."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory
from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory
from portal import keyset

pytestmark = pytest.mark.django_db

NOON = timezone.make_aware(dt.datetime(2026, 3, 1, 12, 0))


@pytest.fixture
def listings():
    """Nine listings: ties on published_at and trl, and drafts with no published_at."""
    university = OrganizationFactory.create()
    rows = []
    for n in range(9):
        rows.append(
            AchievementFactory.create(
                institution=university,
                published_at=None if n in {2, 5} else NOON - dt.timedelta(days=n // 3),
                status="draft" if n in {2, 5} else "published",
                trl=None if n % 4 == 0 else 1 + n % 3,
            )
        )
    return rows


def walk(queryset, page_size):
    """Follows next cursors from the first page; returns the pages as lists of ids."""
    pages, cursor = [], None
    while True:
        page = keyset.paginate(queryset, cursor, page_size)
        pages.append([row.pk for row in page.items])
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor


@pytest.mark.parametrize(
    "ordering",
    [("-published_at",), ("published_at",), ("trl",), ("-trl",), ("-updated_at",), ("pk",)],
)
@pytest.mark.parametrize("page_size", [1, 2, 4, 20])
def test_walking_forward_yields_every_row_once_in_the_querysets_order(
    listings, ordering, page_size
):
    queryset = Achievement.objects.order_by(*ordering)
    expected = list(queryset.order_by(*ordering, "-pk" if ordering[0][0] == "-" else "pk"))
    pages = walk(queryset, page_size)
    assert [pk for page in pages for pk in page] == [row.pk for row in expected]
    assert all(len(page) == page_size for page in pages[:-1])


@pytest.mark.parametrize("ordering", ["-published_at", "trl", "-trl"])
def test_walking_back_from_the_last_page_returns_the_same_pages(listings, ordering):
    queryset = Achievement.objects.order_by(ordering)
    forward, cursor, pages = walk(queryset, 2), None, []
    page = keyset.paginate(queryset, None, 2)
    while page.next_cursor:  # to the last page
        page = keyset.paginate(queryset, page.next_cursor, 2)
    pages.append([row.pk for row in page.items])
    while page.previous_cursor:
        cursor = page.previous_cursor
        page = keyset.paginate(queryset, cursor, 2)
        pages.append([row.pk for row in page.items])
    assert list(reversed(pages)) == forward


def test_a_row_inserted_before_the_cursor_does_not_shift_the_next_page(listings):
    queryset = Achievement.objects.published().order_by("-published_at")
    first = keyset.paginate(queryset, None, 3)
    second_before = [row.pk for row in keyset.paginate(queryset, first.next_cursor, 3).items]
    AchievementFactory.create(published_at=timezone.now())  # lands at the top of the list
    second_after = [row.pk for row in keyset.paginate(queryset, first.next_cursor, 3).items]
    assert second_after == second_before


def test_the_next_page_filters_on_the_ordering_values_not_an_offset(listings):
    queryset = Achievement.objects.published().order_by("-published_at")
    first = keyset.paginate(queryset, None, 3)
    keys = keyset.ordering_of(queryset)
    assert first.next_cursor is not None
    values, _backwards = keyset.decode_cursor(keys, first.next_cursor)
    sql = str(queryset.filter(keyset.beyond(keys, values)).query)
    assert "OFFSET" not in sql.upper()
    assert '"published_at" <=' in sql  # the index range PostgreSQL starts its scan from


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        "e30",  # {}
        "W10",  # []
        keyset.encode_cursor(
            keyset.ordering_of(Achievement.objects.order_by("trl")), [3, 1], backwards=False
        ),  # made for another ordering
        "x" * 5000,
    ],
)
def test_a_bad_cursor_is_refused(listings, cursor):
    with pytest.raises(keyset.InvalidCursor):
        keyset.paginate(Achievement.objects.order_by("-published_at"), cursor, 2)


def test_a_cursor_with_an_impossible_id_is_refused(listings):
    keys = keyset.ordering_of(Achievement.objects.order_by("pk"))
    for bad in [2**70, "twelve", True, "\x00"]:
        cursor = keyset.encode_cursor(keys, [bad], backwards=False)
        with pytest.raises(keyset.InvalidCursor):
            keyset.paginate(Achievement.objects.order_by("pk"), cursor, 2)


def test_the_primary_key_breaks_ties_in_the_direction_of_the_first_key():
    keys = keyset.ordering_of(Achievement.objects.order_by("-published_at"))
    assert keyset.signature(keys) == "-published_at,-id"
    keys = keyset.ordering_of(Achievement.objects.order_by("trl", "-published_at"))
    assert keyset.signature(keys) == "trl,-published_at,id"


def test_a_float_column_pages_and_a_non_finite_value_is_refused():
    """Match scores are floats: their cursors round-trip, NaN and infinity are forged."""
    from matching.matches.models import Match
    from matching.tests.factories import MatchFactory
    from needs.tests.factories import NeedFactory

    need = NeedFactory.create()
    for n in range(5):
        MatchFactory.create(need=need, achievement=AchievementFactory.create(), parts={"t": n / 7})
    queryset = Match.objects.order_by("-score", "id")
    pages = walk(queryset, 2)
    assert [pk for page in pages for pk in page] == list(queryset.values_list("pk", flat=True))
    keys = keyset.ordering_of(queryset)
    for forged in (float("nan"), float("inf")):
        cursor = keyset.encode_cursor(keys, [forged, 1], backwards=False)
        with pytest.raises(keyset.InvalidCursor):
            keyset.paginate(queryset, cursor, 2)
