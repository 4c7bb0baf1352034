"""The migration commands' logic: backfill, verify, repair, reverse, archive, status.

The management commands in `attributes/management/commands/` only parse their
arguments and call into these modules, so the same logic can run from tests,
from the drift replay and from other commands.
"""
