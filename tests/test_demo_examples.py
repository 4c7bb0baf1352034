"""The README's examples work against the seeded demo data.

The demo is seeded at a fifth of its size: the catalogue and listings 1..400
are the same rows as at full size (a listing is made from its id alone).
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

CATEGORY_URL = "/api/v2/marketplace/categories/1103/attributes"
LISTING_URL = "/api/v2/marketplace/listings/268/attributes"
EXAMPLE_BODY = {"attributes": [{"attribute_id": 94, "text_value": "test"}]}

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded_demo(settings) -> str:
    """Seed the demo and return the staff API token the command prints."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("seed_demo", "--scale", "0.2", stdout=out)
    return re.search(r"Staff API token: (\w+)", out.getvalue()).group(1)


def _value_of_94(response) -> str | None:
    for item in response.json()["attributes"]:
        if item["attribute_id"] == 94:
            return item["text_value"]
    return None


def test_category_1103_lists_its_attributes(seeded_demo, api_client):
    # given the seeded demo
    # when anyone asks for the attributes of category 1103
    response = api_client.get(CATEGORY_URL)

    # then they come back, attribute 94 among them
    assert response.status_code == 200
    attributes = response.json()["attributes"]
    assert attributes
    assert 94 in {item["id"] for item in attributes}


def test_owner_seller_sets_attribute_94_and_reads_it_back(seeded_demo, api_client):
    # given the demo owner of listing 268, logged in with the demo password
    assert api_client.login(username="seller", password="seller-demo-password")

    # when they post the README's example
    response = api_client.post(LISTING_URL, EXAMPLE_BODY, format="json")

    # then it is accepted and a following read shows the value
    assert response.status_code == 200, response.json()
    assert _value_of_94(api_client.get(LISTING_URL)) == "test"


def test_staff_sets_attribute_94_with_the_printed_token(seeded_demo):
    # given the staff token the seeding printed
    client = APIClient(HTTP_AUTHORIZATION=f"Token {seeded_demo}")

    # when staff posts the README's example
    response = client.post(LISTING_URL, EXAMPLE_BODY, format="json")

    # then it is accepted and a following read shows the value
    assert response.status_code == 200, response.json()
    assert _value_of_94(APIClient().get(LISTING_URL)) == "test"


def test_anonymous_post_is_refused_and_changes_nothing(seeded_demo, api_client):
    # given the listing's value of attribute 94 before
    before = _value_of_94(api_client.get(LISTING_URL))

    # when an anonymous client posts the example
    response = api_client.post(LISTING_URL, EXAMPLE_BODY, format="json")

    # then it is refused and the value is unchanged
    assert response.status_code in (401, 403)
    assert _value_of_94(api_client.get(LISTING_URL)) == before
