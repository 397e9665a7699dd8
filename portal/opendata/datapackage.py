"""A dated dump of the open data with its Frictionless Data descriptor (datapackage.json).

All tables are read in one REPEATABLE READ transaction, so they are one consistent snapshot and
every foreign key (an achievement's institution…) finds its row in organizations.csv.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from portal.opendata.registry import tables
from portal.opendata.writers import csv_chunks

# Open Definition licence ids (https://licenses.opendefinition.org/) we know a title and URL for.
KNOWN_LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC0-1.0": (
        "Creative Commons CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "ODC-BY-1.0": (
        "Open Data Commons Attribution License 1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
    "ODbL-1.0": (
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
}


def licence() -> dict[str, str]:
    name: str = settings.OPEN_DATA_LICENSE
    title, path = KNOWN_LICENCES.get(name, (name, ""))
    return {"name": name, "title": title, **({"path": path} if path else {})}


def descriptor(resources: list[dict[str, Any]], *, created: dt.datetime | None) -> dict[str, Any]:
    """The package descriptor; `created` and `version` (its date) only for a dated dump."""
    package = {
        "profile": "tabular-data-package",
        "name": "keqiao-open-data",
        "title": "Keqiao 科桥 open data",
        "description": (
            "Everything public on the Keqiao technology-transfer portal: published research "
            "achievements, published technology needs, public expert profiles and the "
            "organisation directory."
        ),
        "homepage": settings.SITE_URL,
        "licenses": [licence()],
        "sources": [{"title": "Keqiao 科桥 technology-transfer portal", "path": settings.SITE_URL}],
        "resources": resources,
    }
    if created is not None:
        package["version"] = timezone.localdate(created).isoformat()
        package["created"] = created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return package


def write_dump(directory: Path, *, today: dt.date | None = None) -> Path:
    """Writes DIRECTORY/keqiao-open-data-YYYY-MM-DD/ (CSV files + datapackage.json)."""
    created = timezone.now()
    day = today or timezone.localdate(created)
    target = directory / f"keqiao-open-data-{day.isoformat()}"
    target.mkdir(parents=True, exist_ok=True)
    resources = []
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:  # (inside a test's transaction the snapshot is already the test's)
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for table in tables().values():
            path = target / f"{table.name}.csv"
            digest, size = hashlib.sha256(), 0
            with path.open("wb") as out:
                for chunk in csv_chunks(table):
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
            resources.append(
                {
                    "name": table.name,
                    "title": table.title,
                    "description": table.description,
                    "path": path.name,
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "bytes": size,
                    "hash": f"sha256:{digest.hexdigest()}",
                    "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
                    "schema": table.schema(),
                }
            )
    (target / "datapackage.json").write_text(
        json.dumps(descriptor(resources, created=created), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    return target
