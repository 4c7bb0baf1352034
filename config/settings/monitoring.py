"""Metrics and health probes: django-prometheus wiring and the probe settings.

METRICS_ENABLED=0 takes the request middleware and the database and cache
backend wrappers out (the benchmark's baseline); /metrics and the probes stay.
"""

from config.settings.base import INSTALLED_APPS, MIDDLEWARE
from config.settings.environment import env
from config.settings.services import CACHES, DATABASES

METRICS_ENABLED = env.bool("METRICS_ENABLED", default=True)

INSTALLED_APPS = [*INSTALLED_APPS, "django_prometheus", "health_check"]

# django-prometheus's migration gauges are per-process values that outlive
# their worker under multiprocess mode; /health/ready answers that question.
PROMETHEUS_EXPORT_MIGRATIONS = False

# The buckets of django-prometheus's histograms, database query time among
# them: queries take well under 10 ms, so the fine buckets come first.
PROMETHEUS_LATENCY_BUCKETS = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    float("inf"),
)

_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
_CACHE_BACKENDS = {
    "django_redis.cache.RedisCache": (
        "django_prometheus.cache.backends.redis.RedisCache"
    ),
    "django.core.cache.backends.locmem.LocMemCache": (
        "django_prometheus.cache.backends.locmem.LocMemCache"
    ),
    "django.core.cache.backends.filebased.FileBasedCache": (
        "django_prometheus.cache.backends.filebased.FileBasedCache"
    ),
}

if METRICS_ENABLED:
    # Outermost, so the request metrics see every response, 500s included.
    # django-prometheus's own request middleware pair is left out on purpose:
    # it would count each request a dozen more times (see docs/metrics.md).
    MIDDLEWARE = ["monitoring.middleware.RequestMetricsMiddleware", *MIDDLEWARE]

    for _database in DATABASES.values():
        _database["ENGINE"] = _ENGINES.get(_database["ENGINE"], _database["ENGINE"])

    for _cache in CACHES.values():
        _cache["BACKEND"] = _CACHE_BACKENDS.get(_cache["BACKEND"], _cache["BACKEND"])
        if _cache["BACKEND"] == "django_prometheus.cache.backends.redis.RedisCache":
            _cache.setdefault("OPTIONS", {})["CLIENT_CLASS"] = (
                "monitoring.redis_client.MeasuredRedisClient"
            )
