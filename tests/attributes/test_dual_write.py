"""Dual-write: both stores written in one transaction, drift kept and repaired."""

from __future__ import annotations

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from attributes import services
from attributes.domain import AttributeValue
from attributes.metrics import drift_collector
from attributes.models import DriftEntry
from attributes.stores import legacy_store, unified_store
from attributes.validation import SubmittedValue
from tests.factories import (
    LegacyAttributeFactory,
    LegacyMappingFactory,
    UnifiedAttributeFactory,
    UnifiedCategoryAttributeFactory,
)
from tests.rollout import (
    controls_put,
    counted,
    stores_equal,
    text_in,
    two_stores_planted,
)


def _put(api_client, planted, attribute_id, text):
    api_client.force_authenticate(planted.owner)
    return api_client.put(
        f"/api/v1/marketplace/listings/{planted.listing_id}/attributes",
        {"attributes": [{"attribute_id": attribute_id, "text_value": text}]},
        format="json",
    )


def _pending_gauge() -> float:
    return next(iter(drift_collector.collect())).samples[0].value


@pytest.mark.django_db
def test_mirror_failure_keeps_primary_write_and_logs_drift_that_repair_replays(
    api_client, owner, monkeypatch
):
    # given dual-write on, and a unified store whose writes fail
    planted = two_stores_planted(owner)
    controls_put(DUAL_WRITE_ATTRIBUTES=True)
    failures = counted("dual_write_operations_total", status="failure")

    def broken(*args, **kwargs):
        raise RuntimeError("unified store unreachable")

    with monkeypatch.context() as patch:
        patch.setattr(unified_store, "listing_values_save", broken)

        # when a write comes in
        response = _put(api_client, planted, planted.attribute_id, "new")

    # then the primary committed, the mirror did not, and the drift is logged
    assert response.status_code == 200
    assert text_in(legacy_store, planted.listing_id, planted.attribute_id) == "new"
    assert text_in(unified_store, planted.listing_id, planted.attribute_id) == (
        "from v2"
    )
    entry = DriftEntry.objects.get()
    assert (entry.listing_id, entry.attribute_id, entry.operation) == (
        planted.listing_id,
        planted.attribute_id,
        "save",
    )
    assert "unified store unreachable" in entry.error and entry.created_at
    assert counted("dual_write_operations_total", status="failure") == failures + 1
    assert _pending_gauge() == 1

    # when the repair replays the drift log
    call_command("attributes_repair", "--drift")

    # then both stores hold the same values and nothing is pending
    assert stores_equal(planted.listing_id)
    assert _pending_gauge() == 0


@pytest.mark.django_db
def test_mirror_delete_failure_is_logged_and_repaired(api_client, owner, monkeypatch):
    # given dual-write on, and both stores holding a value
    planted = two_stores_planted(owner)
    controls_put(DUAL_WRITE_ATTRIBUTES=True)
    api_client.force_authenticate(owner)
    url = (
        f"/api/v2/marketplace/listings/{planted.listing_id}/attributes/"
        f"{planted.attribute_id}"
    )

    def broken(*args, **kwargs):
        raise RuntimeError("unified store unreachable")

    with monkeypatch.context() as patch:
        patch.setattr(unified_store, "listing_value_delete", broken)

        # when the value is removed
        response = api_client.delete(url)

    # then the primary lost it, the drift is logged, and repair removes it too
    assert response.status_code == 204
    assert text_in(legacy_store, planted.listing_id, planted.attribute_id) is None
    assert DriftEntry.objects.get().operation == "delete"
    call_command("attributes_repair", "--drift")
    assert text_in(unified_store, planted.listing_id, planted.attribute_id) is None


