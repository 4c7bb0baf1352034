"""gunicorn settings; every value can be overridden from the environment.

Metrics run in prometheus_client's multiprocess mode: every worker writes its
own files in PROMETHEUS_MULTIPROC_DIR, /metrics sums them. The directory must
be in the environment before any Python starts (`make run` sets it); the
default below only helps a hand-started gunicorn, which reads this file
before it loads the app. The server wipes the directory when it starts, so a
restart does not add up the files of the previous run, and marks a worker
dead when it exits, so its live gauges (requests in flight) leave the sums.
"""

import logging
import os
import shutil
from pathlib import Path

logger = logging.getLogger("gunicorn.error")

MULTIPROC_DIR = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR",
    str(Path(__file__).resolve().parent.parent / "var" / "prometheus-multiproc"),
)

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '3000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "0") == "1" else None
errorlog = "-"
wsgi_app = "config.wsgi:application"


def on_starting(server) -> None:
    """Empty the metrics directory before the first worker starts."""
    directory = Path(MULTIPROC_DIR)
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    logger.info("Prometheus multiprocess directory ready at %s", directory)


def child_exit(server, worker) -> None:
    """Drop the live gauges of a worker that exited."""
    # Imported here, not above: prometheus_client picks its storage when first
    # imported, and the workers forked from this process inherit that choice.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid, MULTIPROC_DIR)
