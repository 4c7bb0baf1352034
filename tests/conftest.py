"""Shared fixtures, and the rules for tests that need PostgreSQL or Redis.

A test marked `postgres` or `redis` is skipped, with a reason, on the embedded
default (SQLite, file cache); one marked `prometheus` is skipped where
Debian's prometheus package (prometheus, promtool) is not installed. With
REQUIRE_NO_SKIPS=1 (the CI run against PostgreSQL and Redis) any skipped test
fails the session.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import StaffFactory, UserFactory


def _on_postgres() -> bool:
    # The ENGINE may be a wrapper (django-prometheus): ask the backend's vendor.
    from django.db import connection

    return connection.vendor == "postgresql"


def _on_redis() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


def _has_prometheus() -> bool:
    return all(shutil.which(tool) for tool in ("prometheus", "promtool"))


def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    for item in items:
        if "postgres" in item.keywords and not _on_postgres():
            item.add_marker(
                pytest.mark.skip(
                    reason="needs PostgreSQL: set DATABASE_URL=postgres://"
                )
            )
        if "redis" in item.keywords and not _on_redis():
            item.add_marker(
                pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://")
            )
        if "prometheus" in item.keywords and not _has_prometheus():
            item.add_marker(
                pytest.mark.skip(
                    reason="needs prometheus and promtool: apt-get install prometheus"
                )
            )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("REQUIRE_NO_SKIPS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"REQUIRE_NO_SKIPS=1 and {len(skipped)} test(s) were skipped: failing",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def owner(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()
