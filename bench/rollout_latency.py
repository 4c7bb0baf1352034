"""Latency and throughput of the rollout's read and write paths, with wrk.

Runs the app under gunicorn (2 sync workers) on PostgreSQL + Redis and drives
it with wrk on loopback: (a) a constant DRF view, (b) the v2 category read from
the cache, (c) the same read from the unified store uncached, (d) from the
legacy store uncached, writes with and without dual-write, the fallback path,
and the cache hit rate under a Zipf mix of categories. Prints a markdown table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/attrs_bench \\
    REDIS_URL=redis://127.0.0.1:6379/4 .venv/bin/python bench/rollout_latency.py

The database is seeded (idempotently) with categories of 30 attributes written
through both stores; the controls are set through the audited change service.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CATEGORIES = 300
ATTRIBUTES = 60
PER_CATEGORY = 30
LISTINGS = 600
SLUG_PREFIX = "bench-category-"
CATEGORY_PATH = "/api/v2/marketplace/categories/{id}/attributes"
CONSTANT_PATH = "/bench/constant?category={id}"


def wrk_path() -> str:
    """Return wrk's path, installing it with apt-get when missing (says so)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is not installed: trying `apt-get install -y wrk` (needs root)")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=False)
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is required: apt-get install wrk")
    return found


def seed() -> dict:
    """Write the benchmark data through both stores once; return its ids."""
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    from attributes.domain import (
        AttributeDefinition,
        AttributeType,
        CategoryAttribute,
        Option,
    )
    from attributes.stores import legacy_store, unified_store
    from marketplace.models import Category, Listing

    user, _ = User.objects.get_or_create(username="bench", defaults={"is_staff": True})
    token, _ = Token.objects.get_or_create(user=user)
    first = Category.objects.filter(slug=f"{SLUG_PREFIX}0").first()
    if first is None:
        print(f"seeding {CATEGORIES} categories x {PER_CATEGORY} attributes ...")
        definitions = [
            AttributeDefinition(
                id=900_000 + n,
                code=f"bench_attribute_{n}",
                name=f"bench_attribute_{n}",
                display_name=f"Bench attribute {n}",
                attribute_type=AttributeType.SELECT if n % 3 else AttributeType.TEXT,
                options=(
                    tuple(Option(f"choice-{k}", f"Choice {k}") for k in range(4))
                    if n % 3
                    else ()
                ),
                sort_order=n,
            )
            for n in range(ATTRIBUTES)
        ]
        for definition in definitions:
            legacy_store.attribute_save(definition)
            unified_store.attribute_save(definition)
        categories = Category.objects.bulk_create(
            Category(name=f"Bench {n}", slug=f"{SLUG_PREFIX}{n}")
            for n in range(CATEGORIES)
        )
        for n, category in enumerate(categories):
            for k in range(PER_CATEGORY):
                definition = definitions[(n + k) % ATTRIBUTES]
                assignment = CategoryAttribute(
                    category_id=category.pk, attribute=definition, sort_order=k
                )
                legacy_store.category_attribute_save(assignment)
                unified_store.category_attribute_save(assignment)
        Listing.objects.bulk_create(
            Listing(user=user, category=categories[0], title=f"Bench listing {n}")
            for n in range(LISTINGS)
        )
    first = Category.objects.get(slug=f"{SLUG_PREFIX}0")
    category_ids = list(
        Category.objects.filter(slug__startswith=SLUG_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    listing_ids = list(
        Listing.objects.filter(category=first, title__startswith="Bench listing")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    text_attribute = 900_000 + next(
        k % ATTRIBUTES for k in range(PER_CATEGORY) if (k % ATTRIBUTES) % 3 == 0
    )
    return {
        "token": token.key,
        "categories": category_ids,
        "listings": listing_ids,
        "attribute": text_attribute,
    }


def controls(**target: object) -> None:
    """Move the controls to `target` in an order the data-loss check allows."""
    from flags.changes import ControlRefused, control_set

    pending = dict(target)
    while pending:
        progressed = False
        for name, value in list(pending.items()):
            try:
                control_set(
                    name, value, actor="bench", source="command", reason="bench"
                )
            except ControlRefused:
                continue
            del pending[name]
            progressed = True
        if not progressed:
            sys.exit(f"cannot reach controls {target}: refused")


def _lua_list(values: list[int]) -> str:
    return "{" + ",".join(str(v) for v in values) + "}"


def lua_categories(
    ids: list[int], *, zipf: float | None, path: str = CATEGORY_PATH
) -> str:
    """Return a wrk script reading category answers, uniform or Zipf-skewed.

    `path` has `{id}` where the category id goes; the constant view is driven
    by the same script (the id in its query string), so the load generator
    does the same work per request on both sides of the comparison.
    """
    before, after = path.split("{id}")
    weights = [1 / (rank + 1) ** zipf for rank in range(len(ids))] if zipf else None
    cdf = []
    total = 0.0
    for w in weights or [1.0] * len(ids):
        total += w
        cdf.append(total)
    cdf = [c / total for c in cdf]
    return f"""
local ids = {_lua_list(ids)}
local cdf = {{{",".join(f"{c:.8f}" for c in cdf)}}}
math.randomseed(os.time() + tonumber(tostring({{}}):sub(8), 16))
request = function()
  local r = math.random()
  local lo, hi = 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < r then lo = mid + 1 else hi = mid end
  end
  return wrk.format("GET", "{before}" .. ids[lo] .. "{after}")
end
"""


def lua_writes(listings: list[int], attribute: int, token: str) -> str:
    """Return a wrk script upserting one value on a random listing."""
    return f"""
local ids = {_lua_list(listings)}
local n = 0
math.randomseed(os.time() + tonumber(tostring({{}}):sub(8), 16))
request = function()
  n = n + 1
  local id = ids[math.random(#ids)]
  local body = '{{"attributes":[{{"attribute_id":{attribute},'
    .. '"text_value":"w' .. n .. '"}}]}}'
  return wrk.format("POST", "/api/v2/marketplace/listings/" .. id .. "/attributes",
    {{["Content-Type"] = "application/json", ["Authorization"] = "Token {token}"}},
    body)
end
"""


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def run_wrk(wrk: str, url: str, *, seconds: int, connections: int, script: str = ""):
    """Run wrk once; return median ms, p99 ms, requests/s and non-2xx count."""
    args = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    if script:
        args += ["-s", lua.name]
    output = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True
    ).stdout
    os.unlink(lua.name)
    median = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M)[1])
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M)[1])
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return median, p99, rate, int(bad[1]) if bad else 0


