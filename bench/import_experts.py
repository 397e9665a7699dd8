"""Benchmark: import expert profiles a TTO keeps through the bulk importer (kind "experts").

    DATABASE_URL=postgres://… .venv/bin/python bench/import_experts.py --rows 10000

Synthetic but realistic rows (bilingual names, expertise, fields, a paragraph of biography).
Each run starts from an empty benchmark institution and times, through the same service
functions the import page uses (tasks run in-process):
  check     upload + dry run (parse, validate, plan every row)
  import    the confirmed import: every row creates a profile, in one transaction
  re-import the same file again: every row "unchanged", nothing written
  update    a file in which every row changes its title
The benchmark institution, its profiles and its jobs are deleted afterwards.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")

FIELDS = ["1.4", "2.2", "2.5", "2.6", "3.2", "5.2"]
TOPICS = ["电池", "membranes", "机器视觉", "catalysis", "biomaterials", "储能", "licensing"]


def expert_row(n: int, title: str) -> dict[str, str]:
    topic = TOPICS[n % len(TOPICS)]
    return {
        "external_id": f"BENCH-{n:06d}",
        "name_zh": f"专家{n}",
        "name_en": f"Expert {n}",
        "title": title,
        "keywords": f"{topic}; {TOPICS[(n + 3) % len(TOPICS)]}",
        "fields": f"{FIELDS[n % len(FIELDS)]}; {FIELDS[(n + 1) % len(FIELDS)]}",
        "bio": f"Twenty years of work on {topic}; advises on scale-up. 研究方向：{topic}。",
        "languages": "zh-hans; en",
        "available_for_evaluation": "yes",
        "visibility": "public",
    }


def write_csv(path: Path, rows: int, title: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(expert_row(1, title)))
        writer.writeheader()
        writer.writerows(expert_row(n, title) for n in range(1, rows + 1))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.files import File

    from accounts.models import Membership, Organization, User
    from achievements.models import ImportJob
    from achievements.services.imports import import_job_confirm, import_job_create
    from experts.models import Expert

    institution, _ = Organization.objects.get_or_create(
        slug="bench-experts",
        defaults={"kind": "university", "name_en": "Expert import benchmark", "region": "zhejiang"},
    )
    user, _ = User.objects.get_or_create(email="bench-experts@example.invalid")
    Membership.objects.get_or_create(
        user=user, organization=institution, defaults={"role": "tto_officer", "status": "active"}
    )
    timings: dict[str, list[float]] = {"check": [], "import": [], "re-import": [], "update": []}

    def job(path: Path, phase_check: str, phase_import: str) -> ImportJob:
        with path.open("rb") as handle:
            started = time.perf_counter()
            created = import_job_create(
                actor=user,
                institution=institution,
                upload=File(handle, name=path.name),
                kind=ImportJob.Kind.EXPERTS,
            )
            if phase_check:
                timings[phase_check].append(time.perf_counter() - started)
        created.refresh_from_db()
        if created.status != "checked" or created.error_rows:
            raise SystemExit(f"check failed: {created.file_error} {created.errors[:3]}")
        started = time.perf_counter()
        import_job_confirm(actor=user, job=created, skip_errors=False)
        timings[phase_import].append(time.perf_counter() - started)
        created.refresh_from_db()
        if created.status != "done":
            raise SystemExit(f"import failed: {created.file_error}")
        return created

    with tempfile.TemporaryDirectory() as folder:
        first, changed = Path(folder) / "experts.csv", Path(folder) / "experts-changed.csv"
        write_csv(first, args.rows, "Professor")
        write_csv(changed, args.rows, "Senior Engineer")
        try:
            for run in range(args.runs):
                Expert.objects.filter(managed_by=institution).delete()
                done = job(first, "check", "import")
                again = job(first, "", "re-import")
                updated = job(changed, "", "update")
                counts = (done.created_count, again.unchanged_count, updated.updated_count)
                if counts != (args.rows, args.rows, args.rows):
                    raise SystemExit(f"unexpected counts {counts}")
                print(
                    f"run {run + 1}: "
                    + ", ".join(f"{phase} {values[-1]:.2f}s" for phase, values in timings.items())
                )
        finally:
            Expert.objects.filter(managed_by=institution).delete()
            for old in ImportJob.objects.filter(institution=institution):
                old.source.delete(save=False)
                if old.report:
                    old.report.delete(save=False)
            ImportJob.objects.filter(institution=institution).delete()

    print("| phase | median | rate |\n|---|---:|---:|")
    for phase, values in timings.items():
        median = statistics.median(values)
        print(f"| {phase} | {median:.2f} s | {args.rows / median:,.0f} rows/s |")


if __name__ == "__main__":
    main()
