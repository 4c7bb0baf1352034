"""The real URL map plus /bench/constant, the baseline of the benchmark."""

import os

from django.urls import include, path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from attributes.stores import unified_store


class ConstantView(APIView):
    """A trivial DRF view returning a constant body, behind the same middleware."""

    def get(self, request: Request) -> Response:
        """Return a constant body."""
        return Response({"status": "ok"})


def _broken(*args, **kwargs):
    raise RuntimeError("unified store broken on purpose (BENCH_BREAK_V2=1)")


if os.environ.get("BENCH_BREAK_V2") == "1":
    unified_store.category_exists = _broken
    unified_store.category_definitions_get = _broken

urlpatterns = [
    path("bench/constant", ConstantView.as_view()),
    path("", include("config.urls")),
]
