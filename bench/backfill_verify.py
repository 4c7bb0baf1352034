"""Benchmark backfill and verify against PostgreSQL's own set-based floor.

Run against a PostgreSQL database you can wipe the unified tables of:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/attrs_bench \\
        .venv/bin/python bench/backfill_verify.py --scale 100

It migrates, seeds the demo data (`seed_demo --scale N`, idempotent), then:

1. memory at a small size: backfill and verify one shard of --small-shards
   (about 1/k of the rows), in subprocesses, peak RSS from the kernel;
2. backfill floor: one hand-written INSERT ... SELECT of the same rows into a
   scratch table shaped like unified_attribute_values (same indexes, same
   deferred foreign key), then the real `attributes_backfill` on empty tables;
3. verify floor: a raw two-way EXCEPT of both stores' value columns with
   work_mem = 256MB, then the real `attributes_verify` with the same work_mem.

It prints the figures, then the two ratios last. Figures are wall-clock on
whatever else the machine is doing: run it on a quiet machine for real numbers.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

_TEXT_TYPES = "('text', 'textarea', 'select', 'color', 'size')"

WIPE_SQL = (
    "TRUNCATE unified_attribute_values, unified_category_attributes,"
    " attributes_backfill_checkpoints, attributes_shard_plans;"
    " DELETE FROM unified_attributes;"
)

VALUES_WIPE_SQL = (
    "TRUNCATE unified_attribute_values, attributes_backfill_checkpoints,"
    " attributes_shard_plans;"
)

FLOOR_BACKFILL_SQL = f"""
CREATE TABLE bench_scratch (LIKE unified_attribute_values
    INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES);
ALTER TABLE bench_scratch ADD FOREIGN KEY (attribute_id)
    REFERENCES unified_attributes (id) DEFERRABLE INITIALLY DEFERRED;
INSERT INTO bench_scratch (entity_type, entity_id, attribute_id, text_value,
    numeric_value, boolean_value, date_value, json_value, created_at, updated_at)
SELECT 'listing', v.listing_id, v.attribute_id,
    CASE WHEN a.attribute_type IN {_TEXT_TYPES} THEN v.text_value END,
    CASE WHEN a.attribute_type = 'number' THEN v.numeric_value END,
    CASE WHEN a.attribute_type = 'boolean' THEN v.boolean_value END,
    NULL,
    CASE WHEN a.attribute_type NOT IN {_TEXT_TYPES[:-1]}, 'number', 'boolean')
        THEN v.json_value END,
    now(), now()
FROM listing_attribute_values v JOIN category_attributes a ON a.id = v.attribute_id
ON CONFLICT (entity_type, entity_id, attribute_id) DO NOTHING;
INSERT INTO bench_scratch (entity_type, entity_id, attribute_id, text_value,
    created_at, updated_at)
SELECT 'product_variant', p.variant_id, u.id, p.value, now(), now()
FROM product_variant_attribute_values p
JOIN unified_attributes u ON u.legacy_product_variant_attribute_id = p.attribute_id
ON CONFLICT (entity_type, entity_id, attribute_id) DO NOTHING;
"""

FLOOR_VERIFY_SQL = """
SELECT
 (SELECT COUNT(*) FROM (
   SELECT listing_id, attribute_id, text_value, numeric_value, boolean_value,
          json_value FROM listing_attribute_values
   EXCEPT SELECT entity_id, attribute_id, text_value, numeric_value,
          boolean_value, json_value FROM unified_attribute_values
          WHERE entity_type = 'listing') a)
 + (SELECT COUNT(*) FROM (
   SELECT entity_id, attribute_id, text_value, numeric_value, boolean_value,
          json_value FROM unified_attribute_values WHERE entity_type = 'listing'
   EXCEPT SELECT listing_id, attribute_id, text_value, numeric_value,
          boolean_value, json_value FROM listing_attribute_values) b)
 + (SELECT COUNT(*) FROM (
   SELECT p.variant_id, u.id, p.value FROM product_variant_attribute_values p
   JOIN unified_attributes u ON u.legacy_product_variant_attribute_id = p.attribute_id
   EXCEPT SELECT entity_id, attribute_id, text_value FROM unified_attribute_values
          WHERE entity_type = 'product_variant') c)
 + (SELECT COUNT(*) FROM (
   SELECT entity_id, attribute_id, text_value FROM unified_attribute_values
          WHERE entity_type = 'product_variant'
   EXCEPT SELECT p.variant_id, u.id, p.value FROM product_variant_attribute_values p
   JOIN unified_attributes u
   ON u.legacy_product_variant_attribute_id = p.attribute_id) d)