class Gunicorn:
    """The app under gunicorn with two sync workers, on a free loopback port."""

    def __init__(self, env: dict) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                "config/gunicorn.py",
            ],
            cwd=ROOT,
            env={**env, "PORT": str(self.port), "WEB_CONCURRENCY": "2"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/bench/constant", timeout=2)
                return
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("gunicorn did not start")
                time.sleep(0.2)

    def stop(self) -> None:
        """Stop gunicorn and wait for it."""
        self.process.terminate()
        self.process.wait(timeout=30)


def cache_counts(multiproc_dir: str) -> tuple[float, float]:
    """Return the workers' summed cache hits and misses of category answers."""
    from prometheus_client import CollectorRegistry
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=multiproc_dir)
    get = registry.get_sample_value
    labels = {"operation": "get"}
    return (
        get("cache_operations_total", {**labels, "result": "hit"}) or 0.0,
        get("cache_operations_total", {**labels, "result": "miss"}) or 0.0,
    )


CONSTANT = "(a) constant DRF view"
CACHED = "(b) v2 category read, cached"
UNIFIED = "(c) v2 category read, unified store, uncached"
LEGACY = "(d) v2 category read, legacy store, uncached"
SINGLE_WRITE = "write, legacy store only"
DUAL_WRITE = "write, dual-write (primary legacy + mirror unified)"
ZIPF = "v2 category read, cached, Zipf(1.1) mix"
FALLBACK = "v2 read failing -> v1 fallback, uncached"

