"""Open data: streamed CSV and JSON Lines of everything public, and the dated dump."""

import csv
import hashlib
import io
import json
import re
import tracemalloc

import pytest
from django.core.management import call_command
from django.http import StreamingHttpResponse
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory
from achievements.models import Achievement
from achievements.tests.factories import AchievementFactory
from experts.models import Expert
from experts.tests.factories import ExpertFactory
from needs.tests.factories import NeedFactory
from portal.models import Field
from portal.opendata.registry import tables
from portal.opendata.writers import CHUNK_BYTES

pytestmark = pytest.mark.django_db

DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@pytest.fixture
def public_world(university_a, enterprise):
    listing = AchievementFactory.create(
        institution=university_a,
        title_en='Separator, "safe" edition',
        keywords=["battery", "隔膜"],
        transfer_modes=["assignment"],
        price_negotiable=False,
        price_min=150000,
    )
    listing.fields.set(Field.objects.filter(code__in=["2.5", "2.2"]))
    AchievementFactory.create(
        institution=university_a, status="draft", published_at=None, title_en="Secret draft"
    )
    hidden_org = OrganizationFactory.create(verified=False, slug="hidden-org")
    AchievementFactory.create(
        institution=hidden_org, status="rejected", published_at=None, title_en="Rejected one"
    )
    NeedFactory.create(organization=enterprise)
    NeedFactory.create(organization=enterprise, status="draft", published_at=None)
    ExpertFactory.create(name_en="Public Expert", organization=university_a)
    ExpertFactory.create(name_en="Members Only", visibility=Expert.Visibility.REGISTERED)
    return listing


def streamed(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)  # type: ignore[arg-type]


def test_the_csv_export_has_every_public_row_and_nothing_else(api_client, public_world):
    response = api_client.get("/api/v1/export/achievements.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(streamed(response).decode())))
    assert [row["title_en"] for row in rows] == ['Separator, "safe" edition']
    row = rows[0]
    assert json.loads(row["keywords"]) == ["battery", "隔膜"]
    assert sorted(json.loads(row["fields"])) == ["2.2", "2.5"]
    assert row["institution"] == "university-a"
    assert row["price_negotiable"] == "false"
    assert row["price_min"] == "150000.00"
    assert DATETIME.fullmatch(row["published_at"])
    assert row["url"].endswith(f"/achievements/{public_world.pk}/")


def test_the_json_lines_export_has_native_types(api_client, public_world):
    response = api_client.get("/api/v1/export/achievements.jsonl")
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    lines = streamed(response).decode().splitlines()
    assert len(lines) == 1
    row = json.loads(lines[0])
    assert row["keywords"] == ["battery", "隔膜"]
    assert row["price_min"] == 150000
    assert row["trl"] == 5


@pytest.mark.parametrize(
    ("table", "present", "absent"),
    [
        ("needs", 1, "draft"),
        ("experts", "Public Expert", "Members Only"),
        ("organizations", "university-a", "hidden-org"),
    ],
)
def test_the_other_tables_hold_only_public_rows(api_client, public_world, table, present, absent):
    body = streamed(api_client.get(f"/api/v1/export/{table}.jsonl")).decode()
    rows = [json.loads(line) for line in body.splitlines()]
    text = json.dumps(rows, ensure_ascii=False)
    assert (len(rows) == present) if isinstance(present, int) else (present in text)
    assert absent not in text


def test_the_export_streams_in_bounded_chunks_from_a_server_side_cursor(
    api_client, university_a, django_assert_max_num_queries
):
    bulk_achievements(university_a, 5000)
    response = api_client.get("/api/v1/export/achievements.csv")
    chunks = list(response.streaming_content)
    assert len(chunks) > 10
    assert max(len(chunk) for chunk in chunks) <= 4 * CHUNK_BYTES + 8192  # 4 bytes per char max
    assert sum(chunk.count(b"\r\n") for chunk in chunks) == 5001  # header + rows


def bulk_achievements(institution, count):
    now = timezone.now()
    Achievement.objects.bulk_create(
        Achievement(
            institution=institution,
            title_en=f"Bulk listing {n}",
            title_zh=f"批量成果{n}",
            summary_en="A summary of a reasonable length for an exported row. " * 4,
            status="published",
            published_at=now,
            trl=1 + n % 9,
        )
        for n in range(count)
    )


def peak_memory_while_streaming(api_client) -> int:
    response = api_client.get("/api/v1/export/achievements.jsonl")
    tracemalloc.start()
    try:
        for _chunk in response.streaming_content:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_table_grows(api_client, university_a, monkeypatch):
    # Small fetches, so that both runs span several of them (a fetch is in memory with the
    # one before it while it is read); memory then depends on the fetch size, not the table.
    monkeypatch.setattr("portal.opendata.tables.CHUNK_ROWS", 250)
    bulk_achievements(university_a, 1000)
    small = peak_memory_while_streaming(api_client)
    bulk_achievements(university_a, 4000)  # five times the rows
    large = peak_memory_while_streaming(api_client)
    assert large < 1.3 * small, (small, large)


def test_the_dump_is_a_valid_data_package(public_world, tmp_path):
    out = io.StringIO()
    call_command("export_open_data", str(tmp_path), stdout=out)
    folder = tmp_path / f"keqiao-open-data-{timezone.localdate().isoformat()}"
    assert out.getvalue().strip() == str(folder)
    package = json.loads((folder / "datapackage.json").read_text())
    assert package["profile"] == "tabular-data-package"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["sources"][0]["path"]
    assert [r["name"] for r in package["resources"]] == list(tables())
    slugs = set()
    for resource in package["resources"]:
        data = (folder / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        rows = list(csv.DictReader(io.StringIO(data.decode())))
        fields = resource["schema"]["fields"]
        assert list(rows[0]) == [field["name"] for field in fields]
        for row in rows:
            for field in fields:
                assert_cell_conforms(row[field["name"]], field)
        if resource["name"] == "organizations":
            slugs = {row["slug"] for row in rows}
        for key in resource["schema"].get("foreignKeys", []):
            assert {row[key["fields"][0]] for row in rows} <= slugs


def assert_cell_conforms(cell: str, field: dict) -> None:
    """The Table Schema rules our writer promises (empty cell = missing value)."""
    if cell == "":
        assert not field.get("constraints", {}).get("required"), field["name"]
        return
    kind = field["type"]
    if kind == "integer":
        int(cell)
    elif kind == "number":
        float(cell)
    elif kind == "boolean":
        assert cell in {"true", "false"}
    elif kind == "datetime":
        assert DATETIME.fullmatch(cell), cell
    elif kind == "array":
        assert isinstance(json.loads(cell), list)
    if "enum" in field.get("constraints", {}):
        assert cell in field["constraints"]["enum"], (field["name"], cell)


def test_the_live_descriptor_points_at_the_csv_exports(api_client, public_world):
    package = api_client.get("/api/v1/export/datapackage.json").json()
    paths = [resource["path"] for resource in package["resources"]]
    assert paths[1] == "http://testserver/api/v1/export/achievements.csv"
    assert "created" not in package  # it describes live data, not a dated dump
