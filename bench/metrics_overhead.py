"""Measure what the metrics cost: throughput with and without them, and scrape time.

Usage: .venv/bin/python bench/metrics_overhead.py [--pairs 5] [--seconds 5]

Throughput: the v2 category read, served from the cache (the benchmark turns
the attribute cache on), under gunicorn (2 sync workers) driven by
wrk on loopback, with all metrics on against the same app with
METRICS_ENABLED=0 (no request middleware, no database or cache wrappers),
as interleaved pairs; the overhead is the median of the pairs, both in
requests per second and in worker CPU time per request (utime + stime of the
workers over the run, divided by the requests wrk completed), which a busy
machine disturbs far less than wall-clock throughput. Scrape time:
/metrics with 4 workers after traffic has populated the series. Needs wrk
(apt-get install wrk). Uses DATABASE_URL and REDIS_URL when set, otherwise a
fresh SQLite file and the in-process cache.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = """
from attributes_v1.models import CategoryAttribute, CategoryAttributeMapping
from flags.changes import control_set
from marketplace.models import Category
# The read under test is the hot one: the category answer from the cache.
control_set(
    "ATTRIBUTES_CACHE_ENABLED", True, actor="bench", source="command", reason="bench"
)
category, created = Category.objects.get_or_create(
    slug="cars-bench", defaults={"name": "Cars"}
)
for n in range(12 if created else 0):
    attribute = CategoryAttribute.objects.create(
        name=f"bench_{n}", display_name=f"Bench {n}", attribute_type="text"
    )
    CategoryAttributeMapping.objects.create(category=category, attribute=attribute)
print(category.pk)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class Gunicorn:
    """A gunicorn started with config/gunicorn.py, stopped on exit."""

    def __init__(self, env: dict[str, str], workers: int, metrics: bool) -> None:
        self.port = free_port()
        self.multiproc = tempfile.mkdtemp(prefix="bench-multiproc-")
        self.env = {
            **env,
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
            "METRICS_ENABLED": "1" if metrics else "0",
            "PROMETHEUS_MULTIPROC_DIR": self.multiproc,
            "LOG_LEVEL": "ERROR",
        }
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/health/live", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def cpu_seconds(self) -> float:
        """Return the CPU time the workers have used so far."""
        master = self.process.pid
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        total = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url: str, seconds: int) -> tuple[float, int]:
    """Return the requests per second and the number of requests completed."""
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rate, int(re.search(r"(\d+) requests in", out).group(1))


def throughput_pairs(env, path: str, pairs: int, seconds: int) -> list[tuple]:
    results = []
    for n in range(pairs):
        # Alternate which side runs first, so drift in machine load is shared.
        order = (True, False) if n % 2 == 0 else (False, True)
        rate, cpu = {}, {}
        for metrics in order:
            with Gunicorn(env, workers=2, metrics=metrics) as server:
                wrk(server.url + path, 1)  # warm-up: imports, connections
                used = server.cpu_seconds()
                rate[metrics], requests = wrk(server.url + path, seconds)
                cpu[metrics] = (server.cpu_seconds() - used) / requests
        overhead = 1 - rate[True] / rate[False]
        cpu_overhead = 1 - cpu[False] / cpu[True]
        results.append((overhead, cpu_overhead))
        print(
            f"pair {n + 1}: on {rate[True]:7.1f} req/s {cpu[True] * 1000:5.2f} ms CPU"
            f"   off {rate[False]:7.1f} req/s {cpu[False] * 1000:5.2f} ms CPU"
            f"   overhead {overhead:6.1%} (throughput) {cpu_overhead:6.1%} (CPU)",
            flush=True,
        )
    return results


def populate(url: str, category_id: int) -> None:
    paths = [
        f"/api/v1/marketplace/categories/{category_id}/attributes",
        f"/api/v2/marketplace/categories/{category_id}/attributes",
        "/api/v1/marketplace/listings/1/attributes",
        "/api/v2/marketplace/listings/1/attributes",
        "/api/v2/marketplace/categories/999999/attributes",
        "/health/live",
        "/health/ready",
        "/no-such-page",
    ]
    for _ in range(20):
        for path in paths:
            for method in ("GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD"):
                request = urllib.request.Request(url + path, method=method)
                try:
                    urllib.request.urlopen(request, timeout=10).read()
                except urllib.error.HTTPError:
                    pass


def scrape_times(env, category_id: int, scrapes: int) -> tuple[list[float], int]:
    with Gunicorn(env, workers=4, metrics=True) as server:
        populate(server.url, category_id)
        timings = []
        for _ in range(scrapes):
            started = time.perf_counter()
            with urllib.request.urlopen(server.url + "/metrics", timeout=10) as r:
                body = r.read()
            timings.append(time.perf_counter() - started)
        series = sum(
            1 for line in body.decode().splitlines() if line and line[0] != "#"
        )
    return timings, series


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--scrapes", type=int, default=50)
    args = parser.parse_args()

    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if "DATABASE_URL" not in env:
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        env["REDIS_URL"] = ""
    manage(env, "migrate", "--no-input")
    category_id = int(manage(env, "shell", "-c", SEED).strip().splitlines()[-1])
    path = f"/api/v2/marketplace/categories/{category_id}/attributes"

    print(
        f"database: {env['DATABASE_URL'].split('@')[-1]}  cache: "
        f"{'redis' if env.get('REDIS_URL') else 'in-process'}"
    )
    print(f"throughput of GET {path}, 2 sync workers, wrk -t2 -c8 -d{args.seconds}s")
    pairs = throughput_pairs(env, path, args.pairs, args.seconds)
    columns = zip(*pairs, strict=True)
    for name, overheads in zip(("throughput", "CPU per request"), columns, strict=True):
        print(
            f"median overhead, {name}: {statistics.median(overheads):.1%} "
            f"(pairs ranged {min(overheads):.1%} .. {max(overheads):.1%})"
        )

    timings, series = scrape_times(env, category_id, args.scrapes)
    timings.sort()
    print(
        f"/metrics with 4 workers, {series} samples: median "
        f"{statistics.median(timings) * 1000:.1f} ms, p95 "
        f"{timings[int(len(timings) * 0.95) - 1] * 1000:.1f} ms, max "
        f"{timings[-1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
