"""Each allowed combination of controls, through both APIs: reads and writes."""

from __future__ import annotations

import pytest

from attributes.stores import legacy_store, unified_store
from flags.buckets import reads_unified
from flags.snapshot import controls_from_db
from flags.stages import stage_of
from tests.rollout import controls_put, text_in, two_stores_planted

OFF = {
    "USE_UNIFIED_ATTRIBUTES": False,
    "UNIFIED_ATTRIBUTES_PERCENT": 0,
    "DUAL_WRITE_ATTRIBUTES": False,
    "UNIFIED_ATTRIBUTES_FALLBACK": True,
    "SHADOW_COMPARE_PERCENT": 0,
}

# (controls over OFF, stage, reads from v2?, writes reach the other store?)
STAGES = [
    ({}, "legacy only", False, False),
    ({"UNIFIED_ATTRIBUTES_PERCENT": 100}, "legacy only", False, False),
    ({"USE_UNIFIED_ATTRIBUTES": True}, "legacy only", False, False),
    ({"DUAL_WRITE_ATTRIBUTES": True}, "dual-write", False, True),
    (
        {"DUAL_WRITE_ATTRIBUTES": True, "SHADOW_COMPARE_PERCENT": 100},
        "shadow",
        False,
        True,
    ),
    (
        {
            "DUAL_WRITE_ATTRIBUTES": True,
            "USE_UNIFIED_ATTRIBUTES": True,
            "UNIFIED_ATTRIBUTES_PERCENT": 50,
        },
        "live at 50%",
        None,  # decided by the listing's bucket
        True,
    ),
    (
        {
            "DUAL_WRITE_ATTRIBUTES": True,
            "USE_UNIFIED_ATTRIBUTES": True,
            "UNIFIED_ATTRIBUTES_PERCENT": 100,
        },
        "live at 100%",
        True,
        True,
    ),
    (
        {
            "USE_UNIFIED_ATTRIBUTES": True,
            "UNIFIED_ATTRIBUTES_PERCENT": 100,
            "UNIFIED_ATTRIBUTES_FALLBACK": False,
        },
        "unified only",
        True,
        False,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("controls", "stage", "v2_reads", "mirrored"),
    STAGES,
    ids=[f"{stage}-{i}" for i, (_, stage, _, _) in enumerate(STAGES)],
)
def test_each_stage_routes_reads_and_writes_through_both_apis(
    api_client, owner, controls, stage, v2_reads, mirrored
):
    # given data that tells the stores apart, and the stage's controls
    planted = two_stores_planted(owner)
    controls_put(**{**OFF, **controls})
    snapshot = controls_from_db()
    listing_on_v2 = reads_unified(
        snapshot, entity="listing", entity_id=planted.listing_id
    )
    category_on_v2 = reads_unified(
        snapshot, entity="category", entity_id=planted.category_id
    )
    if v2_reads is not None:
        assert listing_on_v2 is v2_reads and category_on_v2 is v2_reads
    listing_label = "v2" if listing_on_v2 else "v1"
    primary, other = (
        (unified_store, legacy_store)
        if listing_on_v2
        else (legacy_store, unified_store)
    )

    # when both APIs read the listing and the category
    reads = {
        api: api_client.get(
            f"/api/{api}/marketplace/listings/{planted.listing_id}/attributes"
        )
        for api in ("v1", "v2")
    }
    categories = {
        api: api_client.get(
            f"/api/{api}/marketplace/categories/{planted.category_id}/attributes"
        )
        for api in ("v1", "v2")
    }

    # then the stage is named, and the routed store answered both APIs
    assert stage_of(snapshot) == stage
    for response in reads.values():
        assert response.status_code == 200
        assert response["X-Attributes-Store"] == listing_label
        assert response.json()["attributes"][0]["text_value"] == f"from {listing_label}"
    for response in categories.values():
        assert response.status_code == 200
        assert response["X-Attributes-Store"] == ("v2" if category_on_v2 else "v1")
        expected_name = "color" if category_on_v2 else "colour"
        assert response.json()["attributes"][0]["name"] == expected_name

    # when a write comes through each API
    api_client.force_authenticate(owner)
    for api, method, text in (("v1", "put", "via v1"), ("v2", "post", "via v2")):
        response = getattr(api_client, method)(
            f"/api/{api}/marketplace/listings/{planted.listing_id}/attributes",
            {
                "attributes": [
                    {"attribute_id": planted.attribute_id, "text_value": text}
                ]
            },
            format="json",
        )

        # then it lands in the primary, and in the other store only under dual-write
        assert response.status_code == 200
        assert response["X-Attributes-Store"] == listing_label
        assert text_in(primary, planted.listing_id, planted.attribute_id) == text
        expected_other = text if mirrored else f"from {other.name}"
        assert (
            text_in(other, planted.listing_id, planted.attribute_id) == expected_other
        )
