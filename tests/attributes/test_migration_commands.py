"""Bad input, archive refusals and status: what operators see at the edges."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from attributes.migration.tables import LEGACY_TABLES
from attributes.models import MigrationRun
from attributes_v2 import models as unified
from tests.attributes.legacy_mess import legacy_mess_create
from tests.rollout import controls_put

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]
UNIFIED_ONLY = {
    "USE_UNIFIED_ATTRIBUTES": True,
    "UNIFIED_ATTRIBUTES_PERCENT": 100,
    "DUAL_WRITE_ATTRIBUTES": False,
    "UNIFIED_ATTRIBUTES_FALLBACK": False,
}


@pytest.mark.parametrize(
    ("command", "arguments", "message"),
    [
        ("attributes_backfill", ["--shard", "1-2"], "--shard must look like i/n"),
        ("attributes_backfill", ["--shard", "3/2"], "i must be between 1 and n"),
        ("attributes_backfill", ["--shard", "0/0"], "i must be between 1 and n"),
        ("attributes_backfill", ["--batch-size", "0"], "--batch-size must be"),
        ("attributes_verify", ["--batch-size", "many"], "--batch-size must be"),
        ("attributes_verify", ["--first", "-1"], "--first must be zero or more"),
        ("attributes_repair", ["--direction", "sideways"], "--direction must be"),
        (
            "attributes_repair",
            ["--direction", "to-unified", "--listing", "x"],
            "--listing takes a positive id",
        ),
        (
            "attributes_backfill",
            ["--report", "/no/such/folder/report.jsonl"],
            "does not exist",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    command, arguments, message
):
    # given legacy data waiting to be backfilled
    legacy_mess_create()

    # when a command gets bad input
    with pytest.raises(CommandError) as failure:
        call_command(command, *arguments, "--no-progress")

    # then it exits 2 with a one-line message, and nothing was written
    assert failure.value.returncode == 2
    assert message in str(failure.value) and "\n" not in str(failure.value)
    assert unified.UnifiedAttribute.objects.count() == 0
    assert MigrationRun.objects.count() == 0


def test_bad_shard_from_the_command_line_prints_one_line_and_exits_2():
    # given the real manage.py
    # when it is run with an unknown shard syntax
    finished = subprocess.run(
        [sys.executable, "manage.py", "attributes_backfill", "--shard", "two"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    # then one line on stderr says what is wrong, and the exit code is 2
    assert finished.returncode == 2
    assert finished.stderr.strip().splitlines() == [
        "CommandError: --shard must look like i/n, for example 2/4; got 'two'"
    ]


def _clean_verify() -> None:
    call_command("attributes_backfill", "--no-progress")
    call_command("attributes_verify", "--no-progress")


def test_archive_refuses_while_the_legacy_store_is_written():
    # given equal, verified stores, and the legacy store still written (today)
    legacy_mess_create()
    _clean_verify()

    # when an operator archives
    with pytest.raises(CommandError) as failure:
        call_command("attributes_archive")

    # then it refuses, says why, and the tables stay
    assert failure.value.returncode == 3
    assert "still written" in str(failure.value)
    assert set(LEGACY_TABLES) <= set(connection.introspection.table_names())


def test_archive_refuses_while_verify_is_not_clean():
    # given nothing writes legacy any more, but verify found differences
    controls_put(**UNIFIED_ONLY)
    legacy_mess_create()
    call_command("attributes_backfill", "--no-progress")
    unified.UnifiedAttributeValue.objects.filter(entity_type="listing").first().delete()
    with pytest.raises(CommandError):
        call_command("attributes_verify", "--no-progress")

    # when an operator archives
    with pytest.raises(CommandError) as failure:
        call_command("attributes_archive")

    # then it refuses because of the verify result
    assert failure.value.returncode == 3
    assert "the last verify found 1 difference(s)" in str(failure.value)


def test_archive_then_unarchive_moves_the_legacy_tables_and_back(capsys):
    # given verified stores and nothing writing legacy (the unified-only stage)
    controls_put(**UNIFIED_ONLY)
    legacy_mess_create()
    _clean_verify()
    counts_before = _legacy_counts()

    # when the legacy tables are archived
    call_command("attributes_archive")

    # then they are gone from where the legacy application reads, commands that
    # need them exit 2, and status says archived
    assert not set(LEGACY_TABLES) & set(connection.introspection.table_names())
    with pytest.raises(CommandError) as failure:
        call_command("attributes_verify", "--no-progress")
    assert failure.value.returncode == 2
    assert "attributes_unarchive" in str(failure.value)
    capsys.readouterr()
    call_command("attributes_status")
    assert "listing_attribute_values: archived" in capsys.readouterr().out

    # and when they are brought back, every row is there again
    call_command("attributes_unarchive")
    assert _legacy_counts() == counts_before
    call_command("attributes_verify", "--no-progress")


def _legacy_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in LEGACY_TABLES:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def test_status_shows_counts_checkpoint_last_verify_and_blockers(capsys):
    # given a backfill and a verify that ran
    legacy_mess_create()
    _clean_verify()
    capsys.readouterr()

    # when the operator asks for status
    call_command("attributes_status")

    # then the counts, the checkpoint, the last verify and the blocker are shown
    out = capsys.readouterr().out
    assert "listing_attribute_values: 84" in out
    assert "unified_attribute_values: 90" in out
    assert "listing_values shard 1/1: finished, 84 rows" in out
    assert "last verify: done shard 1/1" in out and "0 difference(s)" in out
    assert "the legacy store is still written" in out
