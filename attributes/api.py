"""The v1 and v2 attribute endpoints: thin views over selectors and services."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAcceptable
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
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
    return _answer_response(served, {})


@functools.lru_cache(maxsize=512)
def _negotiates_plain_json(view_class: type[APIView], accept: str | None) -> bool:
    """Whether DRF's negotiation of this Accept header picks plain JSON.

    Asks the view's own negotiation, once per distinct header: the answer
    depends on nothing else when no format is forced in the query string.
    """
    probe = HttpRequest()
    if accept is not None:
        probe.META["HTTP_ACCEPT"] = accept
    renderers = [renderer() for renderer in view_class.renderer_classes]
    try:
        renderer, media_type = view_class.content_negotiation_class().select_renderer(
            Request(probe), renderers
        )
    except NotAcceptable:
        return False
    return isinstance(renderer, JSONRenderer) and media_type == renderer.media_type


def _answerable_before_dispatch(
    view_class: type[APIView], request: HttpRequest
) -> bool:
    """Whether DRF's dispatch could only end in the cached JSON answer.

    A GET with no Authorization header has nothing for DRF to authenticate
    that could refuse it (reading is open to anyone, session user or not),
    and an Accept header DRF answers with plain JSON, with no format forced,
    leaves it no other renderer to pick.
    """
    return (
        request.method == "GET"
        and "HTTP_AUTHORIZATION" not in request.META
        and api_settings.URL_FORMAT_OVERRIDE not in request.GET
        and _negotiates_plain_json(view_class, request.META.get("HTTP_ACCEPT"))
    )


class CategoryAnswerView(APIView):
    """A category answer endpoint whose cache hits skip DRF's dispatch.

    The hot read, a cached JSON answer, costs one cache round trip and none
    of DRF's per-request work (request wrapping, authentication, permissions,
    negotiation), which cannot change that answer. Every other request,
    including a cache miss, goes through DRF as usual. The response carries
    the headers DRF would add (Allow, Vary).
    """

    shape: ClassVar[str]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., HttpResponse]:
        """Return the DRF view, with cached JSON answers served in front of it."""
        through_drf = super().as_view(**initkwargs)
        drf_headers = _headers_drf_adds(cls, initkwargs)

        @functools.wraps(through_drf)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if _answerable_before_dispatch(cls, request):
                served = selectors.category_answer_cached(
                    kwargs["category_id"], shape=cls.shape
                )
                if served is not None:
                    return _answer_response(served, drf_headers)
            return through_drf(request, *args, **kwargs)

        return view


def _headers_drf_adds(
    view_class: type[APIView], initkwargs: dict[str, Any]
) -> dict[str, str]:
    """Return the headers DRF's dispatch adds to this view's answers.

    Allow and Vary: Accept come from the view; Vary: Cookie from the session
    that DRF's session authentication reads.
    """
    view = view_class(**initkwargs)
    view.setup(HttpRequest())
    headers = dict(view.default_response_headers)
    headers["Vary"] = ", ".join(filter(None, (headers.get("Vary"), "Cookie")))
    return headers


def _answer_response(
    served: selectors.Served[bytes], headers: dict[str, str]
) -> HttpResponse:
    response = HttpResponse(served.result, content_type="application/json")
    response[STORE_HEADER] = served.store
    for name, value in headers.items():
        response[name] = value
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


class CategoryAttributesV1(CategoryAnswerView):
    """The attributes of a category, in the legacy shape."""

    shape = "v1"

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERRORS}, tags=["v1"])
    def get(self, request: Request, category_id: int) -> Response | HttpResponse:
        """Return the attributes enabled for the category."""
        return _category_answer(
            request, category_id, shape=self.shape, present=serializers.category_v1
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


class CategoryAttributesV2(CategoryAnswerView):
    """The attributes of a category, in the unified shape."""

    shape = "v2"

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERRORS}, tags=["v2"])
    def get(self, request: Request, category_id: int) -> Response | HttpResponse:
        """Return the attributes enabled for the category."""
        return _category_answer(
            request, category_id, shape=self.shape, present=serializers.category_v2
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
