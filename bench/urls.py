"""The real URL map plus /bench/constant, the baseline of the benchmark.

With BENCH_BREAK_FILE set, every unified store category read raises while that
file exists: the benchmark times the fallback path on the same server (and
the same worker processes) as the paths it is compared with.
"""

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


def _breakable(read):
    break_file = os.environ["BENCH_BREAK_FILE"]

    def maybe_broken(*args, **kwargs):
        if os.path.exists(break_file):
            raise RuntimeError(f"unified store broken on purpose ({break_file})")
        return read(*args, **kwargs)

    return maybe_broken


if os.environ.get("BENCH_BREAK_FILE"):
    unified_store.category_exists = _breakable(unified_store.category_exists)
    unified_store.category_definitions_get = _breakable(
        unified_store.category_definitions_get
    )

urlpatterns = [
    path("bench/constant", ConstantView.as_view()),
    path("", include("config.urls")),
]