@pytest.mark.django_db
def test_mirror_breaking_a_foreign_key_does_not_undo_the_primary(api_client, owner):
    # given an attribute the unified store does not know yet (not backfilled)
    planted = two_stores_planted(owner)
    legacy_only = LegacyAttributeFactory(name="mileage")
    LegacyMappingFactory(category_id=planted.category_id, attribute=legacy_only)
    controls_put(DUAL_WRITE_ATTRIBUTES=True)

    # when a value of it is written
    response = _put(api_client, planted, legacy_only.pk, "12000 km")

    # then the legacy store has it, and the missed mirror write is in the log
    assert response.status_code == 200
    assert text_in(legacy_store, planted.listing_id, legacy_only.pk) == "12000 km"
    assert DriftEntry.objects.get().attribute_id == legacy_only.pk

    # when repair runs before the attribute exists in v2, then it fails loudly
    with pytest.raises(CommandError, match="could not be replayed"):
        call_command("attributes_repair", "--drift")
    assert DriftEntry.objects.get().attempts == 1

    # when the attribute is backfilled and repair runs again, then it succeeds
    unified = UnifiedAttributeFactory(id=legacy_only.pk, code="mileage")
    UnifiedCategoryAttributeFactory(category_id=planted.category_id, attribute=unified)
    call_command("attributes_repair", "--drift")
    assert text_in(unified_store, planted.listing_id, legacy_only.pk) == "12000 km"
    assert DriftEntry.objects.filter(resolved_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_repair_replays_only_the_newest_drift_of_a_value(owner):
    # given two drift entries of one value, the newer one pointing v2 -> v1
    planted = two_stores_planted(owner)
    DriftEntry.objects.create(
        listing_id=planted.listing_id,
        attribute_id=planted.attribute_id,
        operation="save",
        source_store="v1",
        target_store="v2",
        error="old",
    )
    DriftEntry.objects.create(
        listing_id=planted.listing_id,
        attribute_id=planted.attribute_id,
        operation="save",
        source_store="v2",
        target_store="v1",
        error="new",
    )

    # when the log is replayed
    call_command("attributes_repair", "--drift")

    # then the newer direction won, and both entries are resolved
    assert text_in(legacy_store, planted.listing_id, planted.attribute_id) == (
        "from v2"
    )
    assert stores_equal(planted.listing_id)
    assert not DriftEntry.objects.filter(resolved_at__isnull=True).exists()


@pytest.mark.django_db
def test_successful_mirror_writes_are_counted(api_client, owner):
    planted = two_stores_planted(owner)
    controls_put(DUAL_WRITE_ATTRIBUTES=True)
    before = counted("dual_write_operations_total", status="success")

    _put(api_client, planted, planted.attribute_id, "both")

    assert counted("dual_write_operations_total", status="success") == before + 1
    assert stores_equal(planted.listing_id)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_to_one_listing_leave_both_stores_equal(owner):
    # given dual-write on and a listing with three attributes in both stores
    planted = two_stores_planted(owner)
    attribute_ids = [planted.attribute_id]
    for name in ("size", "material"):
        legacy = LegacyAttributeFactory(name=name)
        LegacyMappingFactory(category_id=planted.category_id, attribute=legacy)
        unified = UnifiedAttributeFactory(id=legacy.pk, code=name)
        UnifiedCategoryAttributeFactory(
            category_id=planted.category_id, attribute=unified
        )
        attribute_ids.append(legacy.pk)
    unified_store.listing_values_save(
        planted.listing_id,
        [AttributeValue(attribute_id=i, value="start") for i in attribute_ids],
    )
    legacy_store.listing_values_save(
        planted.listing_id,
        [AttributeValue(attribute_id=i, value="start") for i in attribute_ids],
    )
    controls_put(DUAL_WRITE_ATTRIBUTES=True)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            for round_ in range(10):
                ordered = attribute_ids if number % 2 else attribute_ids[::-1]
                if round_ % 4 == 3:
                    try:
                        services.listing_value_delete(
                            listing_id=planted.listing_id,
                            attribute_id=ordered[0],
                            user=owner,
                        )
                    except services.ValueNotFound:
                        pass
                    continue
                services.listing_values_save(
                    listing_id=planted.listing_id,
                    user=owner,
                    submitted=[
                        SubmittedValue(i, {"text_value": f"w{number}-{round_}"})
                        for i in ordered
                    ],
                )
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    # when eight writers hit the listing at once
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then every write succeeded and both stores hold the same values
    assert errors == []
    assert not DriftEntry.objects.exists()
    assert stores_equal(planted.listing_id)
