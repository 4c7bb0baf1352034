"""Archive: move the legacy tables out of the way, reversibly.

PostgreSQL moves them into an `archive` schema (indexes, sequences and
constraints travel with them); SQLite renames them with an `archive__` prefix.
Archiving refuses while anything still writes to the legacy store, or while the
last verify is not clean, or when a write-side command ran after it.
"""

from __future__ import annotations

import logging

from django.db import connection, transaction

from attributes import routing
from attributes.migration.tables import LEGACY_TABLES
from attributes.models import MigrationRun

logger = logging.getLogger(__name__)

ARCHIVE_SCHEMA = "archive"
_SQLITE_PREFIX = "archive__"
_WRITERS = ("backfill", "repair", "reverse")


class ArchiveRefused(Exception):
    """Archiving (or unarchiving) is not safe now; the message says why."""


def archive_blockers() -> list[str]:
    """Return why the legacy tables cannot be archived now (empty when they can)."""
    blockers = []
    if routing.legacy_store_written():
        blockers.append(
            "the legacy store is still written (dual-write on or legacy primary)"
        )
    last_verify = (
        MigrationRun.objects.filter(
            command="verify", status=MigrationRun.Status.DONE, shard="1/1"
        )
        .order_by("-finished_at")
        .first()
    )
    if last_verify is None:
        blockers.append("verify has never completed over the whole range")
        return blockers
    if last_verify.differences:
        blockers.append(
            f"the last verify found {last_verify.differences} difference(s)"
        )
    later_write = MigrationRun.objects.filter(
        command__in=_WRITERS, dry_run=False, started_at__gt=last_verify.started_at
    ).exists()
    if later_write:
        blockers.append("a backfill, repair or reverse ran after the last verify")
    return blockers


def archived_tables() -> list[str]:
    """Return the legacy tables that are archived now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = %s",
                [ARCHIVE_SCHEMA],
            )
            present = {row[0] for row in cursor.fetchall()}
        return [t for t in LEGACY_TABLES if t in present]
    present = set(connection.introspection.table_names())
    return [t for t in LEGACY_TABLES if _SQLITE_PREFIX + t in present]


def _move(table: str, *, to_archive: bool) -> str:
    if connection.vendor == "postgresql":
        source = table if to_archive else f"{ARCHIVE_SCHEMA}.{table}"
        target = ARCHIVE_SCHEMA if to_archive else "public"
        return f'ALTER TABLE {source} SET SCHEMA "{target}"'
    if to_archive:
        return f'ALTER TABLE "{table}" RENAME TO "{_SQLITE_PREFIX}{table}"'
    return f'ALTER TABLE "{_SQLITE_PREFIX}{table}" RENAME TO "{table}"'


def legacy_tables_archive() -> list[str]:
    """Move every legacy table into the archive, in one transaction."""
    blockers = archive_blockers()
    if blockers:
        raise ArchiveRefused("; ".join(blockers))
    if archived_tables():
        raise ArchiveRefused("the legacy tables are already archived")

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{ARCHIVE_SCHEMA}"')
        for table in LEGACY_TABLES:
            cursor.execute(_move(table, to_archive=True))
    logger.warning(
        "Archived the legacy attribute tables; attributes_unarchive brings them back",
        extra={"tables": list(LEGACY_TABLES)},
    )
    return list(LEGACY_TABLES)


def legacy_tables_unarchive() -> list[str]:
    """Bring the archived legacy tables back where the legacy application reads."""
    archived = archived_tables()
    if not archived:
        raise ArchiveRefused("no archived legacy tables to bring back")
    present = set(connection.introspection.table_names())
    clash = [t for t in archived if t in present]
    if clash:
        raise ArchiveRefused(
            f"table(s) {', '.join(clash)} exist both archived and live; "
            "resolve by hand before unarchiving"
        )

    with transaction.atomic(), connection.cursor() as cursor:
        for table in archived:
            cursor.execute(_move(table, to_archive=False))
    logger.warning(
        "Brought the legacy attribute tables back from the archive",
        extra={"tables": archived},
    )
    return archived
