"""Relevance by field, tie-breaks, other sorts, and keyset pages that neither skip nor repeat."""

import datetime as dt

import pytest
from django.utils import timezone

from portal.search import engine, search

pytestmark = pytest.mark.django_db


def test_a_title_match_outranks_a_keyword_match_outranks_a_summary_match(listing):
    in_summary = listing(title_en="Wearable insole", summary_en="Uses a graphene ink layer.")
    in_keywords = listing(title_en="Printed ink", keywords=["graphene"], summary_en="")
    in_title = listing(title_en="Graphene heater film", summary_en="")
    assert [h.object for h in search("graphene").hits] == [in_title, in_keywords, in_summary]


def test_a_rare_word_in_the_title_counts_more_than_a_common_one(listing):
    for number in range(6):
        listing(title_en=f"Battery module {number}", summary_en="")
    rare_in_title = listing(title_en="Zeolite sorbent", summary_en="For battery rooms.")
    common_in_title = listing(title_en="Battery housing", summary_en="Zeolite lined.")
    hits = [h.object for h in search("zeolite battery").hits]
    assert hits == [rare_in_title, common_in_title]


def test_ties_go_to_the_fresher_listing(listing):
    now = timezone.now()
    old = listing(title_en="Hydrogel dressing", published_at=now - dt.timedelta(days=300))
    new = listing(title_en="Hydrogel patch", published_at=now - dt.timedelta(days=3))
    assert [h.object for h in search("hydrogel").hits] == [new, old]


def test_sort_by_newest_and_by_trl(listing):
    now = timezone.now()
    a = listing(title_en="Aerogel A", trl=3, published_at=now - dt.timedelta(days=1))
    b = listing(title_en="Aerogel B", trl=8, published_at=now - dt.timedelta(days=9))
    c = listing(title_en="Aerogel C", trl=5, published_at=now - dt.timedelta(days=5))
    assert [h.object for h in search("aerogel", sort="newest").hits] == [a, c, b]
    assert [h.object for h in search("aerogel", sort="trl").hits] == [b, c, a]


@pytest.mark.parametrize("sort", ["relevance", "newest", "trl"])
@pytest.mark.parametrize("large", [False, True])
def test_pages_follow_each_other_without_gaps_or_repeats(listing, sort, large, monkeypatch):
    if large:
        monkeypatch.setattr(engine, "DIRECT_LIMIT", -1)
    for number in range(23):
        listing(
            title_en=f"Membrane {number}" if number % 3 else f"Filter {number}",
            keywords=["membrane"] if number % 3 == 0 else [],
            summary_en="A membrane for water." if number % 2 else "For water.",
            trl=1 + number % 9,
        )
    everything = [h.object.pk for h in search("membrane", sort=sort, limit=100).hits]
    assert len(everything) == 23
    paged, after = [], None
    while True:
        page = search("membrane", sort=sort, limit=5, after=after)
        paged += [h.object.pk for h in page.hits]
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert paged == everything


def test_a_damaged_cursor_is_an_error(listing):
    listing(title_en="Membrane")
    assert search("membrane", after="nonsense").errors == ["after: not a cursor from this search"]
