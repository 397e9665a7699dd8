"""English and Simplified Chinese: the switcher, the remembered preference, complete catalogues."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_switching_to_chinese_translates_the_page(anonymous_client):
    response = anonymous_client.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/"}, follow=True
    )
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "已发布成果" in html  # "published achievements"


def test_a_signed_in_users_choice_is_saved_to_their_profile(client_for, tto_a):
    client = client_for(tto_a)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    tto_a.refresh_from_db()
    assert tto_a.preferred_language == "zh-hans"


def test_the_saved_preference_applies_on_a_new_browser(client_for, tto_a):
    tto_a.preferred_language = "zh-hans"
    tto_a.save()
    html = client_for(tto_a).get(reverse("dashboard")).content.decode()
    assert '<html lang="zh-hans">' in html


def test_an_unknown_language_is_ignored(anonymous_client):
    response = anonymous_client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in anonymous_client.get("/").content.decode()


def test_the_chinese_catalogue_is_complete_and_compiled():
    catalogue = polib.pofile(str(LOCALE / "django.po"))
    assert not catalogue.fuzzy_entries()
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    with (LOCALE / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if not entry.msgid_plural
        and not entry.msgctxt
        and translations.gettext(entry.msgid) != entry.msgstr
    ]
    assert stale == [], "django.mo is stale: run manage.py compilemessages"