LIVE = {
    "DUAL_WRITE_ATTRIBUTES": True,
    "UNIFIED_ATTRIBUTES_PERCENT": 100,
    "USE_UNIFIED_ATTRIBUTES": True,
    "UNIFIED_ATTRIBUTES_FALLBACK": True,
    "SHADOW_COMPARE_PERCENT": 0,
}


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def scenarios(
    wrk: str, server: dict, data: dict, run: dict, repeat: int, multiproc_dir: str
):
    """Run every scenario `repeat` times, interleaved; return rows and hit rate.

    Interleaving the paths that are compared, and taking the median of the
    runs, keeps a burst of load from another process from landing on one side.
    """
    url, break_file = server["url"], Path(server["break_file"])
    uniform = lua_categories(data["categories"], zipf=None)
    constant = lua_categories(data["categories"], zipf=None, path=CONSTANT_PATH)
    writes = lua_writes(data["listings"], data["attribute"], data["token"])
    runs: dict[str, list[tuple]] = {}

    def measure(name: str, target: str, script: str = "") -> None:
        runs.setdefault(name, []).append(run_wrk(wrk, target, script=script, **run))

    controls(**LIVE, ATTRIBUTES_CACHE_ENABLED=True)
    for category_id in data["categories"]:
        path = f"/api/v2/marketplace/categories/{category_id}/attributes"
        urllib.request.urlopen(url + path).read()

    for _ in range(repeat):
        controls(**LIVE, ATTRIBUTES_CACHE_ENABLED=True)
        measure(CONSTANT, url, constant)
        measure(CACHED, url, uniform)

        controls(ATTRIBUTES_CACHE_ENABLED=False)
        measure(UNIFIED, url, uniform)
        break_file.touch()
        measure(FALLBACK, url, uniform)
        break_file.unlink()
        controls(USE_UNIFIED_ATTRIBUTES=False)
        measure(LEGACY, url, uniform)

        controls(DUAL_WRITE_ATTRIBUTES=False)
        measure(SINGLE_WRITE, url, writes)
        controls(DUAL_WRITE_ATTRIBUTES=True)
        measure(DUAL_WRITE, url, writes)

    controls(**LIVE, ATTRIBUTES_CACHE_ENABLED=True)
    zipf = lua_categories(data["categories"], zipf=1.1)
    run_wrk(wrk, url, script=zipf, seconds=3, connections=run["connections"])
    hits_before, misses_before = cache_counts(multiproc_dir)
    measure(ZIPF, url, zipf)
    hits, misses = cache_counts(multiproc_dir)
    lookups = (hits - hits_before) + (misses - misses_before)

    rows = {
        name: tuple(_median([r[i] for r in results]) for i in range(4))
        for name, results in runs.items()
    }
    return rows, (hits - hits_before) / max(1.0, lookups)


def report(rows: dict, hit_rate: float, options: argparse.Namespace) -> None:
    """Print the table and the ratios the targets speak of."""
    print()
    print(
        f"wrk -t2 -c{options.connections} -d{options.seconds}s, gunicorn 2 sync "
        f"workers, {CATEGORIES} categories x {PER_CATEGORY} attributes; median "
        f"of {options.repeat} interleaved runs"
    )
    print()
    print("| path | median ms | p99 ms | req/s | non-2xx (per run) |")
    print("|---|---:|---:|---:|---:|")
    for name, (median, p99, rate, bad) in rows.items():
        print(f"| {name} | {median:.2f} | {p99:.2f} | {rate:.0f} | {bad} |")
    median = {name: values[0] for name, values in rows.items()}
    print()
    print(f"(b)/(a) median: {median[CACHED] / median[CONSTANT]:.2f}x (target <= 1.5x)")
    print(
        f"(c) vs (d) median: {median[UNIFIED]:.2f} vs {median[LEGACY]:.2f} ms "
        "(target: c faster)"
    )
    print(
        f"dual-write / single write median: "
        f"{median[DUAL_WRITE] / median[SINGLE_WRITE]:.2f}x (target <= 1.6x)"
    )
    print(
        f"fallback adds at the median: {median[FALLBACK] - median[LEGACY]:.2f} ms "
        "over (d) (target < 2 ms)"
    )
    print(f"cache hit rate, Zipf mix after warm-up: {hit_rate:.1%} (target > 95%)")


def main() -> None:
    """Seed, start gunicorn, run every scenario, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    wrk = wrk_path()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("set DATABASE_URL=postgres://... (the benchmark runs on PostgreSQL)")
    if not os.environ.get("REDIS_URL"):
        sys.exit("set REDIS_URL=redis://... (the benchmark runs on Redis)")
    multiproc_dir = tempfile.mkdtemp(prefix="bench-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = multiproc_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    data = seed()
    run = {"seconds": options.seconds, "connections": options.connections}

    # The fallback path is timed on this same server: while this file exists,
    # its unified store reads raise (see bench/urls.py).
    break_file = Path(multiproc_dir).with_name(Path(multiproc_dir).name + ".break")
    server = Gunicorn({**os.environ, "BENCH_BREAK_FILE": str(break_file)})
    try:
        rows, hit_rate = scenarios(
            wrk,
            {"url": server.url, "break_file": break_file},
            data,
            run,
            options.repeat,
            multiproc_dir,
        )
    finally:
        server.stop()
        break_file.unlink(missing_ok=True)
    controls(USE_UNIFIED_ATTRIBUTES=False, ATTRIBUTES_CACHE_ENABLED=True)

    report(rows, hit_rate, options)
    shutil.rmtree(multiproc_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
