"""The two write endpoints of a listing's values, for tests that cover both."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

V2_WRITE = ("post", "/api/v2/marketplace/listings/{}/attributes")
V1_WRITE = ("put", "/api/v1/marketplace/listings/{}/attributes")
WRITES = [pytest.param(V2_WRITE, id="v2-post"), pytest.param(V1_WRITE, id="v1-put")]


def write(client: APIClient, route: tuple[str, str], listing_id, attributes: list):
    """Send a batch of values through one write endpoint."""
    method, url = route
    return getattr(client, method)(
        url.format(listing_id), {"attributes": attributes}, format="json"
    )
