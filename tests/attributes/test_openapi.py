"""The OpenAPI schema lists every attributes path, and the doc page answers."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from attributes import urls

pytestmark = pytest.mark.django_db


def _openapi_path(route: str) -> str:
    """Return the OpenAPI spelling of a Django route: <int:id> -> {id}."""
    return "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_schema_lists_every_attributes_path_and_method(api_client):
    # given
    expected = {_openapi_path(str(p.pattern)) for p in urls.urlpatterns}

    # when
    response = api_client.get("/api/schema/", {"format": "json"})

    # then
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert expected <= set(paths)
    assert set(paths["/api/v2/marketplace/listings/{listing_id}/attributes"]) >= {
        "get",
        "post",
    }
    assert "put" in paths["/api/v1/marketplace/listings/{listing_id}/attributes"]
    assert (
        "delete"
        in paths["/api/v2/marketplace/listings/{listing_id}/attributes/{attribute_id}"]
    )


def test_schema_documents_the_write_body(api_client):
    # given / when
    response = api_client.get("/api/schema/", {"format": "json"})

    # then
    schemas = response.json()["components"]["schemas"]
    assert "attributes" in schemas["ValueBatch"]["properties"]


def test_docs_page_answers(api_client):
    # given / when
    response = api_client.get("/api/docs/")

    # then
    assert response.status_code == 200
    assert b"/api/schema/" in response.content


def test_schema_is_valid_openapi_and_generates_without_warnings(tmp_path):
    # given
    target = tmp_path / "schema.yml"

    # when
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    # then
    assert target.read_text().startswith("openapi: 3")
