"""Writes need the listing's owner or staff; reads are open to anyone."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from attributes_v1.models import ListingAttributeValue
from tests.attributes.write_routes import WRITES, write
from tests.factories import LegacyListingValueFactory, TokenFactory, UserFactory

pytestmark = pytest.mark.django_db


def _client_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _assert_json_error(response, statuses: tuple[int, ...]) -> None:
    assert response.status_code in statuses, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"]


@pytest.mark.parametrize("route", WRITES)
def test_anonymous_write_is_refused(api_client, listing, enable, route):
    # given
    attribute = enable("text")

    # when
    response = write(
        api_client,
        route,
        listing.pk,
        [{"attribute_id": attribute.pk, "text_value": "x"}],
    )

    # then
    _assert_json_error(response, (401, 403))
    assert not ListingAttributeValue.objects.exists()


def test_anonymous_delete_is_refused(api_client, listing, enable):
    # given
    attribute = enable("text")
    LegacyListingValueFactory(listing=listing, attribute=attribute, text_value="x")

    # when
    response = api_client.delete(
        f"/api/v2/marketplace/listings/{listing.pk}/attributes/{attribute.pk}"
    )

    # then
    _assert_json_error(response, (401, 403))
    assert ListingAttributeValue.objects.filter(listing=listing).exists()


@pytest.mark.parametrize("route", WRITES)
def test_write_to_another_users_listing_is_refused(listing, enable, route):
    # given
    attribute = enable("text")
    stranger = _client_as(UserFactory())

    # when
    response = write(
        stranger, route, listing.pk, [{"attribute_id": attribute.pk, "text_value": "x"}]
    )

    # then
    _assert_json_error(response, (403,))
    assert response.json()["error"]["code"] == "not_listing_owner"
    assert not ListingAttributeValue.objects.exists()


def test_delete_on_another_users_listing_is_refused(listing, enable):
    # given
    attribute = enable("text")
    LegacyListingValueFactory(listing=listing, attribute=attribute, text_value="x")
    stranger = _client_as(UserFactory())

    # when
    response = stranger.delete(
        f"/api/v2/marketplace/listings/{listing.pk}/attributes/{attribute.pk}"
    )

    # then
    _assert_json_error(response, (403,))
    assert ListingAttributeValue.objects.filter(listing=listing).exists()


@pytest.mark.parametrize("route", WRITES)
@pytest.mark.parametrize("who", ["owner", "staff"])
def test_owner_and_staff_may_write(request, listing, enable, route, who):
    # given
    attribute = enable("text")
    client = _client_as(request.getfixturevalue(who))

    # when
    response = write(
        client, route, listing.pk, [{"attribute_id": attribute.pk, "text_value": "x"}]
    )

    # then
    assert response.status_code == 200, response.content
    assert ListingAttributeValue.objects.get(listing=listing).text_value == "x"


@pytest.mark.parametrize("who", ["owner", "staff"])
def test_owner_and_staff_may_delete(request, listing, enable, who):
    # given
    attribute = enable("text")
    LegacyListingValueFactory(listing=listing, attribute=attribute, text_value="x")
    client = _client_as(request.getfixturevalue(who))

    # when
    response = client.delete(
        f"/api/v2/marketplace/listings/{listing.pk}/attributes/{attribute.pk}"
    )

    # then
    assert response.status_code == 204, response.content
    assert not ListingAttributeValue.objects.filter(listing=listing).exists()


@pytest.mark.parametrize("route", WRITES)
def test_token_authentication_identifies_the_owner(owner, listing, enable, route):
    # given
    attribute = enable("text")
    token = TokenFactory(user=owner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    # when
    response = write(
        client, route, listing.pk, [{"attribute_id": attribute.pk, "text_value": "x"}]
    )

    # then
    assert response.status_code == 200, response.content


def test_unknown_token_is_refused(listing, enable):
    # given
    attribute = enable("text")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    # when
    response = client.post(
        f"/api/v2/marketplace/listings/{listing.pk}/attributes",
        {"attributes": [{"attribute_id": attribute.pk, "text_value": "x"}]},
        format="json",
    )

    # then
    _assert_json_error(response, (401, 403))
    assert response.json()["error"]["code"] == "authentication_failed"


def test_session_login_of_the_owner_may_write(owner, listing, enable):
    # given
    attribute = enable("text")
    client = APIClient()
    client.force_login(owner)

    # when
    response = client.post(
        f"/api/v2/marketplace/listings/{listing.pk}/attributes",
        {"attributes": [{"attribute_id": attribute.pk, "text_value": "x"}]},
        format="json",
    )

    # then
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/marketplace/categories/{category}/attributes",
        "/api/v2/marketplace/categories/{category}/attributes",
        "/api/v1/marketplace/listings/{listing}/attributes",
        "/api/v2/marketplace/listings/{listing}/attributes",
    ],
)
def test_anonymous_reads_are_allowed(api_client, listing, enable, url):
    # given
    enable("text")

    # when
    response = api_client.get(
        url.format(category=listing.category_id, listing=listing.pk)
    )

    # then
    assert response.status_code == 200, response.content
