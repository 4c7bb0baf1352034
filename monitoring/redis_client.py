"""A django-redis client that counts every Redis round trip of the cache."""

from __future__ import annotations

from typing import Any

from django_redis.client import DefaultClient

from monitoring.metrics import labelled, redis_operations_total

_MISSING = object()


def _count(operation: str, result: str) -> None:
    labelled(redis_operations_total, operation, result).inc()


class MeasuredRedisClient(DefaultClient):
    """Count get (hit/miss/error) and writes (ok/error) in redis_operations_total."""

    def get(self, key: Any, default: Any = None, version: Any = None, client=None):
        """Read one key, counting a hit, a miss or an error."""
        try:
            value = super().get(key, default=_MISSING, version=version, client=client)
        except Exception:
            _count("get", "error")
            raise
        if value is _MISSING:
            _count("get", "miss")
            return default
        _count("get", "hit")
        return value

    def get_many(self, keys: Any, version: Any = None, client=None) -> dict:
        """Read several keys in one round trip, counted as one operation."""
        return self._counted("get_many", super().get_many, keys, version, client)

    def set(self, *args: Any, **kwargs: Any) -> bool:
        """Write one key, counted."""
        return self._counted("set", super().set, *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        """Write several keys, counted as one operation."""
        return self._counted("set_many", super().set_many, *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> int:
        """Remove one key, counted."""
        return self._counted("delete", super().delete, *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> int:
        """Remove several keys, counted as one operation."""
        return self._counted("delete_many", super().delete_many, *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> int:
        """Increment a counter key, counted."""
        return self._counted("incr", super().incr, *args, **kwargs)

    def clear(self, *args: Any, **kwargs: Any) -> None:
        """Empty the database, counted."""
        return self._counted("clear", super().clear, *args, **kwargs)

    def _counted(self, operation: str, call: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            result = call(*args, **kwargs)
        except Exception:
            _count(operation, "error")
            raise
        _count(operation, "ok")
        return result
