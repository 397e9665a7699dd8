"""Writes of saved searches, and running one: every new visible result becomes a notification.

A search is run as its owner through portal.search (visible_to everywhere), newest first, down
to its watermark. Each result published after the watermark is passed to notify() with the
reason "saved-search:<id>", whose unique key (recipient, reason, object) makes a repeated run,
a redelivered task or two workers at once unable to notify twice.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from matching.notifications.models import Notification
from matching.notifications.services import notify
from matching.notifications.targets import NotificationNotAllowed, payload_for
from matching.notifications.vocabulary import Kind
from matching.saved_searches.models import SavedSearch
from portal.search.params import SearchState, read_state

logger = logging.getLogger(__name__)

Frequency = SavedSearch.Frequency
# Results published this long before the watermark are looked at again: a listing committed
# while a run was reading is still found by the next one (and notified once, by the key).
OVERLAP = timedelta(minutes=10)
# Usually nothing or little is new: a small first page, larger ones when more are new.
FIRST_PAGE_SIZE = 10
PAGE_SIZE = 100
# At most this many results per run are looked at (newest first); the next run goes on from
# the watermark, so a flood of new listings is spread over several runs, never lost.
MAX_RESULTS_PER_RUN = 500
# A claimed run that has not finished after this long (its worker died) is due again.
CLAIM_LEASE = timedelta(minutes=15)


def interval(frequency: str) -> timedelta:
    """How long after a run the search is due again."""
    if frequency == Frequency.INSTANT:
        return timedelta(seconds=settings.SAVED_SEARCH_INSTANT_SECONDS)
    if frequency == Frequency.WEEKLY:
        return timedelta(days=7)
    return timedelta(days=1)


def reason_for(saved_search_id: int) -> str:
    return f"saved-search:{saved_search_id}"


# --- The query: the search page's query string, validated as the search page reads it --------


def search_state(query: str) -> SearchState:
    """The state a stored query string stands for (portal.search.params)."""
    return read_state(QueryDict(query))


def clean_query(*, query: str, user: User) -> str:
    """A search page URL or query string, validated and normalised (raises ValidationError).

    Paging (`after`, `limit`) is dropped; unknown parameters are ignored, as on the page. The
    filters are checked by running the search once, as the owner, for one result.
    """
    from portal.search import search

    text = query.strip()
    if "?" in text:  # a whole address was pasted: keep its query string
        text = text.split("?", 1)[1]
    params = QueryDict(text, mutable=True)
    for paging in ("after", "limit", "cursor", "page"):
        params.pop(paging, None)
    state = read_state(params)
    errors = list(state.errors)
    if not errors:
        errors = search(
            state.q,
            types=state.types,
            filters=state.filters,
            user=user,
            sort=state.sort,
            limit=1,
            with_facets=False,
            with_snippets=False,
        ).errors
    if errors:
        raise ValidationError({"query": errors})
    normalised = state.url_params()
    if len(normalised) > SavedSearch._meta.get_field("query").max_length:  # type: ignore[operator]
        raise ValidationError({"query": [_("This search is too long to save.")]})
    return normalised


# --- Writes ----------------------------------------------------------------------------------


def _check_owner(*, actor: User, saved_search: SavedSearch) -> None:
    if saved_search.owner_id != actor.pk:
        raise PermissionDenied(_("Only the owner may change a saved search."))


def _check_name(*, owner: User, name: str, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": [_("Give the search a name.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("Use at most 100 characters.")]})
    clash = SavedSearch.objects.filter(owner=owner, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": [_("You already have a saved search with this name.")]})
    return name


def _check_frequency(frequency: str) -> str:
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": [_("Choose instant, daily, weekly or paused.")]})
    return frequency


@transaction.atomic
def saved_search_create(*, owner: User, name: str, query: str, frequency: str) -> SavedSearch:
    """Save a search. Results already there are not new: only later ones notify."""
    if not owner.is_authenticated or not owner.is_active:
        raise PermissionDenied(_("Log in to save a search."))
    # One person's saves one at a time, so two at once cannot pass the limit together.
    User.objects.select_for_update().filter(pk=owner.pk).first()
    if SavedSearch.objects.filter(owner=owner).count() >= settings.SAVED_SEARCHES_PER_USER:
        raise ValidationError(
            _("You can keep at most %(limit)d saved searches. Delete one to save another.")
            % {"limit": settings.SAVED_SEARCHES_PER_USER}
        )
    now = timezone.now()
    frequency = _check_frequency(frequency)
    saved = SavedSearch(
        owner=owner,
        name=_check_name(owner=owner, name=name),
        query=clean_query(query=query, user=owner),
        frequency=frequency,
        created_at=now,
        watched_since=now,
        results_since=now,
        next_run_at=now + interval(frequency),
    )
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError:  # the same name saved a moment ago by another request
        raise ValidationError(
            {"name": [_("You already have a saved search with this name.")]}
        ) from None
    return saved


@transaction.atomic
def saved_search_update(
    *,
    actor: User,
    saved_search: SavedSearch,
    name: str | None = None,
    query: str | None = None,
    frequency: str | None = None,
) -> SavedSearch:
    """Rename, change the search or the frequency, pause or resume.

    A changed search, or a resumed one, starts afresh: what exists now is not new. Any run in
    progress loses its claim, so it cannot move the watermark of the changed search.
    """
    _check_owner(actor=actor, saved_search=saved_search)
    now = timezone.now()
    restart = False
    if name is not None:
        saved_search.name = _check_name(owner=actor, name=name, exclude=saved_search.pk)
    if query is not None:
        cleaned = clean_query(query=query, user=actor)
        restart = restart or cleaned != saved_search.query
        saved_search.query = cleaned
    if frequency is not None and frequency != saved_search.frequency:
        _check_frequency(frequency)
        restart = restart or saved_search.frequency == Frequency.PAUSED
        saved_search.frequency = frequency
        saved_search.next_run_at = now + interval(frequency)
    if restart:
        saved_search.watched_since = now
        saved_search.results_since = now
        saved_search.last_run_at = None
        saved_search.claim_token = None
    try:
        with transaction.atomic():
            saved_search.save()
    except IntegrityError:
        raise ValidationError(
            {"name": [_("You already have a saved search with this name.")]}
        ) from None
    return saved_search


def saved_search_delete(*, actor: User, saved_search: SavedSearch) -> None:
    """Delete the search. Its notifications stay in the inbox."""
    _check_owner(actor=actor, saved_search=saved_search)
    saved_search.delete()


# --- Running ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    saved_search: SavedSearch
    token: uuid.UUID
    started: datetime


def saved_search_claim(*, saved_search_id: int) -> Claim | None:
    """Take a due search for one run, or None (not due, paused, gone, or claimed already).

    One conditional UPDATE: of two workers (or a task delivered twice) exactly one changes
    the row. The claim moves next_run_at forward by a lease, so if this worker dies the
    search is due again after CLAIM_LEASE; a finished run sets the real next time.
    """
    now = timezone.now()
    token = uuid.uuid4()
    found = SavedSearch.objects.due().filter(pk=saved_search_id).first()
    if found is None:
        return None
    lease = min(CLAIM_LEASE, interval(found.frequency))
    # Only the row's own columns in the condition: due() joins the owner, which makes Django
    # write "WHERE id IN (SELECT …)", and PostgreSQL does not re-check such a subquery against
    # the row a concurrent claim has just changed, so two workers could both win.
    claimed = SavedSearch.objects.filter(
        pk=saved_search_id, next_run_at=found.next_run_at, frequency=found.frequency
    ).update(claim_token=token, next_run_at=now + lease)
    if claimed != 1:
        return None
    found.refresh_from_db()
    return Claim(saved_search=found, token=token, started=now)


def _published(obj: Any) -> datetime:
    """When a result entered the public catalogue (as the search index orders "newest")."""
    return getattr(obj, "published_at", None) or obj.created_at


def new_results(saved_search: SavedSearch, *, owner: User) -> list[tuple[Any, str]]:
    """Results of the search (object, page path), as the owner sees them now, published after
    the watermark, newest first."""
    from portal.search import search

    since = max(saved_search.results_since - OVERLAP, saved_search.watched_since)
    state = search_state(saved_search.query)
    found: list[tuple[Any, str]] = []
    after: str | None = None
    while len(found) < MAX_RESULTS_PER_RUN:
        result = search(
            state.q,
            types=state.types,
            filters=state.filters,
            user=owner,
            sort="newest",
            after=after,
            limit=FIRST_PAGE_SIZE if after is None else PAGE_SIZE,
            with_facets=False,
            with_snippets=False,
        )
        if result.errors:  # a filter value that no longer exists (a removed field code)
            logger.warning("saved search %s: %s", saved_search.pk, "; ".join(result.errors))
            break
        for hit in result.hits:
            if hit.similar:  # "did you mean" results are not results of this search
                return found
            if _published(hit.object) <= since:
                return found
            found.append((hit.object, hit.url))
        if not result.next_cursor:
            break
        after = result.next_cursor
    return found[:MAX_RESULTS_PER_RUN]


def _already_notified(*, owner: User, reason: str, objects: list[Any]) -> set[tuple[int, int]]:
    keys = {(ContentType.objects.get_for_model(o).pk, o.pk) for o in objects}
    if not keys:
        return set()
    rows = Notification.objects.filter(
        recipient=owner, reason=reason, object_id__in={pk for _ct, pk in keys}
    ).values_list("content_type_id", "object_id")
    return set(rows) & keys


def saved_search_run(*, saved_search_id: int) -> int | None:
    """Run a due search once: notify its owner of each new result. Returns how many new
    notifications were written, or None when the search was not claimed (not due, paused,
    deleted, or another worker has it)."""
    claim = saved_search_claim(saved_search_id=saved_search_id)
    if claim is None:
        return None
    saved_search = claim.saved_search
    owner = saved_search.owner
    reason = reason_for(saved_search.pk)
    results = new_results(saved_search, owner=owner)
    known = _already_notified(owner=owner, reason=reason, objects=[o for o, _url in results])
    written = 0
    for obj, url in reversed(results):  # oldest first, so the inbox shows the newest on top
        if (ContentType.objects.get_for_model(obj).pk, obj.pk) in known:
            continue
        payload = {**payload_for(obj), "search": saved_search.name}
        if url and "url" not in payload:
            payload["url"] = url
        try:
            notify(
                recipient=owner, kind=Kind.SAVED_SEARCH, reason=reason, target=obj, payload=payload
            )
        except NotificationNotAllowed:  # unpublished since the search read it
            continue
        written += 1
    finished = timezone.now()
    SavedSearch.objects.filter(pk=saved_search.pk, claim_token=claim.token).update(
        claim_token=None,
        results_since=claim.started,
        last_run_at=finished,
        next_run_at=claim.started + interval(saved_search.frequency),
    )
    return written


def due_saved_search_ids(*, limit: int = 1000) -> list[int]:
    """Ids of searches due now, the longest waiting first."""
    return list(
        SavedSearch.objects.due().order_by("next_run_at").values_list("pk", flat=True)[:limit]
    )
