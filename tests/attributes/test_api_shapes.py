"""The v1 and v2 bodies, the store header on every response, and CORS."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.attributes.write_routes import V2_WRITE, WRITES, write
from tests.factories import LegacyListingValueFactory

pytestmark = pytest.mark.django_db

STORE_HEADER = "X-Attributes-Store"
FRONTEND = "http://localhost:3001"


@pytest.fixture
def described(listing, enable):
    """Lay a category with a number, a select and a date attribute, and values."""
    number = enable(
        "number",
        name="Mileage",
        display_name="",
        validation_rules={"min": 0, "max": 10.5},
        is_required=True,
        mapping={"sort_order": 1},
    )
    select = enable(
        "select",
        name="Condition",
        display_name="Condition of the item",
        options=["used", {"value": "new", "label": "New"}],
        is_variant_compatible=True,
        is_searchable=True,
        mapping={"sort_order": 2, "is_required": True},
    )
    when = enable(
        "date", name="First registration", display_name="Registered", affects_stock=True
    )
    LegacyListingValueFactory(
        listing=listing, attribute=number, text_value="about 5 000 km"
    )
    LegacyListingValueFactory(listing=listing, attribute=select, text_value="new")
    LegacyListingValueFactory(listing=listing, attribute=when, text_value="31.12.2024")
    return number, select, when


def test_v2_category_body(api_client, listing, described):
    # given
    number, select, when = described

    # when
    response = api_client.get(
        f"/api/v2/marketplace/categories/{listing.category_id}/attributes"
    )

    # then
    assert response.status_code == 200
    assert response.json() == {
        "category_id": listing.category_id,
        "attributes": [
            {
                "id": when.pk,
                "code": "first_registration",
                "name": "First registration",
                "display_name": "Registered",
                "attribute_type": "date",
                "purpose": "regular",
                "options": [],
                "validation_rules": {},
                "is_required": False,
                "is_searchable": False,
                "is_filterable": False,
                "affects_stock": True,
                "affects_price": False,
                "sort_order": 0,
            },
            {
                "id": number.pk,
                "code": "mileage",
                "name": "Mileage",
                "display_name": "Mileage",
                "attribute_type": "number",
                "purpose": "regular",
                "options": [],
                "validation_rules": {"min": "0", "max": "10.5"},
                "is_required": True,
                "is_searchable": False,
                "is_filterable": False,
                "affects_stock": False,
                "affects_price": False,
                "sort_order": 1,
            },
            {
                "id": select.pk,
                "code": "condition",
                "name": "Condition",
                "display_name": "Condition of the item",
                "attribute_type": "select",
                "purpose": "both",
                "options": [
                    {"value": "used", "label": "used"},
                    {"value": "new", "label": "New"},
                ],
                "validation_rules": {},
                "is_required": True,
                "is_searchable": True,
                "is_filterable": False,
                "affects_stock": False,
                "affects_price": False,
                "sort_order": 2,
            },
        ],
    }


def test_v1_category_body(api_client, listing, described):
    # given
    number, select, when = described

    # when
    response = api_client.get(
        f"/api/v1/marketplace/categories/{listing.category_id}/attributes"
    )

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["category_id"] == listing.category_id
    assert [item["id"] for item in body["attributes"]] == [
        when.pk,
        number.pk,
        select.pk,
    ]
    assert body["attributes"][2] == {
        "id": select.pk,
        "name": "Condition",
        "display_name": "Condition of the item",
        "attribute_type": "select",
        "options": [
            {"value": "used", "label": "used"},
            {"value": "new", "label": "New"},
        ],
        "validation_rules": {},
        "is_required": True,
        "is_searchable": True,
        "is_filterable": False,
        "is_variant_compatible": True,
        "affects_stock": False,
        "sort_order": 2,
    }
    assert body["attributes"][1]["display_name"] == ""
    assert body["attributes"][1]["validation_rules"] == {"min": 0, "max": 10.5}


def test_v2_listing_body(api_client, listing, described):
    # given
    number, select, when = described

    # when
    response = api_client.get(f"/api/v2/marketplace/listings/{listing.pk}/attributes")

    # then
    assert response.status_code == 200
    empty = {
        "text_value": None,
        "numeric_value": None,
        "boolean_value": None,
        "date_value": None,
        "json_value": None,
        "unparsed": None,
    }
    assert response.json() == {
        "listing_id": listing.pk,
        "category_id": listing.category_id,
        "attributes": [
            {
                "attribute_id": number.pk,
                "code": "mileage",
                "name": "Mileage",
                "display_name": "Mileage",
                "attribute_type": "number",
                **empty,
                "unparsed": {
                    "raw": "about 5 000 km",
                    "reason": "not a valid number value",
                },
            },
            {
                "attribute_id": select.pk,
                "code": "condition",
                "name": "Condition",
                "display_name": "Condition of the item",
                "attribute_type": "select",
                **empty,
                "text_value": "new",
            },
            {
                "attribute_id": when.pk,
                "code": "first_registration",
                "name": "First registration",
                "display_name": "Registered",
                "attribute_type": "date",
                **empty,
                "date_value": "2024-12-31",
            },
        ],
    }


def test_v1_listing_body(api_client, listing, described):
    # given
    number, select, when = described

    # when
    response = api_client.get(f"/api/v1/marketplace/listings/{listing.pk}/attributes")

    # then
    assert response.status_code == 200
    empty = {
        "text_value": None,
        "numeric_value": None,
        "boolean_value": None,
        "json_value": None,
    }
    assert response.json() == {
        "listing_id": listing.pk,
        "category_id": listing.category_id,
        "attributes": [
            {
                "attribute_id": number.pk,
                "name": "Mileage",
                "attribute_type": "number",
                **empty,
                "text_value": "about 5 000 km",
            },
            {
                "attribute_id": select.pk,
                "name": "Condition",
                "attribute_type": "select",
                **empty,
                "text_value": "new",
            },
            {
                "attribute_id": when.pk,
                "name": "First registration",
                "attribute_type": "date",
                **empty,
                "text_value": "2024-12-31",
            },
        ],
    }


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/marketplace/listings/{}/attributes",
        "/api/v2/marketplace/listings/{}/attributes",
    ],
)
def test_listing_body_gives_numbers_as_json_numbers(api_client, listing, enable, url):
    # given
    number = enable("number")
    LegacyListingValueFactory(
        listing=listing, attribute=number, numeric_value=Decimal("1200.500000")
    )

    # when
    response = api_client.get(url.format(listing.pk))

    # then
    assert response.json()["attributes"][0]["numeric_value"] == 1200.5


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/marketplace/categories/{category}/attributes",
        "/api/v2/marketplace/categories/{category}/attributes",
        "/api/v1/marketplace/listings/{listing}/attributes",
        "/api/v2/marketplace/listings/{listing}/attributes",
    ],
)
def test_every_read_names_the_legacy_store(api_client, listing, described, url):
    # given / when
    response = api_client.get(
        url.format(category=listing.category_id, listing=listing.pk)
    )

    # then
    assert response.status_code == 200
    assert response[STORE_HEADER] == "v1"


@pytest.mark.parametrize("route", WRITES)
def test_every_write_names_the_legacy_store(owner_client, listing, described, route):
    # given
    number, select, when = described

    # when
    response = write(
        owner_client,
        route,
        listing.pk,
        [{"attribute_id": select.pk, "text_value": "used"}],
    )

    # then
    assert response.status_code == 200, response.content
    assert response[STORE_HEADER] == "v1"


def test_write_answers_with_all_of_the_listings_values(
    owner_client, listing, described
):
    # given
    number, select, when = described

    # when
    response = write(
        owner_client,
        V2_WRITE,
        listing.pk,
        [{"attribute_id": number.pk, "numeric_value": 7}],
    )

    # then
    assert [
        (item["attribute_id"], item["numeric_value"], item["unparsed"])
        for item in response.json()["attributes"]
    ] == [(number.pk, 7, None), (select.pk, None, None), (when.pk, None, None)]


def test_delete_names_the_legacy_store(owner_client, listing, described):
    # given
    number, select, when = described

    # when
    response = owner_client.delete(
        f"/api/v2/marketplace/listings/{listing.pk}/attributes/{when.pk}"
    )

    # then
    assert response.status_code == 204
    assert response[STORE_HEADER] == "v1"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/marketplace/categories/{category}/attributes",
        "/api/v2/marketplace/listings/{listing}/attributes",
    ],
)
def test_frontend_origin_may_read_and_sees_the_store_header(
    api_client, listing, described, url
):
    # given / when
    response = api_client.get(
        url.format(category=listing.category_id, listing=listing.pk),
        HTTP_ORIGIN=FRONTEND,
    )

    # then
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    exposed = [h.strip() for h in response["Access-Control-Expose-Headers"].split(",")]
    assert STORE_HEADER in exposed


def test_frontend_preflight_for_a_write_is_allowed(api_client, listing):
    # given / when
    response = api_client.options(
        f"/api/v2/marketplace/listings/{listing.pk}/attributes",
        HTTP_ORIGIN=FRONTEND,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type,authorization",
    )

    # then
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    assert "POST" in response["Access-Control-Allow-Methods"]


def test_other_origin_gets_no_cors_grant(api_client, listing):
    # given / when
    response = api_client.get(
        f"/api/v2/marketplace/listings/{listing.pk}/attributes",
        HTTP_ORIGIN="http://evil.example",
    )

    # then
    assert "Access-Control-Allow-Origin" not in response
