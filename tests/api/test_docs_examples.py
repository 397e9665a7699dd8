"""Every curl example in docs/api.md runs against a live server and answers as the text says.

An example is a ```sh block with a curl command; the HTML comment after it says what to expect:
<!-- expect: status=200 text="results" --> (the last HTTP status curl saw, and a piece of the
output) or <!-- expect: skip (reason) -->. `$KEQIAO` is the live server's address.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from accounts.services import api_token_create
from accounts.tests.factories import TEST_PASSWORD, OrganizationFactory
from achievements.tests.factories import (
    AchievementFactory,
    DisclosureFactory,
    DisclosureInventorFactory,
    PatentFactory,
)
from experts.tests.factories import ExpertFactory
from needs.tests.factories import NeedFactory
from portal.models import Field

DOC = Path(settings.BASE_DIR) / "docs" / "api.md"
BLOCK = re.compile(r"```sh\n(?P<code>.*?)```\n(?:<!-- expect: (?P<expect>.*?) -->)?", re.S)
STATUS = re.compile(r"__status=(\d{3})")


@dataclass
class Example:
    code: str
    expect: str

    @property
    def skip_reason(self) -> str | None:
        return (
            self.expect.removeprefix("skip").strip(" ()")
            if self.expect.startswith("skip")
            else None
        )

    @property
    def status(self) -> str | None:
        found = re.search(r"status=(\d{3})", self.expect)
        return found.group(1) if found else None

    @property
    def text(self) -> str | None:
        found = re.search(r'text="([^"]*)"', self.expect)
        return found.group(1) if found else None


def examples() -> list[Example]:
    found = [
        Example(match["code"], match["expect"] or "")
        for match in BLOCK.finditer(DOC.read_text(encoding="utf-8"))
        if "curl " in match["code"]
    ]
    return found


def test_the_guide_has_examples_and_says_what_each_should_answer():
    assert len(examples()) >= 10
    assert all(example.expect for example in examples()), "an example has no <!-- expect: -->"


@pytest.fixture
def documented_world(university_a, enterprise, tto_a, researcher_a, moderator, enterprise_member):
    """What the guide's examples name: institution 1 (University A), published listings 1–3, a
    draft listing 4 and a submitted listing 5 of it, a submitted disclosure 1."""
    fields = list(Field.objects.filter(code__in=["2.5", "2.2"]))
    for n in range(3):
        listing = AchievementFactory.create(
            institution=university_a,
            trl=4 + n,
            transfer_modes=["exclusive-licence"],
        )
        listing.fields.set(fields)
        PatentFactory.create(achievement=listing)
    AchievementFactory.create(institution=university_a, status="draft", published_at=None)
    AchievementFactory.create(institution=university_a, status="submitted", published_at=None)
    NeedFactory.create(organization=enterprise, title="寻求高安全隔膜技术", region="zhejiang")
    ExpertFactory.create(organization=university_a).fields.set(fields)
    # deals: a listing of another institution, for the guide's officer to ask about.
    AchievementFactory.create(
        institution=OrganizationFactory.create(name_en="University D", slug="university-d")
    )
    disclosure = DisclosureFactory.create(
        institution=university_a, submitter=researcher_a, status="submitted"
    )
    DisclosureInventorFactory.create(disclosure=disclosure, user=researcher_a, share=100)
    return {
        "KEQIAO_TOKEN": api_token_create(user=tto_a, name="guide")[1],
        "RESEARCHER_TOKEN": api_token_create(user=researcher_a, name="guide")[1],
        "MODERATOR_TOKEN": api_token_create(user=moderator, name="guide")[1],
        "ENTERPRISE_TOKEN": api_token_create(user=enterprise_member, name="guide")[1],
    }


@pytest.mark.django_db(transaction=True, reset_sequences=True)
@pytest.mark.parametrize("index", range(len(examples())))
def test_the_example_answers_as_documented(index, documented_world, live_server, tmp_path):
    example = examples()[index]
    if example.skip_reason:
        pytest.skip(f"documented example not run: {example.skip_reason}")
    if shutil.which("curl") is None:
        pytest.fail("the documentation examples need curl (apt-get install curl)")
    # Every curl call also tells its status on stderr (unless the example has its own -w).
    (tmp_path / ".curlrc").write_text('write-out = "%{stderr}__status=%{http_code}\\n"\n')
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", example.code],
        cwd=tmp_path,
        env={
            **os.environ,
            "KEQIAO": live_server.url,
            "CURL_HOME": str(tmp_path),
            # The token example signs in as the documented world's TTO officer.
            "KEQIAO_EMAIL": "tto-a@example.org",
            "KEQIAO_PASSWORD": TEST_PASSWORD,
            # The workflow examples act as the officer, a researcher and a moderator.
            **documented_world,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = result.stdout
    assert result.returncode == 0, f"{example.code}\n{result.stderr}\n{output}"
    statuses = STATUS.findall(result.stderr)
    assert not [s for s in statuses if s.startswith("5")], output
    if example.status:
        assert statuses, result.stderr
        assert statuses[-1] == example.status, output
    if example.text:
        assert example.text in output, output
