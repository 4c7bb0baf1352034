"""A cached category answer is served before DRF's dispatch, as DRF would serve it."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from rest_framework.views import APIView

from tests.factories import TokenFactory
from tests.rollout import counted, two_stores_planted

pytestmark = pytest.mark.django_db

APIS = ["v1", "v2"]


def _path(planted, api: str) -> str:
    return f"/api/{api}/marketplace/categories/{planted.category_id}/attributes"


def _dispatched_by_drf(call):
    """Run `call`; return its response and whether DRF's dispatch ran."""
    with mock.patch.object(
        APIView, "initial", autospec=True, side_effect=APIView.initial
    ) as initial:
        response = call()
    return response, initial.called


@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize(
    "accept", [None, "*/*", "application/json", "application/json, text/plain, */*"]
)
def test_cached_answer_skips_drf_and_matches_its_response(
    api_client, owner, api, accept
):
    # given a category answer in the cache
    planted = two_stores_planted(owner)
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    api_client.get(_path(planted, api))

    # when it is read plainly, and with a format DRF must negotiate
    fast, fast_drf = _dispatched_by_drf(
        lambda: api_client.get(_path(planted, api), **headers)
    )
    slow, slow_drf = _dispatched_by_drf(
        lambda: api_client.get(_path(planted, api), {"format": "json"}, **headers)
    )

    # then only the second went through DRF, and both answers are the same
    assert (fast_drf, slow_drf) == (False, True)
    assert fast.status_code == slow.status_code == 200
    assert fast.content == slow.content
    assert dict(fast.headers) == dict(slow.headers)
    assert fast["X-Attributes-Store"] == "v1"
    assert fast["Allow"] and "Accept" in fast["Vary"]


@pytest.mark.parametrize("api", APIS)
def test_bad_token_is_refused_even_when_the_answer_is_cached(api_client, owner, api):
    planted = two_stores_planted(owner)
    api_client.get(_path(planted, api))

    response = api_client.get(_path(planted, api), HTTP_AUTHORIZATION="Token nope")

    assert response.status_code == 401


@pytest.mark.parametrize("api", APIS)
def test_valid_token_reads_the_cached_answer_through_drf(api_client, owner, api):
    planted = two_stores_planted(owner)
    first = api_client.get(_path(planted, api))
    token = TokenFactory(user=owner)

    response, drf = _dispatched_by_drf(
        lambda: api_client.get(
            _path(planted, api), HTTP_AUTHORIZATION=f"Token {token.key}"
        )
    )

    assert drf
    assert response.status_code == 200
    assert response.content == first.content


@pytest.mark.parametrize("api", APIS)
def test_browser_gets_the_browsable_page_not_the_cached_bytes(api_client, owner, api):
    planted = two_stores_planted(owner)
    api_client.get(_path(planted, api))

    response = api_client.get(
        _path(planted, api), HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8"
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_miss_is_counted_once_and_reads_the_cache_once(api_client, owner):
    # given a category whose answer is not cached
    planted = two_stores_planted(owner)
    misses = counted("cache_operations_total", operation="get", result="miss")

    # when it is read
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
        response, drf = _dispatched_by_drf(lambda: api_client.get(_path(planted, "v2")))

    # then DRF built it, after one cache read shared by both looks
    assert response.status_code == 200
    assert drf
    assert get_many.call_count == 1
    assert counted("cache_operations_total", operation="get", result="miss") == (
        misses + 1
    )


def test_unknown_category_is_still_a_404(api_client):
    response = api_client.get("/api/v2/marketplace/categories/987654/attributes")

    assert response.status_code == 404
    assert response.json()["error"]["code"]
