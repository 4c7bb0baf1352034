"""Django settings, assembled from one module per concern.

Every value comes from the environment (or an optional `.env` file at the
repository root) with a safe default; `.env.example` lists them all.
"""

from config.settings.api import *  # noqa: F403
from config.settings.base import *  # noqa: F403
from config.settings.logs import *  # noqa: F403
from config.settings.monitoring import *  # noqa: F403
from config.settings.rollout import *  # noqa: F403
from config.settings.services import *  # noqa: F403
