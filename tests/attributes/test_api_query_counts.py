"""A read runs the same few queries whether a category has 3 attributes or 60."""

from __future__ import annotations

import pytest

from flags.snapshot import controls_snapshot
from tests.factories import (
    LegacyAttributeFactory,
    LegacyListingValueFactory,
    LegacyMappingFactory,
    ListingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _controls_cached(db) -> None:
    # The rollout controls come from the database once, then from the shared
    # cache: load them first, so each request counts only its own queries.
    controls_snapshot()


# Category read: the category exists, its definitions. Listing read: the listing,
# its values, their definitions. A little headroom for the rollout controls.
MAX_QUERIES = 5

CATEGORY_URLS = [
    "/api/v1/marketplace/categories/{}/attributes",
    "/api/v2/marketplace/categories/{}/attributes",
]
LISTING_URLS = [
    "/api/v1/marketplace/listings/{}/attributes",
    "/api/v2/marketplace/listings/{}/attributes",
]
TYPES = ["text", "number", "boolean", "select", "multiselect", "date"]
COLUMNS = {
    "text": {"text_value": "denim"},
    "number": {"text_value": "1 200,5"},
    "boolean": {"boolean_value": True},
    "select": {"text_value": "new"},
    "multiselect": {"json_value": ["abs", "esp"]},
    "date": {"text_value": "31.12.2024"},
}


def _listing_with_attributes(count: int):
    """Lay a listing whose category enables `count` attributes, each with a value."""
    listing = ListingFactory()
    for index in range(count):
        attribute_type = TYPES[index % len(TYPES)]
        attribute = LegacyAttributeFactory(
            attribute_type=attribute_type,
            options=["new", "used", "abs", "esp"],
            validation_rules={"max_length": 50},
        )
        LegacyMappingFactory(category=listing.category, attribute=attribute)
        LegacyListingValueFactory(
            listing=listing, attribute=attribute, **COLUMNS[attribute_type]
        )
    return listing


def _queries_of(client, url, assert_max_queries) -> int:
    with assert_max_queries(MAX_QUERIES) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.mark.parametrize("url", CATEGORY_URLS)
def test_category_read_runs_a_bounded_number_of_queries(
    api_client, django_assert_max_num_queries, url
):
    # given
    small = _listing_with_attributes(3)
    large = _listing_with_attributes(60)

    # when
    small_count = _queries_of(
        api_client, url.format(small.category_id), django_assert_max_num_queries
    )
    large_count = _queries_of(
        api_client, url.format(large.category_id), django_assert_max_num_queries
    )

    # then
    assert small_count == large_count


@pytest.mark.parametrize("url", LISTING_URLS)
def test_listing_read_runs_a_bounded_number_of_queries(
    api_client, django_assert_max_num_queries, url
):
    # given
    small = _listing_with_attributes(3)
    large = _listing_with_attributes(60)

    # when
    small_count = _queries_of(
        api_client, url.format(small.pk), django_assert_max_num_queries
    )
    large_count = _queries_of(
        api_client, url.format(large.pk), django_assert_max_num_queries
    )

    # then
    assert small_count == large_count
