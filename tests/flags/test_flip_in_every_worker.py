"""A flip reaches every gunicorn worker on its next request (real processes)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
WORKERS = 2
ROUNDS = 40
CONCURRENCY = 8
MAX_BATCHES = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.fixture
def app_env(tmp_path, transactional_db):
    """Environment of a separate app: the test's PostgreSQL, or a SQLite file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["DJANGO_STATIC_ROOT"] = str(tmp_path / "static")
    env["CACHE_DIR"] = str(tmp_path / "cache")
    env["LOG_LEVEL"] = "WARNING"
    if connection.vendor == "postgresql":
        # The test database itself: transactional_db commits what we write.
        db = connection.settings_dict
        password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'app.sqlite3'}"
        _manage(env, "migrate", "--no-input", "-v0")
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    _manage(env, "collectstatic", "--no-input", "-v0")
    return env


@pytest.fixture
def gunicorn(app_env, tmp_path):
    """Run the app under gunicorn with two sync workers; yield (url, access log)."""
    port = _free_port()
    log = tmp_path / "access.log"
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "-c",
            "config/gunicorn.py",
            "--access-logfile",
            str(log),
            # worker pid and the store header of every response
            "--access-logformat",
            "%(p)s %(s)s %({x-attributes-store}o)s %(U)s",
        ],
        cwd=ROOT,
        env={**app_env, "PORT": str(port), "WEB_CONCURRENCY": str(WORKERS)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/schema/", timeout=2)
            break
        except OSError:
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
    yield url, log
    process.terminate()
    process.wait(timeout=30)


def _served(log: Path, path: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in log.read_text().splitlines():
        pid, status, store, url = line.split(" ", 3)
        if url == path:
            rows.append((pid, status, store))
    return rows


def _read_many(url: str, path: str, log: Path) -> list[tuple[str, str, str]]:
    """Read `path` until every worker has served it; return what served each read.

    Reads go out CONCURRENCY at a time on new connections, so a busy worker
    leaves the next connection to the other one; sequential reads may all land
    on the same worker. Bounded: at most MAX_BATCHES batches.
    """
    before = len(_served(log, path))
    sent = 0
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for _ in range(MAX_BATCHES):
            list(
                pool.map(
                    lambda _: urllib.request.urlopen(url + path, timeout=10).read(),
                    range(CONCURRENCY),
                )
            )
            sent += CONCURRENCY
            rows = _logged(log, path, before, sent)
            if sent >= ROUNDS and len({pid for pid, _, _ in rows}) == WORKERS:
                break
    return _logged(log, path, before, sent)


def _logged(log: Path, path: str, before: int, sent: int) -> list[tuple[str, str, str]]:
    deadline = time.monotonic() + 10
    while len(_served(log, path)) < before + sent:
        assert time.monotonic() < deadline, "access log incomplete"
        time.sleep(0.05)
    return _served(log, path)[before:]


def _admin_flip(url: str, switch_id: str, *, active: bool, reason: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, fields: dict) -> str:
        page = opener.open(url + path, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token})
        return opener.open(url + path, body.encode(), timeout=10).read().decode()

    credentials = {"username": "flipper", "password": "flip-pass-123"}
    post("/admin/login/?next=/admin/", {**credentials, "next": "/admin/"})
    fields = {"reason": reason, **({"active": "on"} if active else {})}
    page = post(f"/admin/waffle/switch/{switch_id}/change/", fields)
    assert "Rollout stage" in page, "the admin did not save the switch"


def test_flip_by_command_and_by_admin_is_seen_by_every_worker_at_once(
    app_env, gunicorn
):
    # given a category, a staff user, and both workers serving it from v1
    url, log = gunicorn
    category_id, switch_id = (
        _manage(
            app_env,
            "shell",
            "-c",
            "from django.contrib.auth.models import User;"
            "from marketplace.models import Category;"
            "from waffle.models import Switch;"
            "User.objects.create_superuser('flipper', password='flip-pass-123');"
            "c = Category.objects.create(name='Flip', slug='flip');"
            "s, _ = Switch.objects.get_or_create(name='USE_UNIFIED_ATTRIBUTES');"
            "print(c.pk, s.pk)",
        )
        .splitlines()[-1]
        .split()
    )
    path = f"/api/v2/marketplace/categories/{category_id}/attributes"
    before = _read_many(url, path, log)
    assert {store for _, _, store in before} == {"v1"}
    assert len({pid for pid, _, _ in before}) == WORKERS

    # when an operator moves every read to v2 with the command
    for name, value in (
        ("DUAL_WRITE_ATTRIBUTES", "on"),
        ("UNIFIED_ATTRIBUTES_PERCENT", "100"),
        ("USE_UNIFIED_ATTRIBUTES", "on"),
    ):
        _manage(app_env, "rollout", "set", name, value, "--reason", "flip test")

    # then not one request after the command returned was served by v1
    after_command = _read_many(url, path, log)
    assert {store for _, _, store in after_command} == {"v2"}
    assert len({pid for pid, _, _ in after_command}) == WORKERS

    # when staff turn unified reads off in the admin
    _admin_flip(url, switch_id, active=False, reason="flip test back")

    # then every worker serves v1 again from the next request on
    after_admin = _read_many(url, path, log)
    assert {store for _, _, store in after_admin} == {"v1"}
    assert len({pid for pid, _, _ in after_admin}) == WORKERS
