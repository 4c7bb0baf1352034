"""Value rows edited outside the service layer (the admin) are dual-written too."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from attributes.models import DriftEntry
from attributes.stores import legacy_store, unified_store
from attributes_v1.models import ListingAttributeValue
from attributes_v2.models import UnifiedAttributeValue
from tests.factories import StaffFactory
from tests.rollout import controls_put, stores_equal, text_in, two_stores_planted


@pytest.fixture
def admin_client(client, db, settings):
    # Admin pages link static files; a test run has no collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    client.force_login(StaffFactory(is_superuser=True))
    return client


def test_admin_edit_of_a_legacy_value_lands_in_both_stores(admin_client, owner):
    # given dual-write on and a value in both stores
    planted = two_stores_planted(owner)
    controls_put(DUAL_WRITE_ATTRIBUTES=True)
    row = ListingAttributeValue.objects.get(listing_id=planted.listing_id)

    # when staff change it in the legacy value's admin page
    response = admin_client.post(
        f"/admin/attributes_v1/listingattributevalue/{row.pk}/change/",
        {
            "listing": planted.listing_id,
            "attribute": planted.attribute_id,
            "text_value": "edited in admin",
            "numeric_value": "",
            "boolean_value": "unknown",
            "json_value": "null",
        },
    )

    # then the unified store has the edit too
    assert response.status_code == 302, response.content[:2000]
    assert text_in(legacy_store, planted.listing_id, planted.attribute_id) == (
        "edited in admin"
    )
    assert stores_equal(planted.listing_id)


@pytest.mark.django_db
def test_direct_delete_of_a_unified_value_is_mirrored_to_legacy(owner):
    # given dual-write on and a value in both stores
    planted = two_stores_planted(owner)
    controls_put(DUAL_WRITE_ATTRIBUTES=True)

    # when the unified row is deleted outside the service layer
    UnifiedAttributeValue.objects.get(entity_id=planted.listing_id).delete()

    # then the legacy store lost it too
    assert text_in(legacy_store, planted.listing_id, planted.attribute_id) is None
    assert stores_equal(planted.listing_id)


@pytest.mark.django_db
def test_direct_edit_without_dual_write_touches_one_store(owner):
    planted = two_stores_planted(owner)
    row = ListingAttributeValue.objects.get(listing_id=planted.listing_id)

    row.text_value = "only here"
    row.save()

    assert text_in(unified_store, planted.listing_id, planted.attribute_id) == (
        "from v2"
    )


@pytest.mark.django_db
def test_failed_mirror_of_a_direct_edit_is_kept_in_the_drift_log(owner, monkeypatch):
    # given dual-write on and a unified store whose writes fail
    planted = two_stores_planted(owner)
    controls_put(DUAL_WRITE_ATTRIBUTES=True)

    def broken(*args, **kwargs):
        raise RuntimeError("unified store unreachable")

    row = ListingAttributeValue.objects.get(listing_id=planted.listing_id)
    with monkeypatch.context() as patch:
        patch.setattr(unified_store, "listing_values_save", broken)

        # when the legacy row is saved directly
        row.text_value = "edited"
        row.save()

    # then the edit stands, the drift is logged, and repair makes them equal
    entry = DriftEntry.objects.get()
    assert (entry.source_store, entry.target_store) == ("v1", "v2")
    call_command("attributes_repair", "--drift")
    assert stores_equal(planted.listing_id)
