"""ETag and Last-Modified on API reads, and 304 Not Modified when the client's copy is current.

The ETag is a hash of the rendered body, so it changes whenever anything in the response does
(nested organisation, fields, language of the messages) and costs microseconds. Last-Modified is
the newest `updated_at` among the objects shown. If-None-Match is honoured everywhere;
If-Modified-Since only on a single object, where its own `updated_at` is meaningful: a list can
change without any of its current rows changing (a row unpublished), so lists rely on the ETag.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework.response import Response


def respond(
    request: HttpRequest,
    response: Response,
    *,
    last_modified: dt.datetime | None,
    honour_if_modified_since: bool,
) -> HttpResponseBase:
    """The rendered response with validators set, or a 304 when the client's copy is current."""
    response.render()
    etag = f'"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
    response["ETag"] = etag
    timestamp = int(last_modified.timestamp()) if last_modified is not None else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    # Shared caches may keep public answers but must revalidate; they differ per identity.
    patch_vary_headers(response, ("Authorization", "Cookie"))
    patch_cache_control(response, no_cache=True)
    not_modified = get_conditional_response(
        request,
        etag=etag,
        last_modified=timestamp if honour_if_modified_since else None,
        response=response,
    )
    return not_modified if not_modified is not None else response
