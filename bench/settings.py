"""Settings of the benchmark app: the real settings plus a constant view.

BENCH_BREAK_V2=1 makes every unified store read raise, to time the fallback.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
