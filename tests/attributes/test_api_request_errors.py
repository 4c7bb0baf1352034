"""Requests the API cannot serve get a JSON error with the right status, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.attributes.write_routes import WRITES
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

BEYOND_64_BITS = 2**64 + 1


def _error(response, status: int) -> dict:
    """Return the error of a JSON error response, checking its status and shape."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    return error


@pytest.mark.parametrize("route", WRITES)
def test_malformed_json_is_a_400(owner_client, listing, route):
    # given
    method, url = route

    # when
    response = getattr(owner_client, method)(
        url.format(listing.pk), '{"attributes": [', content_type="application/json"
    )

    # then
    assert _error(response, 400)["code"] == "parse_error"


@pytest.mark.parametrize("route", WRITES)
def test_json_nested_too_deeply_is_a_400(owner_client, listing, route):
    # given
    method, url = route
    body = "[" * 100_000 + "]" * 100_000

    # when
    response = getattr(owner_client, method)(
        url.format(listing.pk), body, content_type="application/json"
    )

    # then
    assert _error(response, 400)["code"] == "parse_error"


@pytest.mark.parametrize("route", WRITES)
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param('{"attributes": []}', "text/plain", id="text-plain"),
        pytest.param(
            "attributes=1", "application/x-www-form-urlencoded", id="form-urlencoded"
        ),
    ],
)
def test_wrong_content_type_is_a_415(owner_client, listing, route, body, content_type):
    # given
    method, url = route

    # when
    response = getattr(owner_client, method)(
        url.format(listing.pk), body, content_type=content_type
    )

    # then
    assert _error(response, 415)["code"] == "unsupported_media_type"


@pytest.mark.parametrize("route", WRITES)
def test_multipart_form_is_a_415(owner_client, listing, route):
    # given
    method, url = route

    # when
    response = getattr(owner_client, method)(
        url.format(listing.pk), {"attributes": "1"}, format="multipart"
    )

    # then
    assert _error(response, 415)["code"] == "unsupported_media_type"


@pytest.mark.parametrize("route", WRITES)
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=200)
def test_body_over_the_size_limit_is_a_413(owner_client, listing, enable, route):
    # given
    attribute = enable("textarea")
    method, url = route
    body = json.dumps(
        {"attributes": [{"attribute_id": attribute.pk, "text_value": "x" * 500}]}
    )

    # when
    response = getattr(owner_client, method)(
        url.format(listing.pk), body, content_type="application/json"
    )

    # then
    assert _error(response, 413)["code"] == "payload_too_large"


@pytest.mark.parametrize("route", WRITES)
def test_body_that_is_not_a_batch_is_a_400(owner_client, listing, route):
    # given
    method, url = route

    # when
    response = getattr(owner_client, method)(
        url.format(listing.pk), {"attributes": "not a list"}, format="json"
    )

    # then
    assert _error(response, 400)["code"] == "invalid_request"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/marketplace/listings/{}/attributes",
        "/api/v2/marketplace/listings/{}/attributes",
    ],
)
@pytest.mark.parametrize("listing_id", [987_654, BEYOND_64_BITS, 0])
def test_read_of_unknown_listing_is_a_404(api_client, url, listing_id):
    # given / when
    response = api_client.get(url.format(listing_id))

    # then
    assert _error(response, 404)["code"] == "listing_not_found"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/marketplace/listings/abc/attributes",
        "/api/v1/marketplace/categories/-1/attributes",
        "/api/v2/marketplace/listings/1/attributes/",
        "/api/v3/nothing",
    ],
)
def test_api_url_no_route_matches_is_a_json_404(api_client, path):
    # given / when
    response = api_client.get(path)

    # then
    assert _error(response, 404)["code"] == "not_found"


def test_url_outside_the_api_keeps_the_html_404(api_client):
    # given / when
    response = api_client.get("/no-such-page")

    # then
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/marketplace/categories/{}/attributes",
        "/api/v2/marketplace/categories/{}/attributes",
    ],
)
@pytest.mark.parametrize("category_id", [987_654, BEYOND_64_BITS, 0])
def test_read_of_unknown_category_is_a_404(api_client, url, category_id):
    # given
    CategoryFactory()

    # when
    response = api_client.get(url.format(category_id))

    # then
    assert _error(response, 404)["code"] == "category_not_found"


@pytest.mark.parametrize("route", WRITES)
@pytest.mark.parametrize("listing_id", [987_654, BEYOND_64_BITS])
def test_write_to_unknown_listing_is_a_404(staff, route, listing_id, enable):
    # given
    attribute = enable("text")
    client = APIClient()
    client.force_authenticate(staff)
    method, url = route

    # when
    response = getattr(client, method)(
        url.format(listing_id),
        {"attributes": [{"attribute_id": attribute.pk, "text_value": "x"}]},
        format="json",
    )

    # then
    assert _error(response, 404)["code"] == "listing_not_found"


@pytest.mark.parametrize("listing_id", [987_654, BEYOND_64_BITS])
def test_delete_on_unknown_listing_is_a_404(owner_client, listing_id):
    # given / when
    response = owner_client.delete(
        f"/api/v2/marketplace/listings/{listing_id}/attributes/1"
    )

    # then
    assert _error(response, 404)["code"] == "listing_not_found"


@pytest.mark.parametrize("attribute_id", [987_654, BEYOND_64_BITS])
def test_delete_of_a_value_that_does_not_exist_is_a_404(
    owner_client, listing, enable, attribute_id
):
    # given
    enable("text")

    # when
    response = owner_client.delete(
        f"/api/v2/marketplace/listings/{listing.pk}/attributes/{attribute_id}"
    )

    # then
    assert _error(response, 404)["code"] == "value_not_found"


@pytest.mark.parametrize("route", WRITES)
def test_attribute_id_beyond_64_bits_in_a_batch_is_a_400(owner_client, listing, route):
    # given
    method, url = route

    # when
    response = getattr(owner_client, method)(
        url.format(listing.pk),
        {"attributes": [{"attribute_id": BEYOND_64_BITS, "text_value": "x"}]},
        format="json",
    )

    # then
    assert _error(response, 400)["code"] == "invalid_request"
