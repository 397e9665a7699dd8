"""Search: the only code in Keqiao that knows how search is done.

Call these, nothing deeper:

    search(query, *, types, filters, user, sort, after, limit) -> SearchResult
    filter_queryset(queryset, q) -> queryset            # list pages and API list endpoints
    index_objects(model, ids) / remove_objects(model, ids)   # services, after a write
    index_if_searchable(instance)                       # generic writers (workflow, admin)
    reindex_organization(organization_id)               # an organisation's name changed
    rebuild(workers=2) -> report                        # manage.py rebuild_search_index
    similar(kind, id, *, target, limit) -> [Similar]    # "more like this", for the match engine
    public_ids(kind, ids) / title_terms(kind, ids)      # what the public index holds of them

docs/search.md explains the design. Imports are deferred so that importing the app package
(INSTALLED_APPS) loads no models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from portal.search.indexing import (
        index_if_searchable,
        index_objects,
        reindex_organization,
        remove_objects,
    )
    from portal.search.rebuilding import rebuild
    from portal.search.service import Hit, SearchResult, filter_queryset, search
    from portal.search.similarity import Similar, public_ids, similar, title_terms

__all__ = [
    "Hit",
    "SearchResult",
    "Similar",
    "filter_queryset",
    "index_if_searchable",
    "index_objects",
    "public_ids",
    "rebuild",
    "reindex_organization",
    "remove_objects",
    "search",
    "similar",
    "title_terms",
]

_HOMES = {
    "Hit": "service",
    "SearchResult": "service",
    "filter_queryset": "service",
    "search": "service",
    "index_objects": "indexing",
    "index_if_searchable": "indexing",
    "remove_objects": "indexing",
    "reindex_organization": "indexing",
    "rebuild": "rebuilding",
    "Similar": "similarity",
    "similar": "similarity",
    "public_ids": "similarity",
    "title_terms": "similarity",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        from importlib import import_module

        return getattr(import_module(f"portal.search.{_HOMES[name]}"), name)
    raise AttributeError(name)
