"""Start the app under gunicorn for a test, and talk to it over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
START_DEADLINE_SECONDS = 60


def free_port() -> int:
    """Return a loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, headers and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def text(self) -> str:
        """Return the body as text."""
        return self.body.decode()


def http(
    method: str, url: str, body: bytes | None = None, headers: dict | None = None
) -> Answer:
    """Send one request on a new connection; return the answer, errors included."""
    request = urllib.request.Request(url, data=body, method=method)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, dict(error.headers), error.read())


@dataclass
class Server:
    """A running gunicorn: its URL, master process and metrics directory."""

    url: str
    process: subprocess.Popen
    multiproc_dir: Path
    log: Path

    def get(self, path: str) -> Answer:
        """GET a path of the server."""
        return http("GET", self.url + path)

    def workers(self) -> set[int]:
        """Return the pids of the master's worker processes."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()}


def _wait_until_live(server: Server, workers: int) -> None:
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{server.log.read_text()}")
        try:
            if server.get("/health/live").status == 200 and (
                len(server.workers()) == workers
            ):
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start:\n{server.log.read_text()}")


def manage(*args: str, env: dict[str, str]) -> None:
    """Run a manage.py command with the given environment; fail on error."""
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )


@contextmanager
def gunicorn_running(
    *, tmp_path: Path, env: dict[str, str], workers: int = 3
) -> Iterator[Server]:
    """Run the app under gunicorn with config/gunicorn.py until the block ends."""
    port = free_port()
    multiproc_dir = tmp_path / "prometheus-multiproc"
    log = tmp_path / "gunicorn.log"
    environment = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "PROMETHEUS_MULTIPROC_DIR": str(multiproc_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **env,
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, multiproc_dir, log)
    try:
        _wait_until_live(server, workers)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
