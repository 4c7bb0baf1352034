"""Database and cache: embedded defaults, PostgreSQL and Redis when configured."""

from config.settings.environment import BASE_DIR, env

VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": env.db_url_config(DATABASE_URL)}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's own psycopg 3 pool; persistent connections cannot be combined with it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="attrs"),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": env.float(
                    "REDIS_CONNECT_TIMEOUT", default=0.5
                ),
                "SOCKET_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=0.5),
            },
        }
    }
else:
    # Not an in-process cache: the rollout controls are cached here, and every
    # gunicorn worker must see a flip on its next request. A directory of files
    # is shared by all processes on this machine and needs no server.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_DIR", default=str(VAR_DIR / "cache")),
        }
    }
