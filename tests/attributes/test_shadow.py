"""Shadow comparison: counted and logged, never changing the response."""

from __future__ import annotations

import logging

import pytest

from attributes.domain import AttributeValue
from attributes.stores import unified_store
from attributes_v2.models import UnifiedCategoryAttribute
from tests.rollout import controls_put, counted, two_stores_planted

SHADOW_ALL = {"DUAL_WRITE_ATTRIBUTES": True, "SHADOW_COMPARE_PERCENT": 100}


def _read(api_client, planted):
    return api_client.get(
        f"/api/v2/marketplace/listings/{planted.listing_id}/attributes"
    )


@pytest.mark.django_db
def test_planted_mismatch_is_counted_and_logged_and_the_response_unchanged(
    api_client, owner, caplog
):
    # given stores that disagree on one value, and the answer without shadow
    planted = two_stores_planted(owner)
    unshadowed = _read(api_client, planted)
    controls_put(**SHADOW_ALL)
    before = counted("shadow_comparisons_total", result="mismatch")

    # when the listing is read with every read shadowed
    with caplog.at_level(logging.WARNING, logger="attributes.shadow"):
        shadowed = _read(api_client, planted)

    # then the client got the same answer, and the mismatch was counted and logged
    assert shadowed.status_code == 200
    assert shadowed.json() == unshadowed.json()
    assert shadowed["X-Attributes-Store"] == "v1"
    assert counted("shadow_comparisons_total", result="mismatch") == before + 1
    record = next(r for r in caplog.records if "Shadow mismatch" in r.getMessage())
    assert record.entity_id == planted.listing_id
    assert record.difference == {
        planted.attribute_id: {
            "served": repr(_value(planted, "from v1")),
            "other": repr(_value(planted, "from v2")),
        }
    }


def _value(planted, text):
    return AttributeValue(attribute_id=planted.attribute_id, value=text)


@pytest.mark.django_db
def test_equal_stores_count_a_match(api_client, owner):
    planted = two_stores_planted(owner)
    controls_put(**SHADOW_ALL)
    api_client.force_authenticate(owner)
    api_client.put(
        f"/api/v1/marketplace/listings/{planted.listing_id}/attributes",
        {"attributes": [{"attribute_id": planted.attribute_id, "text_value": "x"}]},
        format="json",
    )
    before = counted("shadow_comparisons_total", result="match")

    _read(api_client, planted)

    assert counted("shadow_comparisons_total", result="match") == before + 1


@pytest.mark.django_db
def test_shadow_read_failure_never_reaches_the_client(api_client, owner, monkeypatch):
    # given a shadow store that raises
    planted = two_stores_planted(owner)
    controls_put(**SHADOW_ALL)

    def broken(*args, **kwargs):
        raise RuntimeError("shadow store broke")

    monkeypatch.setattr(unified_store, "listing_values_get", broken)
    before = counted("shadow_comparisons_total", result="error")

    # when the listing is read
    response = _read(api_client, planted)

    # then the client got the v1 answer, and the error was counted
    assert response.status_code == 200
    assert response.json()["attributes"][0]["text_value"] == "from v1"
    assert counted("shadow_comparisons_total", result="error") == before + 1


@pytest.mark.django_db
def test_category_shadow_mismatch_is_counted(api_client, owner):
    # given the unified store missing the category's only attribute
    planted = two_stores_planted(owner)
    UnifiedCategoryAttribute.objects.filter(category_id=planted.category_id).delete()
    controls_put(**{**SHADOW_ALL, "ATTRIBUTES_CACHE_ENABLED": False})
    before = counted("shadow_comparisons_total", result="mismatch")

    # when the category is read
    response = api_client.get(
        f"/api/v2/marketplace/categories/{planted.category_id}/attributes"
    )

    # then the v1 answer is unchanged and the mismatch counted
    assert response.status_code == 200
    assert len(response.json()["attributes"]) == 1
    assert counted("shadow_comparisons_total", result="mismatch") == before + 1
