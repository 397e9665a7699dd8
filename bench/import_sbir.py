"""Benchmark: import the SBIR awards (≈58k real records) through the bulk importer.

    DATABASE_URL=postgres://… .venv/bin/python bench/import_sbir.py \
        ../shared/data/sbir_awards.jsonl.gz

Each run starts from an empty benchmark institution and times three phases through the same
service functions the web page uses (tasks run in-process):
  check    upload + dry run (parse, validate, plan every row; writes only the job row)
  import   the confirmed import: batched upsert of every row in one transaction
  re-import the same file again: every row "unchanged", nothing written
It prints rows/second per phase (median of --runs) and, with --write, appends a section to
docs/benchmarks.md. The benchmark institution and its listings are deleted afterwards.

Mapping of an SBIR award to the import columns (documented in docs/import.md):
  id → external_id; title → title_en; abstract → summary_en; agency, sub_agency, program and
  phase → keywords; firm, agency, program/phase and year → a description sentence;
  Phase I → development_stage "concept", Phase II → "laboratory"; transfer_modes
  "technical-service" (the awardee performs the work); price negotiable.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "true")


def sbir_to_row(award: dict) -> dict:
    phase = award.get("phase") or ""
    agency = award.get("agency") or ""
    sub_agency = award.get("sub_agency") or ""
    keywords = [k for k in (agency, sub_agency, award.get("program"), phase) if k]
    firm = award.get("firm") or "an unnamed firm"
    description = (
        f"SBIR award to {firm} from {agency}"
        + (f" ({sub_agency})" if sub_agency else "")
        + f", {award.get('program') or 'SBIR'} {phase}, {award.get('year')}."
    )
    return {
        "external_id": award["id"],
        "title_en": (award.get("title") or award["id"])[:300],
        "summary_en": award.get("abstract") or "",
        "description": description,
        "keywords": [k[:60] for k in keywords],
        "development_stage": "laboratory" if phase == "Phase II" else "concept",
        "transfer_modes": ["technical-service"],
        "price_negotiable": True,
    }


def convert(source: Path, target: Path, limit: int | None) -> int:
    count = 0
    with (
        gzip.open(source, "rt", encoding="utf-8") as lines,
        target.open("w", encoding="utf-8") as out,
    ):
        for line in lines:
            out.write(json.dumps(sbir_to_row(json.loads(line)), ensure_ascii=False) + "\n")
            count += 1
            if limit and count >= limit:
                break
    return count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", type=Path, help="sbir_awards.jsonl.gz")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=None, help="only the first N records")
    parser.add_argument(
        "--write", action="store_true", help="append the result to docs/benchmarks.md"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.files import File

    from accounts.models import Membership, Organization, User
    from achievements.models import Achievement, ImportJob
    from achievements.services.imports import import_job_confirm, import_job_create

    with tempfile.TemporaryDirectory() as folder:
        converted = Path(folder) / "sbir.jsonl"
        rows = convert(args.source, converted, args.limit)
        print(
            f"{rows} SBIR awards converted to import rows ({converted.stat().st_size / 1e6:.0f} MB)"
        )

        institution, _ = Organization.objects.get_or_create(
            slug="bench-sbir",
            defaults={
                "kind": "research-institute",
                "name_en": "SBIR benchmark",
                "region": "international",
            },
        )
        user, _ = User.objects.get_or_create(email="bench-sbir@example.invalid")
        Membership.objects.get_or_create(
            user=user,
            organization=institution,
            defaults={"role": "tto_officer", "status": "active"},
        )
        timings: dict[str, list[float]] = {"check": [], "import": [], "re-import": []}

        def one_job(phase_check: str, phase_import: str) -> ImportJob:
            with converted.open("rb") as handle:
                started = time.perf_counter()
                job = import_job_create(
                    actor=user, institution=institution, upload=File(handle, name="sbir.jsonl")
                )
                if phase_check:
                    timings[phase_check].append(time.perf_counter() - started)
            job.refresh_from_db()
            if job.status != "checked" or job.error_rows:
                raise SystemExit(f"check failed: {job.status} {job.file_error} {job.errors[:3]}")
            started = time.perf_counter()
            import_job_confirm(actor=user, job=job, skip_errors=False)
            timings[phase_import].append(time.perf_counter() - started)
            job.refresh_from_db()
            if job.status != "done":
                raise SystemExit(f"import failed: {job.file_error}")
            return job

        try:
            for run in range(args.runs):
                Achievement.objects.filter(institution=institution).delete()
                first = one_job("check", "import")
                again = one_job("", "re-import")
                if first.created_count != rows or again.unchanged_count != rows:
                    raise SystemExit(
                        f"expected {rows} created then unchanged, got "
                        f"{first.created_count} and {again.unchanged_count}"
                    )
                print(
                    f"run {run + 1}: check {timings['check'][-1]:.1f}s, "
                    f"import {timings['import'][-1]:.1f}s, "
                    f"re-import {timings['re-import'][-1]:.1f}s"
                )
        finally:
            Achievement.objects.filter(institution=institution).delete()
            for job in ImportJob.objects.filter(institution=institution):
                job.source.delete(save=False)
                if job.report:
                    job.report.delete(save=False)
            ImportJob.objects.filter(institution=institution).delete()

    medians = {phase: statistics.median(values) for phase, values in timings.items()}
    lines = [
        f"| {phase} | {medians[phase]:.1f} s | {rows / medians[phase]:,.0f} rows/s |"
        for phase in timings
    ]
    end_to_end = medians["check"] + medians["import"]
    lines.append(
        f"| check + import (end to end) | {end_to_end:.1f} s | {rows / end_to_end:,.0f} rows/s |"
    )
    table = "\n".join(["| phase | median | rate |", "|---|---:|---:|", *lines])
    print(table)
    if args.write:
        command = "DATABASE_URL=… .venv/bin/python bench/import_sbir.py " + " ".join(
            sys.argv[1:]
        ).replace(" --write", "")
        section = (
            f"\n## Bulk import: SBIR awards ({time.strftime('%Y-%m-%d')})\n\n"
            f"`{command}`\n\n{rows:,} rows, median of {args.runs} runs, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"PostgreSQL on the same machine.\n\n{table}\n"
        )
        with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as out:
            out.write(section)


if __name__ == "__main__":
    main()
