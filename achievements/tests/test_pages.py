"""The pages: thin views over the querysets and services, correct status codes, no 500s."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from achievements.models import Achievement, AchievementFile, Disclosure, ImportJob
from achievements.services import achievement_file_add
from achievements.tests.factories import AchievementFactory, DisclosureFactory
from achievements.tests.importing import csv_file

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n"


def test_a_draft_listing_is_not_found_for_the_public(anonymous_client, university_a):
    draft = AchievementFactory.create(institution=university_a, status="draft")
    assert anonymous_client.get(reverse("achievement-detail", args=[draft.pk])).status_code == 404


def test_the_description_is_rendered_as_sanitised_markdown(anonymous_client, university_a):
    listing = AchievementFactory.create(
        institution=university_a,
        description="**Fast** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://a.example)",
    )
    html = anonymous_client.get(reverse("achievement-detail", args=[listing.pk])).content.decode()
    assert "<strong>Fast</strong>" in html
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert 'href="https://a.example"' in html


def test_an_officer_creates_a_listing_in_the_editor(client_for, tto_a):
    client = client_for(tto_a)
    assert client.get(reverse("achievement-create")).status_code == 200
    response = client.post(
        reverse("achievement-create"),
        {
            "title_en": "Low-cost desalination membrane",
            "summary_en": "Halves the energy of reverse osmosis.",
            "keywords": "membrane, water; desalination",
            "trl": "4",
            "ip_status": "patent-pending",
            "transfer_modes": ["exclusive-licence"],
            "price_negotiable": "on",
            "currency": "CNY",
            "patents-TOTAL_FORMS": "1",
            "patents-INITIAL_FORMS": "0",
            "patents-0-jurisdiction": "CN",
            "patents-0-number": "CN2024100001.X",
            "patents-0-kind": "invention",
            "patents-0-status": "filed",
            "inventors-TOTAL_FORMS": "1",
            "inventors-INITIAL_FORMS": "0",
            "inventors-0-name": "Chen Jing",
        },
    )
    listing = Achievement.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert listing.keywords == ["membrane", "water", "desalination"]
    assert listing.patents.get().number == "CN2024100001.X"
    assert listing.inventors.get().name == "Chen Jing"


def test_the_editor_names_the_missing_title(client_for, tto_a):
    response = client_for(tto_a).post(
        reverse("achievement-create"),
        {
            "summary_en": "x",
            "ip_status": "none",
            "currency": "CNY",
            "patents-TOTAL_FORMS": "0",
            "patents-INITIAL_FORMS": "0",
            "inventors-TOTAL_FORMS": "0",
            "inventors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Give a title in Chinese, in English, or both." in response.content.decode()


def test_another_institutions_officer_gets_404_on_edit(client_for, tto_b, university_a):
    listing = AchievementFactory.create(institution=university_a, status="draft")
    assert client_for(tto_b).get(reverse("achievement-edit", args=[listing.pk])).status_code == 404
    response = client_for(tto_b).post(reverse("achievement-action", args=[listing.pk, "submit"]))
    assert response.status_code == 404


def test_the_owner_submits_from_the_detail_page(client_for, tto_a, university_a):
    listing = AchievementFactory.create(institution=university_a, status="draft")
    client = client_for(tto_a)
    page = client.get(reverse("achievement-detail", args=[listing.pk])).content.decode()
    assert 'data-testid="quality-score"' in page
    client.post(reverse("achievement-action", args=[listing.pk, "submit"]))
    listing.refresh_from_db()
    assert listing.status == "submitted"


def test_an_image_is_checked_by_content_and_served_inline(
    client_for, tto_a, university_a, anonymous_client
):
    listing = AchievementFactory.create(institution=university_a)
    client = client_for(tto_a)
    fake = SimpleUploadedFile("photo.png", b"<html>not an image</html>")
    response = client.post(
        reverse("achievement-files", args=[listing.pk]),
        {"kind": "image", "file": fake, "is_public": "on"},
    )
    assert "This kind of file is not accepted" in response.content.decode()
    real = SimpleUploadedFile("../../etc/photo.exe", PNG)
    client.post(
        reverse("achievement-files", args=[listing.pk]),
        {"kind": "image", "file": real, "is_public": "on"},
    )
    record = AchievementFile.objects.get()
    assert record.original_name == "photo.png"
    assert "etc" not in str(record.file.name)
    assert str(record.file.name).endswith(".png")
    served = anonymous_client.get(reverse("achievement-file", args=[listing.pk, record.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["Content-Disposition"].startswith("inline")


def test_a_confidential_document_reaches_only_the_tto_and_moderators(
    client_for, tto_a, tto_b, moderator, enterprise_member, university_a
):
    listing = AchievementFactory.create(institution=university_a)
    record = achievement_file_add(
        actor=tto_a,
        achievement=listing,
        upload=SimpleUploadedFile("term sheet.pdf", PDF),
        kind="document",
        is_public=False,
    )
    url = reverse("achievement-file", args=[listing.pk, record.pk])
    assert client_for(enterprise_member).get(url).status_code == 404
    assert client_for(tto_b).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404
    for allowed in (tto_a, moderator):
        response = client_for(allowed).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Cache-Control"] == "private, no-store"
    page = client_for(enterprise_member).get(reverse("achievement-detail", args=[listing.pk]))
    assert "term sheet" not in page.content.decode()


def test_uploads_are_not_under_media_url(tto_a, university_a, settings):
    listing = AchievementFactory.create(institution=university_a)
    record = achievement_file_add(
        actor=tto_a,
        achievement=listing,
        upload=SimpleUploadedFile("a.pdf", PDF),
        kind="document",
        is_public=False,
    )
    assert not str(record.file.path).startswith(str(settings.MEDIA_ROOT))


def test_an_oversized_upload_is_refused(tto_a, university_a, settings):
    from django.core.exceptions import ValidationError

    settings.KEQIAO_UPLOAD_MAX_BYTES = 10
    listing = AchievementFactory.create(institution=university_a)
    with pytest.raises(ValidationError, match="too large"):
        achievement_file_add(
            actor=tto_a,
            achievement=listing,
            upload=SimpleUploadedFile("a.pdf", PDF),
            kind="document",
            is_public=True,
        )


def test_a_researcher_files_a_disclosure_through_the_form(client_for, researcher_a, university_a):
    response = client_for(researcher_a).post(
        reverse("disclosure-create"),
        {
            "institution": university_a.pk,
            "title": "Enzyme for PET recycling",
            "abstract": "Breaks down PET at 40 °C.",
            "inventors-TOTAL_FORMS": "2",
            "inventors-INITIAL_FORMS": "0",
            "inventors-0-name": "Researcher A",
            "inventors-0-email": researcher_a.email,
            "inventors-0-share": "70",
            "inventors-1-name": "Student B",
            "inventors-1-share": "30",
            "prior-TOTAL_FORMS": "1",
            "prior-INITIAL_FORMS": "0",
            "prior-0-kind": "paper",
            "prior-0-title": "A PETase variant",
            "prior-0-date": "2025-03-01",
            "submit": "1",
        },
    )
    disclosure = Disclosure.objects.get()
    assert response.status_code == 302
    assert disclosure.status == "submitted"
    assert disclosure.inventors.get(share=70).user == researcher_a
    assert disclosure.prior_disclosures.get().title == "A PETase variant"


def test_shares_off_by_ten_are_named_on_the_form(client_for, researcher_a, university_a):
    response = client_for(researcher_a).post(
        reverse("disclosure-create"),
        {
            "institution": university_a.pk,
            "title": "X",
            "abstract": "Y",
            "inventors-TOTAL_FORMS": "1",
            "inventors-INITIAL_FORMS": "0",
            "inventors-0-name": "A",
            "inventors-0-share": "90",
            "prior-TOTAL_FORMS": "0",
            "prior-INITIAL_FORMS": "0",
            "submit": "1",
        },
    )
    assert response.status_code == 200
    assert "add up to 90%" in response.content.decode()
    assert not Disclosure.objects.exists()  # the draft save rolled back with the failed submit


def test_another_researchers_disclosure_is_not_found(client_for, researcher_a, university_a):
    other = DisclosureFactory.create(institution=university_a, status="submitted")
    assert (
        client_for(researcher_a).get(reverse("disclosure-detail", args=[other.pk])).status_code
        == 404
    )


def test_the_moderation_queue_is_for_moderators(client_for, tto_a, moderator, university_a):
    AchievementFactory.create(institution=university_a, status="submitted", published_at=None)
    assert client_for(tto_a).get(reverse("moderation-queue")).status_code == 403
    response = client_for(moderator).get(
        reverse("moderation-queue"), {"kind": "achievement", "older_than": "1"}
    )
    assert response.status_code == 200


def test_a_moderator_decides_on_the_review_page(client_for, moderator, university_a):
    listing = AchievementFactory.create(
        institution=university_a, status="submitted", published_at=None
    )
    url = reverse("moderation-review", args=["achievement", listing.pk])
    client = client_for(moderator)
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "approve", "reason": ""})
    assert response.status_code == 200  # the reason is required
    client.post(url, {"decision": "approve", "reason": "Complete and accurate"})
    listing.refresh_from_db()
    assert listing.status == "published"


def test_a_reader_reports_a_listing_and_the_moderator_sees_it(
    client_for, enterprise_member, moderator, university_a
):
    listing = AchievementFactory.create(institution=university_a)
    client_for(enterprise_member).post(
        reverse("moderation-report", args=["achievement", listing.pk]),
        {"reason": "inaccurate", "details": "The TRL is overstated."},
    )
    page = client_for(moderator).get(reverse("moderation-queue")).content.decode()
    assert "Abuse report" in page


def test_the_history_page_shows_who_did_what(client_for, tto_a, moderator, university_a):
    from achievements.services import achievement_approve, achievement_submit

    listing = AchievementFactory.create(institution=university_a, status="draft", published_at=None)
    achievement_submit(actor=tto_a, achievement=listing)
    achievement_approve(actor=moderator, target=listing, reason="Well documented")
    html = client_for(tto_a).get(reverse("achievement-history", args=[listing.pk])).content.decode()
    assert "Well documented" in html
    assert "Submitted for review" in html


def test_the_import_pages_upload_check_and_poll(
    client_for, tto_a, university_a, django_capture_on_commit_callbacks
):
    client = client_for(tto_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("import-start"),
            {
                "institution": university_a.pk,
                "file": csv_file([{"external_id": "A1", "title_en": "One", "trl": "11"}]),
            },
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("import-job", args=[job.pk])).content.decode()
    assert "must be a whole number from 1 to 9" in page
    status = client.get(reverse("import-status", args=[job.pk])).json()
    assert status["status"] == "checked"
    assert client.get(reverse("import-errors", args=[job.pk])).status_code == 200


def test_another_tto_cannot_see_an_import_job(client_for, tto_a, tto_b, university_a):
    client_for(tto_a).post(
        reverse("import-start"),
        {
            "institution": university_a.pk,
            "file": csv_file([{"external_id": "A1", "title_en": "x"}]),
        },
    )
    job = ImportJob.objects.get()
    assert client_for(tto_b).get(reverse("import-job", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "jsonl"])
def test_export_downloads_in_each_format(client_for, tto_a, university_a, file_format):
    AchievementFactory.create(institution=university_a, external_id="X1")
    response = client_for(tto_a).get(reverse("achievement-export"), {"format": file_format})
    assert response.status_code == 200
    assert f".{file_format}" in response["Content-Disposition"]


def test_the_editor_of_a_published_listing_shows_the_pending_changes(
    client_for, tto_a, university_a, enterprise_member
):
    from achievements.services import achievement_save

    listing = AchievementFactory.create(institution=university_a, title_en="Live title")
    achievement_save(actor=tto_a, achievement=listing, values={"title_en": "Proposed title"})

    editor = client_for(tto_a).get(reverse("achievement-edit", args=[listing.pk])).content.decode()
    assert 'value="Proposed title"' in editor
    public = client_for(enterprise_member).get(reverse("achievement-detail", args=[listing.pk]))
    assert "Proposed title" not in public.content.decode()
    assert "Live title" in public.content.decode()


def test_a_disclosure_attachment_reaches_only_the_people_who_see_the_disclosure(
    client_for, researcher_a, tto_a, tto_b, moderator, university_a
):
    from achievements.services import disclosure_attachment_add, disclosure_submit
    from achievements.tests.factories import DisclosureInventorFactory

    disclosure = DisclosureFactory.create(
        institution=university_a, submitter=researcher_a, status="draft"
    )
    DisclosureInventorFactory.create(disclosure=disclosure)
    attachment = disclosure_attachment_add(
        actor=researcher_a, disclosure=disclosure, upload=SimpleUploadedFile("lab notes.pdf", PDF)
    )
    disclosure_submit(actor=researcher_a, disclosure=disclosure)
    url = reverse("disclosure-attachment", args=[disclosure.pk, attachment.pk])
    for allowed in (researcher_a, tto_a):
        response = client_for(allowed).get(url)
        assert response.status_code == 200
        assert 'filename="lab notes.pdf"' in response["Content-Disposition"]
    for refused in (tto_b, moderator, None):
        assert client_for(refused).get(url).status_code == 404


def test_a_disclosure_attachment_cannot_be_added_after_submission(researcher_a, university_a):
    from achievements.services import disclosure_attachment_add
    from moderation.workflow import TransitionNotAllowed

    disclosure = DisclosureFactory.create(institution=university_a, submitter=researcher_a)
    with pytest.raises(TransitionNotAllowed):
        disclosure_attachment_add(
            actor=researcher_a, disclosure=disclosure, upload=SimpleUploadedFile("x.pdf", PDF)
        )
