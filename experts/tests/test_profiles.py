"""Writing profiles: one's own, and those a TTO keeps for experts without a login."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from experts import services
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from portal.search import search

pytestmark = pytest.mark.django_db


def test_a_user_creates_their_own_profile_once(researcher_a):
    expert = services.expert_save(
        actor=researcher_a, values={"name_en": "Rita Researcher", "keywords": ["perovskite"]}
    )
    assert expert.user == researcher_a
    assert expert.managed_by is None
    with pytest.raises(ValidationError):
        services.expert_save(actor=researcher_a, values={"name_en": "Again"})


def test_a_profile_needs_a_name(researcher_a):
    with pytest.raises(ValidationError):
        services.expert_save(actor=researcher_a, values={"name_en": "", "name_zh": ""})
    assert not Expert.objects.filter(user=researcher_a).exists()


def test_a_tto_keeps_profiles_for_its_institution_only(tto_a, tto_b, university_a):
    kept = services.expert_save(actor=tto_a, kept_by=university_a, values={"name_en": "Old Prof"})
    assert kept.managed_by == university_a
    assert kept.user is None
    with pytest.raises(PermissionDenied):
        services.expert_save(actor=tto_b, kept_by=university_a, values={"name_en": "X"})
    with pytest.raises(PermissionDenied):
        services.expert_save(actor=tto_b, expert=kept, values={"title": "Hacked"})
    services.expert_save(actor=tto_a, expert=kept, values={"title": "Emeritus"})
    kept.refresh_from_db()
    assert kept.title == "Emeritus"


def test_deactivating_takes_the_profile_out_of_the_pool_and_search(tto_a, university_a):
    kept = services.expert_save(
        actor=tto_a, kept_by=university_a, values={"name_en": "Zeolite Zhang", "bio": "zeolites"}
    )
    assert search("zeolites", types=["expert"], user=None).total == 1
    services.expert_deactivate(actor=tto_a, expert=kept)
    services.expert_deactivate(actor=tto_a, expert=kept)  # a repeat is harmless
    assert search("zeolites", types=["expert"], user=None).total == 0
    assert not Expert.objects.visible_to(AnonymousUser()).filter(pk=kept.pk).exists()
    assert Expert.objects.visible_to(tto_a).filter(pk=kept.pk).exists()


def test_registered_only_profiles_never_reach_visitors(client_for, enterprise_member):
    hidden = ExpertFactory.create(name_en="Hidden Hu", visibility="registered", bio="catalysis")
    from portal.search import index_objects

    index_objects(Expert, [hidden.pk])
    anonymous = client_for(None)
    assert "Hidden Hu" not in anonymous.get("/experts/").content.decode()
    assert anonymous.get(f"/experts/{hidden.pk}/").status_code == 404
    assert anonymous.get(f"/api/v1/experts/{hidden.pk}/").status_code == 404
    assert "Hidden Hu" not in anonymous.get("/experts/?q=catalysis").content.decode()
    assert (
        "Hidden Hu" in client_for(enterprise_member).get("/experts/?q=catalysis").content.decode()
    )


def test_my_profile_page_creates_then_edits(client_for, researcher_a):
    client = client_for(researcher_a)
    assert client.get("/experts/me/").status_code == 200
    created = client.post(
        "/experts/me/",
        {
            "name_en": "Page Person",
            "keywords": "lasers, optics",
            "languages": ["en"],
            "available_for_evaluation": "on",
            "visibility": "public",
            "is_active": "on",
        },
    )
    assert created.status_code == 302
    expert = Expert.objects.get(user=researcher_a)
    assert expert.keywords == ["lasers", "optics"]
    client.post("/experts/me/", {"name_en": "Page Person", "title": "Dr", "visibility": "public"})
    expert.refresh_from_db()
    assert expert.title == "Dr"
    assert client.post("/experts/me/", {"name_en": "", "visibility": "public"}).status_code == 400


def test_the_tto_page_for_a_kept_profile(client_for, tto_a, researcher_a, university_a):
    answer = client_for(tto_a).post(
        f"/experts/new/?institution={university_a.pk}",
        {"name_zh": "王教授", "visibility": "public", "is_active": "on"},
    )
    assert answer.status_code == 302
    assert Expert.objects.get(name_zh="王教授").managed_by == university_a
    assert client_for(researcher_a).get("/experts/new/").status_code == 403


def test_registered_only_profiles_stay_out_of_search_and_exports(client_for, enterprise_member):
    from portal.search import index_objects

    hidden = ExpertFactory.create(name_en="Hidden Hu", visibility="registered", bio="catalysis")
    shown = ExpertFactory.create(name_en="Open Ou", bio="catalysis")
    index_objects(Expert, [hidden.pk, shown.pk])
    anonymous = client_for(None)
    found = anonymous.get("/api/v1/search/?q=catalysis&type=expert").content.decode()
    assert "Open Ou" in found
    assert "Hidden Hu" not in found
    export = b"".join(anonymous.get("/api/v1/export/experts.csv").streaming_content).decode()
    assert "Open Ou" in export
    assert "Hidden Hu" not in export
    signed_in = client_for(enterprise_member).get("/api/v1/search/?q=catalysis&type=expert")
    assert "Hidden Hu" in signed_in.content.decode()
