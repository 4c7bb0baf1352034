"""The rollout: waffle's cache, the routing salt, the v2 read budget."""

from config.settings.environment import env

# waffle caches its switches in the shared cache (Redis in production, the
# file cache in the embedded default), never in a per-process one.
WAFFLE_CACHE_NAME = "default"
# The controls' own admin (flags/admin.py) asks for a reason and refuses
# data-losing combinations; waffle's stock admin pages would bypass both.
WAFFLE_ENABLE_ADMIN_PAGES = False

# Key of the sticky read bucketing. Changing it moves entities between stores,
# so it is set once per deployment and kept across releases.
ROLLOUT_SALT = env.str("ROLLOUT_SALT", default="attributes-rollout-v1")

# A v2 read slower than this is cancelled and treated as failed (fallback).
V2_READ_BUDGET_MS = env.int("V2_READ_BUDGET_MS", default=500)
