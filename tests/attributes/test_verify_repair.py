"""Verify finds each kind of difference; repair and reverse make the stores equal."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from attributes.domain import AttributeValue
from attributes.migration.arguments import Shard
from attributes.migration.backfill import backfill_run
from attributes.migration.repair import listing_values_repair
from attributes.migration.verify import verify_run
from attributes.stores import legacy_store, unified_store
from attributes_v1 import models as legacy
from attributes_v2 import models as unified
from tests.attributes.legacy_mess import legacy_mess_create, legacy_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def backfilled():
    mess = legacy_mess_create()
    backfill_run(shard=Shard(1, 1), batch_size=2)
    return mess


def _plant(kind: str, mess: dict) -> None:
    listing_id = mess["listings"][1].pk
    if kind == "missing_in_unified":
        unified.UnifiedAttributeValue.objects.filter(
            entity_type="listing", entity_id=listing_id, attribute_id=mess["colour"].pk
        ).delete()
    elif kind == "changed":
        unified_store.listing_values_save(
            listing_id, [AttributeValue(mess["colour"].pk, "blue")]
        )
    elif kind == "missing_in_legacy":
        legacy.ListingAttributeValue.objects.filter(
            listing_id=listing_id, attribute_id=mess["colour"].pk
        ).delete()


@pytest.mark.parametrize("kind", ["missing_in_unified", "changed", "missing_in_legacy"])
def test_verify_finds_a_planted_difference_and_exits_non_zero(
    backfilled, kind, tmp_path, capsys
):
    # given backfilled stores with one planted difference
    _plant(kind, backfilled)
    report = tmp_path / "verify.jsonl"

    # when verify runs
    with pytest.raises(CommandError) as failure:
        call_command("attributes_verify", "--no-progress", "--report", str(report))

    # then it exits 1 and names the difference with its ids
    assert failure.value.returncode == 1
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    differences = [line for line in lines if not line.get("warning")]
    assert [(d["kind"], d["entity_id"], d["attribute_id"]) for d in differences] == [
        (kind, backfilled["listings"][1].pk, backfilled["colour"].pk)
    ]
    assert f"{kind}: 1" in capsys.readouterr().out


def test_verify_finds_a_changed_definition_and_a_variant_value(backfilled):
    # given a renamed unified attribute and a changed variant value
    unified.UnifiedAttribute.objects.filter(pk=backfilled["colour"].pk).update(
        name="Shade"
    )
    legacy.ProductVariantAttributeValue.objects.filter(
        attribute=backfilled["size"]
    ).update(value="S")

    # when verify compares the stores
    result = verify_run(shard=Shard(1, 1), batch_size=10)

    # then both show up
    assert result.counts == {"definition_changed": 1, "changed": 2}


@pytest.mark.parametrize("kind", ["missing_in_unified", "changed", "missing_in_legacy"])
def test_repair_to_unified_makes_verify_clean_and_is_idempotent(backfilled, kind):
    # given a planted difference
    _plant(kind, backfilled)

    # when repair runs towards the unified store, twice
    call_command("attributes_repair", "--direction", "to-unified", "--no-progress")
    second = listing_values_repair(
        [listing.pk for listing in backfilled["listings"]], "to-unified"
    )

    # then the stores are equal and the second pass wrote nothing
    assert verify_run(shard=Shard(1, 1), batch_size=10).equal
    assert (second.written, second.deleted) == (0, 0)


def test_repair_from_a_verify_report_fixes_only_the_listed_listings(
    backfilled, tmp_path
):
    # given a verify report naming one changed listing
    _plant("changed", backfilled)
    report = tmp_path / "verify.jsonl"
    with pytest.raises(CommandError):
        call_command("attributes_verify", "--no-progress", "--report", str(report))

    # when repair reads it and writes the unified value back to legacy
    call_command(
        "attributes_repair", "--direction", "to-legacy", "--from-report", str(report)
    )

    # then the legacy store now holds the unified value
    listing_id = backfilled["listings"][1].pk
    assert legacy_store.listing_values_get(listing_id).by_attribute()[
        backfilled["colour"].pk
    ] == AttributeValue(backfilled["colour"].pk, "blue")
    assert verify_run(shard=Shard(1, 1), batch_size=10).equal


def test_reverse_after_unified_writes_brings_legacy_to_the_unified_content(
    backfilled,
):
    # given the unified store took writes: a change, a new value, a removal
    listing_id = backfilled["listings"][0].pk
    rooms = legacy.CategoryAttribute.objects.get(name="Number of rooms").pk
    unified_store.listing_values_save(
        listing_id,
        [
            AttributeValue(backfilled["colour"].pk, "blue"),
            AttributeValue(rooms, Decimal("3")),
        ],
    )
    some_other = legacy.CategoryAttribute.objects.get(name="mess text 0").pk
    unified_store.listing_value_delete(listing_id, some_other)
    variant_id = backfilled["variants"][0].pk
    size_id = unified.UnifiedAttribute.objects.get(
        legacy_product_variant_attribute_id=backfilled["size"].pk
    ).pk
    unified.UnifiedAttributeValue.objects.filter(
        entity_type="product_variant", entity_id=variant_id, attribute_id=size_id
    ).update(text_value="M")

    # when reverse runs
    call_command("attributes_reverse", "--no-progress")

    # then the legacy store reads exactly what the unified one holds
    assert legacy_store.listing_values_get(
        listing_id
    ) == unified_store.listing_values_get(listing_id)
    assert (
        legacy.ProductVariantAttributeValue.objects.get(
            variant_id=variant_id, attribute=backfilled["size"]
        ).value
        == "M"
    )
    assert verify_run(shard=Shard(1, 1), batch_size=10).equal


def test_reverse_on_equal_stores_changes_no_legacy_row(backfilled):
    # given backfilled, equal stores
    before = legacy_snapshot()

    # when reverse runs twice
    call_command("attributes_reverse", "--no-progress")
    call_command("attributes_reverse", "--no-progress")

    # then not one legacy row changed, timestamps included
    assert legacy_snapshot() == before


def test_reverse_recreates_a_definition_and_mapping_the_legacy_side_lost(
    backfilled,
):
    # given a legacy definition (and so its mapping and values) lost by mistake
    rooms_id = legacy.CategoryAttribute.objects.get(name="Number of rooms").pk
    legacy.CategoryAttribute.objects.filter(pk=rooms_id).delete()

    # when reverse runs
    call_command("attributes_reverse", "--no-progress")

    # then it is back under the same id, with its mapping and values
    restored = legacy.CategoryAttribute.objects.get(pk=rooms_id)
    assert (restored.name, restored.options) == (
        "Number of rooms",
        [{"value": "1", "label": "one"}, {"value": "2", "label": "two"}],
    )
    assert legacy.CategoryAttributeMapping.objects.filter(attribute=restored).exists()
    assert legacy.ListingAttributeValue.objects.filter(attribute=restored).count() == 3
    assert verify_run(shard=Shard(1, 1), batch_size=10).equal
