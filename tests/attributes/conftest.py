"""Fixtures of the attributes API tests: a listing, its owner, its attributes.

Until the rollout exists every read and write is served by the legacy store, so
the data is laid in the legacy tables with the factories.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import LegacyAttributeFactory, LegacyMappingFactory, ListingFactory


@pytest.fixture
def listing(owner):
    """Return a listing of `owner` in a category of its own."""
    return ListingFactory(user=owner)


@pytest.fixture
def owner_client(owner) -> APIClient:
    """Return an API client authenticated as the listing's owner."""
    client = APIClient()
    client.force_authenticate(owner)
    return client


@pytest.fixture
def enable(listing):
    """Return a function enabling a new legacy attribute in the listing's category."""

    def _enable(attribute_type: str = "text", *, mapping: dict | None = None, **fields):
        attribute = LegacyAttributeFactory(attribute_type=attribute_type, **fields)
        LegacyMappingFactory(
            category=listing.category, attribute=attribute, **(mapping or {})
        )
        return attribute

    return _enable
