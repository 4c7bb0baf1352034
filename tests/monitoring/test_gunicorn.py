"""Metrics stay true under several gunicorn workers (multiprocess mode)."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
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


def test_a_killed_worker_leaves_no_stale_in_flight_and_totals_do_not_drop(server):
    # given some answered requests, then one request whose body never arrives,
    # so its worker waits inside the middleware chain
    for _ in range(10):
        server.get("/health/live")
    before = _api_requests(_scrape(server))
    with _request_without_its_body(server) as stuck:
        stuck_worker = _until(lambda: _worker_holding(server, stuck), "the worker")
        _until(
            lambda: value_of(_scrape(server), "http_requests_in_flight") == 2,
            "the stuck request in flight",
        )

        # when that worker is killed and the master replaces it
        os.kill(stuck_worker, signal.SIGKILL)
        _until(
            lambda: stuck_worker not in server.workers() and len(server.workers()) == 3,
            "a replacement worker",
        )
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


@contextmanager
def _request_without_its_body(server: Server) -> Iterator[socket.socket]:
    """Send a form POST's headers and part of its body, and hold the rest back.

    Django's CSRF check reads the form body of a POST that carries a CSRF
    cookie, so the worker blocks on the socket, inside the middleware chain.
    """
    host, port = server.url.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)))
    connection.sendall(
        b"POST /admin/login/ HTTP/1.1\r\n"
        b"Host: 127.0.0.1\r\n"
        b"Cookie: csrftoken=" + b"a" * 32 + b"\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 1000\r\n\r\n"
        b"csrfmiddlewaretoken="
    )
    try:
        yield connection
    finally:
        connection.close()


def _worker_holding(server: Server, client: socket.socket) -> int | None:
    """Return the worker whose accepted socket is the other end of `client`."""
    client_port = client.getsockname()[1]
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[2].split(":")[1], 16) == client_port:
            inode = fields[9]
    if inode is None:
        return None
    for pid in server.workers():
        try:
            links = {os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()}
        except OSError:
            continue
        if f"socket:[{inode}]" in links:
            return pid
    return None
