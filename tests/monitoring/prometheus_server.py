"""Run Debian's prometheus against a test server, and ask it questions."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.monitoring.promql import RULES
from tests.monitoring.servers import free_port

START_DEADLINE_SECONDS = 60


@dataclass
class Prometheus:
    """A running Prometheus on loopback and its HTTP API."""

    url: str
    process: subprocess.Popen
    log: Path

    def api(self, path: str, **params: str) -> dict:
        """GET an API path; return its `data`, raising on an error answer."""
        query = urllib.parse.urlencode(params)
        try:
            with urllib.request.urlopen(f"{self.url}{path}?{query}", timeout=30) as r:
                answer = json.load(r)
        except urllib.error.HTTPError as error:
            answer = json.load(error)
        if answer.get("status") != "success":
            raise ValueError(f"{path} {params}: {answer.get('error')}")
        return answer["data"]

    def query(self, expr: str) -> list[dict]:
        """Return the instant vector (or scalar as one sample) of an expression."""
        data = self.api("/api/v1/query", query=expr)
        if data["resultType"] in ("scalar", "string"):
            return [{"metric": {}, "value": data["result"]}]
        return data["result"]

    def metric_names(self) -> set[str]:
        """Return every metric name Prometheus has stored."""
        return set(self.api("/api/v1/label/__name__/values"))


@contextmanager
def prometheus_running(*, tmp_path: Path, target: str) -> Iterator[Prometheus]:
    """Scrape `target` every second with the shipped rules, until the block ends."""
    port = free_port()
    config = tmp_path / "prometheus.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
                "rule_files": [str(RULES)],
                "scrape_configs": [
                    {
                        "job_name": "attributes",
                        "static_configs": [{"targets": [target]}],
                    }
                ],
            }
        )
    )
    log = tmp_path / "prometheus.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                "prometheus",
                f"--config.file={config}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Prometheus(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_ready(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(server: Prometheus) -> None:
    deadline = time.monotonic() + START_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"prometheus exited:\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(f"{server.url}/-/ready", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"prometheus did not start:\n{server.log.read_text()}")
