"""Backfill: every kind of legacy mess lands in the unified store, once."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from attributes.domain import Unparsed
from attributes.migration import backfill as backfill_module
from attributes.migration.arguments import Shard
from attributes.migration.backfill import backfill_run
from attributes.migration.tables import VARIANT_ATTRIBUTE_ID_OFFSET
from attributes.models import BackfillCheckpoint
from attributes.stores import legacy_store, unified_store
from attributes_v2 import models as unified
from tests.attributes.legacy_mess import (
    legacy_mess_create,
    legacy_snapshot,
    unified_snapshot,
)
from tests.factories import LegacyAttributeFactory, LegacyListingValueFactory

pytestmark = pytest.mark.django_db


def test_backfill_then_verify_then_reverse_keeps_every_kind_of_mess(capsys):
    # given every kind of legacy mess
    mess = legacy_mess_create()
    before = legacy_snapshot()

    # when it is backfilled, verified and reversed
    call_command("attributes_backfill", "--batch-size", "1", "--no-progress")
    call_command("attributes_verify", "--batch-size", "2", "--no-progress")
    call_command("attributes_reverse", "--batch-size", "2", "--no-progress")

    # then both stores read the same values, and legacy is untouched to the byte
    for listing in mess["listings"]:
        assert legacy_store.listing_values_get(
            listing.pk
        ) == unified_store.listing_values_get(listing.pk)
    assert "the stores are equal" in capsys.readouterr().out
    assert legacy_snapshot() == before


def test_unparsed_legacy_value_is_kept_raw_and_reported_with_its_row_id(tmp_path):
    # given a number attribute holding text that is not a number
    attribute = LegacyAttributeFactory(attribute_type="number")
    row = LegacyListingValueFactory(attribute=attribute, text_value="about twelve")
    report = tmp_path / "unparsed.jsonl"

    # when it is backfilled with a report
    call_command("attributes_backfill", "--no-progress", "--report", str(report))

    # then the unified row keeps the raw text and the reason, and the report names it
    stored = unified.UnifiedAttributeValue.objects.get(entity_id=row.listing_id)
    assert stored.json_value == {
        "unparsed": True,
        "raw": "about twelve",
        "reason": "not a valid number value",
        "origin": "text_value",
    }
    assert unified_store.listing_values_get(row.listing_id).values[0].unparsed == (
        Unparsed("about twelve", "not a valid number value", "text_value")
    )
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert lines == [
        {
            "kind": "unparsed",
            "legacy_table": "listing_attribute_values",
            "legacy_id": row.pk,
            "entity_id": row.listing_id,
            "attribute_id": attribute.pk,
            "raw": "about twelve",
            "reason": "not a valid number value",
        }
    ]


def test_messy_number_lands_typed_in_numeric_value():
    # given a number written as text with a comma decimal and a space thousands
    row = LegacyListingValueFactory(
        attribute=LegacyAttributeFactory(attribute_type="number"),
        text_value="1 200,5",
    )

    # when it is backfilled
    backfill_run(shard=Shard(1, 1), batch_size=100)

    # then the unified row holds the number in its typed column only
    stored = unified.UnifiedAttributeValue.objects.get(entity_id=row.listing_id)
    assert stored.numeric_value == Decimal("1200.5")
    assert stored.text_value is None and stored.json_value is None


def test_definitions_merge_by_code_and_keep_legacy_ids():
    # given the legacy mess, where "Colour" and " color " are one attribute
    mess = legacy_mess_create()

    # when definitions are backfilled
    backfill_run(shard=Shard(1, 1), batch_size=100)

    # then the merged attribute keeps the marketplace id and is for both
    merged = unified.UnifiedAttribute.objects.get(pk=mess["colour"].pk)
    assert merged.purpose == "both"
    assert merged.legacy_product_variant_attribute_id == mess["variant_colour"].pk
    assert merged.options == [
        {"value": "red", "label": "Red"},
        {"value": "blue", "label": "blue"},
    ]
    # and a storefront-only attribute takes the offset id
    size = unified.UnifiedAttribute.objects.get(
        legacy_product_variant_attribute_id=mess["size"].pk
    )
    assert size.pk == VARIANT_ATTRIBUTE_ID_OFFSET + mess["size"].pk
    assert size.purpose == "variant"
    # and "COLOR", a second marketplace attribute with the same code, stays apart
    assert unified.UnifiedAttribute.objects.filter(code__startswith="color").count()
    assert (
        unified.UnifiedAttribute.objects.filter(
            legacy_category_attribute_id__isnull=False
        ).count()
        == 29
    )


def test_backfill_twice_writes_nothing_the_second_time():
    # given a backfilled legacy mess
    legacy_mess_create()
    backfill_run(shard=Shard(1, 1), batch_size=3)
    first = unified_snapshot()
    stamps = list(unified.UnifiedAttributeValue.objects.values_list("pk", "updated_at"))

    # when backfill runs again
    again = backfill_run(shard=Shard(1, 1), batch_size=3)

    # then nothing was written: same content, same row timestamps
    assert again.rows_written == 0
    assert again.definitions.created == again.definitions.updated == 0
    assert unified_snapshot() == first
    assert (
        list(unified.UnifiedAttributeValue.objects.values_list("pk", "updated_at"))
        == stamps
    )


# The mess has 3 listings and 2 variants: with one entity per batch, batches
# 1-3 are listing values and 4-5 variant values.
@pytest.mark.parametrize(
    ("failing_batch", "phase"),
    [(2, "listing_values"), (3, "listing_values"), (5, "variant_values")],
)
def test_interrupted_backfill_resumes_to_the_same_result_as_a_clean_run(
    monkeypatch, failing_batch, phase
):
    # given the legacy mess and the result of one clean run (then wiped)
    legacy_mess_create()
    backfill_run(shard=Shard(1, 1), batch_size=1)
    clean = unified_snapshot()
    unified.UnifiedAttributeValue.objects.all().delete()
    unified.UnifiedCategoryAttribute.objects.all().delete()
    unified.UnifiedAttribute.objects.all().delete()
    BackfillCheckpoint.objects.all().delete()

    # when the process dies in the middle of a batch (fault injected)
    real_write = backfill_module._batch_write
    calls = {"n": 0}

    def dying_write(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == failing_batch:
            real_write(*args, **kwargs)
            raise KeyboardInterrupt("killed mid-batch")
        return real_write(*args, **kwargs)

    monkeypatch.setattr(backfill_module, "_batch_write", dying_write)
    with pytest.raises(KeyboardInterrupt):
        backfill_run(shard=Shard(1, 1), batch_size=1)
    monkeypatch.setattr(backfill_module, "_batch_write", real_write)
    checkpoint = BackfillCheckpoint.objects.get(phase=phase)
    resumed = backfill_run(shard=Shard(1, 1), batch_size=1)

    # then it resumed after the last committed batch and ends as the clean run did
    assert not checkpoint.finished and checkpoint.last_key > 0
    assert resumed.resumed_from[phase] == checkpoint.last_key
    assert unified_snapshot() == clean


def test_dry_run_reports_what_it_would_write_and_writes_nothing(capsys):
    # given the legacy mess and nothing backfilled
    legacy_mess_create()

    # when backfill runs dry
    call_command("attributes_backfill", "--dry-run", "--no-progress")

    # then it counts the rows it would insert and the unified store stays empty
    out = capsys.readouterr().out
    assert "would insert 90, update 0" in out
    assert unified.UnifiedAttributeValue.objects.count() == 0
    assert unified.UnifiedAttribute.objects.count() == 0
    assert BackfillCheckpoint.objects.count() == 0