"""


def manage(*arguments: str, env: dict | None = None) -> tuple[float, float, str]:
    """Run manage.py; return wall seconds, peak RSS in MiB and stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "manage.py", *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"manage.py {' '.join(arguments)} failed: {output}")
    return seconds, usage.ru_maxrss / 1024, output


def sql_timed(conninfo: str, sql: str, *, work_mem: str | None = None) -> float:
    """Run SQL in one transaction; return wall seconds including the commit."""
    with psycopg.connect(conninfo) as connection:
        if work_mem:
            connection.execute(f"SET work_mem = '{work_mem}'")
        started = time.perf_counter()
        with connection.transaction():
            connection.execute(sql)
        return time.perf_counter() - started


def scalar(conninfo: str, sql: str) -> int:
    """Return the first column of the first row of a query."""
    with psycopg.connect(conninfo) as connection:
        return connection.execute(sql).fetchone()[0]


def wipe(conninfo: str, *, values_only: bool = False) -> None:
    """Empty the unified tables (or only their values) and the checkpoints."""
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(VALUES_WIPE_SQL if values_only else WIPE_SQL)
        connection.execute("VACUUM ANALYZE")


def main() -> None:
    """Seed, measure, print the figures and the two ratios last."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="100", help="seed_demo --scale")
    parser.add_argument("--small-shards", type=int, default=5)
    parser.add_argument("--batch-size", default="50000")
    parser.add_argument("--skip-seed", action="store_true")
    options = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL=postgres://... (the benchmark is PostgreSQL only)")
    conninfo = url.replace("postgres://", "postgresql://", 1)
    work_mem = {"PGOPTIONS": "-c work_mem=256MB"}
    batch = ["--batch-size", options.batch_size, "--no-progress"]

    manage("migrate", "--no-input")
    if not options.skip_seed:
        seconds, _, _ = manage("seed_demo", "--scale", options.scale)
        print(f"seed_demo --scale {options.scale}: {seconds:.1f} s")
    listing_values = scalar(conninfo, "SELECT COUNT(*) FROM listing_attribute_values")
    variant_values = scalar(
        conninfo, "SELECT COUNT(*) FROM product_variant_attribute_values"
    )
    print(
        f"legacy listing values: {listing_values:,}; variant values: {variant_values:,}"
    )

    small = f"1/{options.small_shards}"
    wipe(conninfo)
    small_backfill = manage("attributes_backfill", "--shard", small, *batch)
    small_verify = manage("attributes_verify", "--shard", small, *batch, env=work_mem)
    small_rows = scalar(conninfo, "SELECT COUNT(*) FROM unified_attribute_values")

    # A first full backfill writes the definitions both measured runs need (the
    # scratch table keeps the same foreign key) and warms the caches alike.
    wipe(conninfo)
    manage("attributes_backfill", *batch)
    wipe(conninfo, values_only=True)
    floor_backfill = sql_timed(conninfo, FLOOR_BACKFILL_SQL)
    sql_timed(conninfo, "DROP TABLE bench_scratch")
    backfill = manage("attributes_backfill", *batch)
    full_rows = scalar(conninfo, "SELECT COUNT(*) FROM unified_attribute_values")

    floor_verify = sql_timed(conninfo, FLOOR_VERIFY_SQL, work_mem="256MB")
    verify = manage("attributes_verify", *batch, env=work_mem)
    verify_summary = verify[2].splitlines()[0] if verify[2] else ""

    print()
    print(f"{'measure':<44}{'seconds':>10}{'peak RSS MiB':>14}")
    print(f"{'backfill floor (INSERT ... SELECT)':<44}{floor_backfill:>10.1f}")
    print(f"{'attributes_backfill':<44}{backfill[0]:>10.1f}{backfill[1]:>14.0f}")
    print(f"{'verify floor (two-way EXCEPT, 256MB)':<44}{floor_verify:>10.1f}")
    print(f"{'attributes_verify':<44}{verify[0]:>10.1f}{verify[1]:>14.0f}")
    print(f"  {verify_summary}")
    print()
    print("peak memory as rows grow:")
    print(
        f"  {small_rows:>10,} unified rows: backfill {small_backfill[1]:.0f} MiB, "
        f"verify {small_verify[1]:.0f} MiB"
    )
    print(
        f"  {full_rows:>10,} unified rows: backfill {backfill[1]:.0f} MiB, "
        f"verify {verify[1]:.0f} MiB"
    )
    print()
    print(f"backfill / floor: {backfill[0] / floor_backfill:.2f} (target <= 1.5)")
    print(f"verify / floor:   {verify[0] / floor_verify:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
