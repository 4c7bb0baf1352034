"""Metrics stay true under several gunicorn workers (multiprocess mode)."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.monitoring.scrape import value_of
from tests.monitoring.servers import Server, free_port, gunicorn_running, manage

DEADLINE_SECONDS = 30


@pytest.fixture(scope="module")
def sqlite_database(tmp_path_factory) -> Path:
    """Return a migrated SQLite file the servers of this module share."""
    path = tmp_path_factory.mktemp("db") / "db.sqlite3"
    manage("migrate", "--no-input", env={"DATABASE_URL": f"sqlite:///{path}"})
    return path


@pytest.fixture
def server(tmp_path, sqlite_database):
    env = {"DATABASE_URL": f"sqlite:///{sqlite_database}", "REDIS_URL": ""}
    with gunicorn_running(tmp_path=tmp_path, env=env, workers=3) as running:
        yield running


def _scrape(server: Server) -> str:
    answer = server.get("/metrics")
    assert answer.status == 200
    return answer.text()


def _until(condition, what: str):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def _api_requests(page: str) -> float:
    return value_of(page, "http_requests_total") - value_of(
        page, "http_requests_total", endpoint="/metrics"
    )


def test_requests_spread_over_three_workers_are_counted_exactly(server):
    # given a server with three workers
    before = value_of(_scrape(server), "http_requests_total", endpoint="/health/live")

    # when 120 requests arrive six at a time, each on a new connection
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(
            pool.map(lambda _: server.get("/health/live").status, range(120))
        )
    page = _scrape(server)

    # then every one is counted once, whichever worker answered it
    assert statuses == [200] * 120
    after = value_of(page, "http_requests_total", endpoint="/health/live")
    assert after - before == 120
    assert len(list(server.multiproc_dir.glob("counter_*.db"))) >= 2


def test_a_killed_worker_leaves_no_stale_in_flight_and_totals_do_not_drop(
    server, sqlite_database
):
    # given some answered requests, then one request stuck on a database lock
    for _ in range(10):
        server.get("/health/live")
    before = _api_requests(_scrape(server))
    lock = sqlite3.connect(sqlite_database, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    stuck = threading.Thread(
        target=lambda: _ignore_errors(
            server.get, "/api/v1/marketplace/categories/1/attributes"
        )
    )
    stuck.start()
    stuck_worker = _until(lambda: _worker_with_open(server, sqlite_database), "stuck")
    _until(
        lambda: value_of(_scrape(server), "http_requests_in_flight") == 2,
        "the stuck request in flight",
    )

    # when the stuck worker is killed and the master replaces it
    os.kill(stuck_worker, signal.SIGKILL)
    _until(
        lambda: stuck_worker not in server.workers() and len(server.workers()) == 3,
        "a replacement worker",
    )
    lock.execute("ROLLBACK")
    lock.close()
    stuck.join(timeout=DEADLINE_SECONDS)
    page = _scrape(server)

    # then only the scrape itself is in flight and no answered request is lost
    assert value_of(page, "http_requests_in_flight") == 1
    assert _api_requests(page) == before


def test_server_start_wipes_the_previous_run_metrics(tmp_path, sqlite_database):
    # given a metrics directory left by an earlier run (a file the scrape
    # could not even read)
    stale = tmp_path / "prometheus-multiproc" / "counter_999999.db"
    stale.parent.mkdir()
    stale.write_bytes(b"not a metrics file of this run")
    env = {"DATABASE_URL": f"sqlite:///{sqlite_database}", "REDIS_URL": ""}

    # when the server starts
    with gunicorn_running(tmp_path=tmp_path, env=env, workers=1) as server:
        page = _scrape(server)

    # then the old file is gone and the page counts this run's requests only
    assert not stale.exists()
    assert value_of(page, "http_requests_total", endpoint="/health/live") >= 1


def test_ready_is_503_and_live_200_when_the_database_is_unreachable(tmp_path):
    # given a server whose PostgreSQL address has nothing listening
    env = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/unreachable",
        "DATABASE_POOL_MIN_SIZE": "0",
        "DATABASE_POOL_TIMEOUT": "1",
        "REDIS_URL": "",
    }
    with gunicorn_running(tmp_path=tmp_path, env=env, workers=1) as server:
        # when the probes are called
        ready = server.get("/health/ready")
        live = server.get("/health/live")
        page = _scrape(server)

    # then ready says unavailable with 503, live still answers 200
    assert ready.status == 503
    assert '"database": {"status": "error"' in ready.text()
    assert live.status == 200
    assert value_of(page, "health_ready_status") == 0


def _ignore_errors(call, *args):
    try:
        call(*args)
    except OSError:
        pass


def _worker_with_open(server: Server, path: Path) -> int | None:
    for pid in server.workers():
        fds = Path(f"/proc/{pid}/fd")
        try:
            targets = {os.readlink(fd) for fd in fds.iterdir()}
        except OSError:
            continue
        if str(path) in targets:
            return pid
    return None
