"""Typed failures of the service layer, and the one place they become responses."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request, with a stable code and what it concerns."""

    code: str
    message: str
    attribute_ids: list[int] = field(default_factory=list)


class ServiceError(Exception):
    """A failure the API edge turns into a JSON error with a status."""

    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ListingNotFound(ServiceError):
    """The listing does not exist."""

    status_code = status.HTTP_404_NOT_FOUND
    code = "listing_not_found"


class CategoryNotFound(ServiceError):
    """The category does not exist."""

    status_code = status.HTTP_404_NOT_FOUND
    code = "category_not_found"


class ValueNotFound(ServiceError):
    """The listing has no value for the attribute."""

    status_code = status.HTTP_404_NOT_FOUND
    code = "value_not_found"


class NotListingOwner(ServiceError):
    """The user may not change this listing."""

    status_code = status.HTTP_403_FORBIDDEN
    code = "not_listing_owner"


class StoreUnavailable(ServiceError):
    """The store that should answer failed and no fallback was allowed."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    code = "store_unavailable"


class ValidationFailed(ServiceError):
    """The submitted values break one or more rules; every problem is listed."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "validation_failed"

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) with the submitted attributes")
        self.problems = problems


class PayloadTooLarge(exceptions.APIException):
    """The request body is larger than the configured limit."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large."
    default_code = "payload_too_large"


def _error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


def _drf_details(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _drf_details(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_drf_details(item) for item in detail]
    if isinstance(detail, exceptions.ErrorDetail):
        return {"code": detail.code, "message": str(detail)}
    return detail


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn service and framework errors into one JSON error shape."""
    if isinstance(exc, ValidationFailed):
        details = [asdict(problem) for problem in exc.problems]
        return Response(_error_body(exc.code, exc.message, details), exc.status_code)
    if isinstance(exc, ServiceError):
        return Response(_error_body(exc.code, exc.message), exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig):
        # Django refuses the body while the parser reads it, before our own check.
        exc = PayloadTooLarge()
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            _error_body(
                "invalid_request",
                "The request body is not valid.",
                _drf_details(exc.detail),
            ),
            exc.status_code,
        )
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        response = Response(_error_body(code, str(exc.detail)), exc.status_code)
        if getattr(exc, "wait", None):
            response["Retry-After"] = str(int(exc.wait))
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            response["WWW-Authenticate"] = auth_header
        return response

    logger.exception(
        "Unhandled error in %s; answering 500",
        context.get("view").__class__.__name__,
    )
    return Response(
        _error_body("internal_error", "An internal error occurred."),
        status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer an unmatched URL: the JSON error shape under /api/, else Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            _error_body("not_found", "No such resource."),
            status=status.HTTP_404_NOT_FOUND,
        )
    return defaults.page_not_found(request, exception)
