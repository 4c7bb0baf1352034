"""The v1 and v2 attribute endpoints: thin views over selectors and services."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from attributes import selectors, serializers, services

STORE_HEADER = "X-Attributes-Store"


def _served(body: Any, store: str, code: int = status.HTTP_200_OK) -> Response:
    response = Response(body, status=code)
    response[STORE_HEADER] = store
    return response


def _category_answer(
    request: Request,
    category_id: int,
    *,
    shape: str,
    present: Any,
) -> Response | HttpResponse:
    if request.accepted_renderer.format != "json":
        # The browsable page renders every time; only JSON answers are cached.
        served = selectors.category_definitions_get(category_id)
        return _served(present(category_id, served.result), served.store)

    def render(category_id: int, assignments: list) -> bytes:
        return JSONRenderer().render(present(category_id, assignments))

    served = selectors.category_answer_get(category_id, shape=shape, render=render)
    response = HttpResponse(served.result, content_type="application/json")
    response[STORE_HEADER] = served.store
    return response


def _save(request: Request, listing_id: int) -> str:
    batch = serializers.ValueBatchSerializer(data=request.data)
    batch.is_valid(raise_exception=True)
    return services.listing_values_save(
        listing_id=listing_id, user=request.user, submitted=batch.submitted()
    )


ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid input"),
    403: OpenApiResponse(OpenApiTypes.OBJECT, description="Not the owner"),
    404: OpenApiResponse(OpenApiTypes.OBJECT, description="Unknown listing"),
    503: OpenApiResponse(OpenApiTypes.OBJECT, description="Store unavailable"),
}


class CategoryAttributesV1(APIView):
    """The attributes of a category, in the legacy shape."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERRORS}, tags=["v1"])
    def get(self, request: Request, category_id: int) -> Response | HttpResponse:
        """Return the attributes enabled for the category."""
        return _category_answer(
            request, category_id, shape="v1", present=serializers.category_v1
        )


class ListingAttributesV1(APIView):
    """The attribute values of a listing, in the legacy shape."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERRORS}, tags=["v1"])
    def get(self, request: Request, listing_id: int) -> Response:
        """Return the listing's values."""
        served = selectors.listing_attributes_get(listing_id)
        return _served(serializers.listing_v1(served.result), served.store)

    @extend_schema(
        request=serializers.ValueBatchSerializer,
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        tags=["v1"],
    )
    def put(self, request: Request, listing_id: int) -> Response:
        """Upsert the given values; values not named are left as they are."""
        store = _save(request, listing_id)
        served = selectors.listing_attributes_get(listing_id)
        return _served(serializers.listing_v1(served.result), store)


class CategoryAttributesV2(APIView):
    """The attributes of a category, in the unified shape."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERRORS}, tags=["v2"])
    def get(self, request: Request, category_id: int) -> Response | HttpResponse:
        """Return the attributes enabled for the category."""
        return _category_answer(
            request, category_id, shape="v2", present=serializers.category_v2
        )


class ListingAttributesV2(APIView):
    """The attribute values of a listing, in the unified shape."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERRORS}, tags=["v2"])
    def get(self, request: Request, listing_id: int) -> Response:
        """Return the listing's values."""
        served = selectors.listing_attributes_get(listing_id)
        return _served(serializers.listing_v2(served.result), served.store)

    @extend_schema(
        request=serializers.ValueBatchSerializer,
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        tags=["v2"],
    )
    def post(self, request: Request, listing_id: int) -> Response:
        """Upsert a batch of values; return all of the listing's values."""
        store = _save(request, listing_id)
        served = selectors.listing_attributes_get(listing_id)
        return _served(serializers.listing_v2(served.result), store)


class ListingAttributeV2(APIView):
    """One attribute value of a listing."""

    @extend_schema(responses={204: None, **ERRORS}, tags=["v2"])
    def delete(self, request: Request, listing_id: int, attribute_id: int) -> Response:
        """Remove the value."""
        store = services.listing_value_delete(
            listing_id=listing_id, attribute_id=attribute_id, user=request.user
        )
        return _served(None, store, status.HTTP_204_NO_CONTENT)
