"""The OpenAPI document: generated without warnings, valid, and complete where we promise it."""

import io

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document(django_db_blocker):
    out = io.StringIO()
    with django_db_blocker.unblock():
        # --validate checks it against the OpenAPI 3 meta-schema; --fail-on-warn makes any
        # guess by drf-spectacular (an untyped field, an enum name clash) an error.
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_every_resource_and_export_is_documented(document):
    assert set(document["paths"]) == {
        "/api/v1/achievements/",
        "/api/v1/achievements/{id}/",
        "/api/v1/achievements/{id}/submit/",
        "/api/v1/achievements/{id}/withdraw/",
        "/api/v1/achievements/{id}/confirm-current/",
        "/api/v1/disclosures/",
        "/api/v1/disclosures/{id}/",
        "/api/v1/disclosures/{id}/submit/",
        "/api/v1/disclosures/{id}/start-review/",
        "/api/v1/disclosures/{id}/accept/",
        "/api/v1/disclosures/{id}/decline/",
        "/api/v1/disclosures/{id}/convert/",
        "/api/v1/moderation/queue/",
        "/api/v1/moderation/{kind}/{id}/approve/",
        "/api/v1/moderation/{kind}/{id}/request-changes/",
        "/api/v1/moderation/{kind}/{id}/reject/",
        "/api/v1/moderation/{kind}/{id}/report/",
        "/api/v1/moderation/reports/",
        "/api/v1/moderation/reports/{id}/",
        "/api/v1/moderation/reports/{id}/resolve/",
        "/api/v1/experts/",
        "/api/v1/experts/{id}/",
        "/api/v1/needs/",
        "/api/v1/needs/{id}/",
        "/api/v1/organizations/",
        "/api/v1/organizations/{id}/",
        "/api/v1/fields/",
        "/api/v1/fields/{id}/",
        "/api/v1/me/",
        "/api/v1/export/{table}.{file_format}",
        "/api/v1/export/datapackage.json",
        "/api/v1/search/",
        "/api/v1/auth/token/",
        "/api/v1/auth/tokens/",
        "/api/v1/auth/tokens/{id}/",
        # deals: inquiries, document requests, the funnel
        "/api/v1/inquiries/",
        "/api/v1/inquiries/{id}/",
        "/api/v1/inquiries/{id}/messages/",
        "/api/v1/inquiries/{id}/close/",
        "/api/v1/access-requests/",
        "/api/v1/access-requests/{id}/",
        "/api/v1/access-requests/{id}/nda/",
        "/api/v1/access-requests/{id}/accept-nda/",
        "/api/v1/access-requests/{id}/approve/",
        "/api/v1/access-requests/{id}/decline/",
        "/api/v1/access-requests/{id}/revoke/",
        "/api/v1/access-requests/{id}/withdraw/",
        "/api/v1/funnel/institutions/{id}/",
        "/api/v1/funnel/listings/{id}/",
        # needs: the enterprise's side of the lifecycle
        "/api/v1/needs/{id}/submit/",
        "/api/v1/needs/{id}/withdraw/",
        "/api/v1/needs/{id}/close/",
        "/api/v1/needs/{id}/fulfil/",
        # saved searches, the notification inbox, notification preferences
        "/api/v1/saved-searches/",
        "/api/v1/saved-searches/{id}/",
        "/api/v1/notifications/",
        "/api/v1/notifications/{id}/",
        "/api/v1/notifications/{id}/read/",
        "/api/v1/notifications/read-all/",
        "/api/v1/notifications/unread-count/",
        "/api/v1/me/notification-preferences/",
        # matches for people (docs/matching.md)
        "/api/v1/matches/",
        "/api/v1/matches/{id}/",
        "/api/v1/matches/{id}/feedback/",
        "/api/v1/matches/dismissals/",
        # the expert pool: profile writes, assessments
        "/api/v1/experts/{id}/deactivate/",
        "/api/v1/assessments/",
        "/api/v1/assessments/{id}/",
        "/api/v1/assessments/{id}/submit/",
        "/api/v1/assessments/{id}/decline/",
        "/api/v1/assessments/{id}/publish/",
    }


def test_every_operation_documents_its_errors_in_the_error_shape(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ("401", "403", "429"):
                schema = responses[status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (path, method, status)
            assert "Retry-After" in responses["429"]["headers"]
            if "{" in path:
                assert "404" in responses, (path, method)
            if "requestBody" in operation:
                assert "400" in responses, (path, method)
    assert set(document["components"]["schemas"]["Error"]["required"]) == {
        "code",
        "message",
        "errors",
    }


def test_every_write_documents_bad_input_and_every_transition_a_conflict(document):
    writes = {
        (path, method): operation
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in {"post", "patch"} and not path.startswith("/api/v1/auth/")
    }
    # the TTO workflow (18), deals (9), needs (6), saved searches and notifications (4),
    # match feedback (1), the expert pool (3 profile, 4 assessment writes)
    assert len(writes) == 45
    for (path, method), operation in writes.items():
        responses = operation["responses"]
        assert responses["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }, (path, method)
        transition = path.endswith(("/submit/", "/approve/", "/resolve/", "/convert/"))
        # Changing your own profile, saved search or expert profile has no state that could
        # refuse it: its PATCH is never a conflict.
        stateless = {"/api/v1/me/", "/api/v1/saved-searches/{id}/", "/api/v1/experts/{id}/"}
        if transition or (method == "patch" and path not in stateless):
            assert "409" in responses, (path, method)
    created = document["paths"]["/api/v1/achievements/"]["post"]["responses"]
    assert created["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AchievementManage"
    }
    assert (
        "transition_not_allowed"
        in document["components"]["schemas"]["Error"]["properties"]["code"]["description"]
    )


def test_lists_document_filters_paging_and_conditional_headers(document):
    operation = document["paths"]["/api/v1/achievements/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    for name in ("field", "trl_min", "trl_max", "institution", "region", "transfer_mode"):
        assert name in parameters
    for name in ("ip_status", "language", "published_after", "ordering", "cursor", "page_size"):
        assert name in parameters
    assert parameters["trl_min"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 9}
    assert "If-None-Match" in parameters
    assert set(operation["responses"]) >= {"200", "304", "400", "429"}
    assert "ETag" in operation["responses"]["200"]["headers"]


def test_the_session_cookie_is_a_documented_security_scheme(document):
    assert "cookieAuth" in document["components"]["securitySchemes"]
    security = document["paths"]["/api/v1/me/"]["get"]["security"]
    assert {"cookieAuth": []} in security
    assert {} not in security  # no anonymous access


def test_the_interactive_docs_load_nothing_from_a_cdn(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower()


def test_personal_tokens_are_a_documented_security_scheme(document):
    scheme = document["components"]["securitySchemes"]["tokenAuth"]
    assert scheme == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "Token <key> (or Bearer <key>): a personal API token.",
    }
    assert {"tokenAuth": []} in document["paths"]["/api/v1/me/"]["get"]["security"]
