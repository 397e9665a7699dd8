"""API benchmark: the DRF endpoints against a minimal Django view, on gunicorn, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keqiao_api_bench \\
        .venv/bin/python bench/api_bench.py [--port 8114] [--workers 2] [--requests 400]

Needs a database filled by bench/seed_bench_data.py. Starts gunicorn (sync workers) with
bench.settings, checks that the API and the minimal view (bench/minimal.py) answer with the same
results, then for each scenario — list page 1, list at a cursor 200,000 rows deep, one listing —
measures latency (sequential requests, the two paths interleaved so they share the machine's
noise) and sustained throughput (several client threads for a few seconds each, alternating).
Prints a Markdown table; --write appends it to docs/benchmarks.md. Stops gunicorn at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def deep_cursor(depth: int) -> tuple[str, int]:
    """A next-page cursor positioned `depth` rows into the public list, and an id to fetch."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser

    from achievements.models import Achievement
    from portal import keyset

    queryset = Achievement.objects.visible_to(AnonymousUser()).order_by("-published_at")
    keys = keyset.ordering_of(queryset)
    row = queryset.order_by(*(k.order_by() for k in keys))[depth - 1 : depth].get()
    cursor = keyset.encode_cursor(keys, [getattr(row, k.name) for k in keys], backwards=False)
    return cursor, row.pk


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str) -> tuple[int, bytes, float]:
        started = time.perf_counter()
        try:
            self.connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = self.connection.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # sync workers close after each answer: reconnect once
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = self.connection.getresponse()
            body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status} {body[:300]!r}")
        return response.status, body, elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def latency(port: int, paths: dict[str, str], count: int) -> dict[str, list[float]]:
    client = Client(port)
    timings: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(count):
        for name, path in paths.items():  # interleaved: both paths see the same noise
            timings[name].append(client.get(path)[2] * 1000)
    return timings


def worker_cpu_seconds(master: int) -> float:
    """User + system CPU time of gunicorn's workers so far (Linux /proc)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    ticks = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def throughput(port: int, path: str, threads: int, seconds: float) -> tuple[float, int]:
    done, stop = [0] * threads, time.perf_counter() + seconds

    def work(slot: int) -> None:
        client = Client(port)
        while time.perf_counter() < stop:
            client.get(path)
            done[slot] += 1

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / (time.perf_counter() - started), sum(done)


def start_gunicorn(port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        # The throttle still runs (and costs what it costs); it just never refuses.
        "API_RATE_ANON": "100000000/minute",
        "API_RATE_USER": "100000000/minute",
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            Client(port).get("/healthz")
            return process
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def same_results(port: int, api: str, minimal: str) -> None:
    client = Client(port)
    a, b = json.loads(client.get(api)[1]), json.loads(client.get(minimal)[1])
    if "results" in a:
        a, b = a["results"], b["results"]
    if a != b:
        raise SystemExit(f"{api} and {minimal} differ:\n{a}\n{b}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8114)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=400, help="per path, for latency")
    parser.add_argument("--threads", type=int, default=4, help="client threads, throughput")
    parser.add_argument("--seconds", type=float, default=5, help="per throughput round")
    parser.add_argument("--depth", type=int, default=200_000)
    parser.add_argument("--write", action="store_true", help="append to docs/benchmarks.md")
    options = parser.parse_args()

    cursor, detail_id = deep_cursor(options.depth)
    scenarios = {
        "list, page 1": ("/api/v1/achievements/", "/bench/minimal/achievements/"),
        f"list, {options.depth:,} rows deep": (
            f"/api/v1/achievements/?cursor={cursor}",
            f"/bench/minimal/achievements/?cursor={cursor}",
        ),
        "one listing": (
            f"/api/v1/achievements/{detail_id}/",
            f"/bench/minimal/achievements/{detail_id}/",
        ),
    }
    server = start_gunicorn(options.port, options.workers)
    try:
        rows = []
        for name, (api, minimal) in scenarios.items():
            same_results(options.port, api, minimal)
            latency(options.port, {"api": api, "minimal": minimal}, 50)  # warm up
            timings = latency(options.port, {"api": api, "minimal": minimal}, options.requests)
            rates: dict[str, list[float]] = {"api": [], "minimal": []}
            cpu: dict[str, list[float]] = {"api": [], "minimal": []}
            for _round in range(2):
                for which, path in (("api", api), ("minimal", minimal)):
                    before = worker_cpu_seconds(server.pid)
                    rate, count = throughput(options.port, path, options.threads, options.seconds)
                    rates[which].append(rate)
                    cpu[which].append((worker_cpu_seconds(server.pid) - before) * 1000 / count)
            row: dict[str, Any] = {"scenario": name}
            for which in ("api", "minimal"):
                row[f"{which}_p50"] = statistics.median(timings[which])
                row[f"{which}_p95"] = percentile(timings[which], 0.95)
                row[f"{which}_rps"] = statistics.mean(rates[which])
                row[f"{which}_cpu"] = statistics.mean(cpu[which])
            rows.append(row)
            print(json.dumps(row), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    table = report(rows, options)
    print(table)
    if options.write:
        with (ROOT / "docs" / "benchmarks.md").open("a", encoding="utf-8") as out:
            out.write("\n" + table)


def report(rows: list[dict[str, Any]], options: argparse.Namespace) -> str:
    database = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/")
    lines = [
        f"### API: DRF path against a minimal Django view ({time.strftime('%Y-%m-%d')})",
        "",
        f"`DATABASE_URL=…/{database} .venv/bin/python bench/api_bench.py "
        f"--workers {options.workers} --requests {options.requests} --threads {options.threads}"
        f" --seconds {options.seconds:g}` — gunicorn, {options.workers} sync workers, "
        f"{platform.machine()} with {os.cpu_count()} cores shared with the client and "
        "PostgreSQL. Latency: sequential requests, p50/p95 in ms, over "
        f"{options.requests} requests per path. Throughput: {options.threads} client threads, "
        f"two rounds of {options.seconds:g} s per path, alternating. CPU: gunicorn workers' "
        "user+system time per request (ms) in those rounds — the figure least disturbed by "
        "other work on the machine; 1000 ÷ it is the requests per second one core sustains.",
        "",
        "| scenario | API p50 | API p95 | minimal p50 | minimal p95 | p95 API÷minimal "
        "| API req/s | minimal req/s | req/s minimal÷API | API CPU | minimal CPU "
        "| CPU API÷minimal |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scenario']} | {r['api_p50']:.1f} | {r['api_p95']:.1f} "
            f"| {r['minimal_p50']:.1f} | {r['minimal_p95']:.1f} "
            f"| {r['api_p95'] / r['minimal_p95']:.2f}× "
            f"| {r['api_rps']:.0f} | {r['minimal_rps']:.0f} "
            f"| {r['minimal_rps'] / r['api_rps']:.2f}× "
            f"| {r['api_cpu']:.1f} | {r['minimal_cpu']:.1f} "
            f"| {r['api_cpu'] / r['minimal_cpu']:.2f}× |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
