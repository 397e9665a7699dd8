"""Open-data export: memory while streaming the achievements table, row count by row count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keqiao_api_bench \\
        .venv/bin/python bench/export_bench.py [--format csv|jsonl] [--write]

Streams /api/v1/export/achievements.<format> through the view's own code path (the same
writer, the same server-side cursor in its own transaction) inside this process, and prints the
process's resident memory (VmRSS) and peak (VmHWM) after 10k, 100k, 500k rows and at the end,
with the rows per second. Flat memory means the figures stop growing after the first fetch.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)


def memory() -> tuple[float, float]:
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    parser.add_argument("--write", action="store_true", help="append to docs/benchmarks.md")
    options = parser.parse_args()

    import django

    django.setup()
    from django.test import RequestFactory

    from portal.api.views import ExportView

    checkpoints = [10_000, 100_000, 500_000]
    before = memory()
    request = RequestFactory(HTTP_HOST="127.0.0.1").get(
        f"/api/v1/export/achievements.{options.format}"
    )
    response = ExportView.as_view()(request, table="achievements", file_format=options.format)
    rows, size, largest, lines = [], 0, 0, 0
    started = time.perf_counter()
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        size += len(chunk)
        largest = max(largest, len(chunk))
        lines += chunk.count(b"\n")
        while checkpoints and lines >= checkpoints[0]:
            rows.append((checkpoints.pop(0), *memory()))
    elapsed = time.perf_counter() - started
    rows.append((lines - (1 if options.format == "csv" else 0), *memory()))

    out = [
        f"### Open-data export: achievements.{options.format} ({time.strftime('%Y-%m-%d')})",
        "",
        f"`.venv/bin/python bench/export_bench.py --format {options.format}` against the "
        f"benchmark database: {size / 1e6:.0f} MB in {elapsed:.0f} s "
        f"({rows[-1][0] / elapsed:,.0f} rows/s), largest chunk {largest / 1024:.0f} KiB. "
        f"Process memory before the first row: RSS {before[0]:.0f} MiB.",
        "",
        "| rows streamed | RSS (MiB) | peak RSS (MiB) |",
        "|---|---|---|",
        *(f"| {count:,} | {rss:.0f} | {peak:.0f} |" for count, rss, peak in rows),
        "",
    ]
    print("\n".join(out))
    if options.write:
        with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as handle:
            handle.write("\n" + "\n".join(out))


if __name__ == "__main__":
    main()
