"""The migration stage the controls add up to, and the combinations refused."""

from __future__ import annotations

from decimal import Decimal

from flags.snapshot import ControlSnapshot

LEGACY_ONLY = "legacy only"
DUAL_WRITE = "dual-write"
SHADOW = "shadow"
UNIFIED_ONLY = "unified only"


def _percent_text(percent: Decimal) -> str:
    return format(percent.normalize(), "f")


def any_reads_unified(snapshot: ControlSnapshot) -> bool:
    """Return whether some reads go to the unified store."""
    return snapshot.use_unified and snapshot.unified_percent > 0


def all_reads_unified(snapshot: ControlSnapshot) -> bool:
    """Return whether every read goes to the unified store."""
    return snapshot.use_unified and snapshot.unified_percent >= 100


def legacy_written_under(snapshot: ControlSnapshot) -> bool:
    """Return whether writes still land in the legacy store under these controls.

    A write lands in the store that serves the listing's reads, and in the other
    one too under dual-write; so only "every read on v2, no dual-write" spares v1.
    """
    return snapshot.dual_write or not all_reads_unified(snapshot)


def stage_of(snapshot: ControlSnapshot) -> str:
    """Return the stage name staff see: legacy only ... unified only."""
    if any_reads_unified(snapshot):
        if all_reads_unified(snapshot) and not snapshot.dual_write:
            return UNIFIED_ONLY
        return f"live at {_percent_text(snapshot.unified_percent)}%"
    if snapshot.shadow_percent > 0:
        return SHADOW
    if snapshot.dual_write:
        return DUAL_WRITE
    return LEGACY_ONLY


def refusal_of(
    proposed: ControlSnapshot, *, current: ControlSnapshot | None = None
) -> str | None:
    """Return why a combination (or a move to it) can lose data, or None if safe."""
    if (
        any_reads_unified(proposed)
        and not all_reads_unified(proposed)
        and not proposed.dual_write
    ):
        return (
            "Refused: some reads would go to the unified store while dual-write is "
            "off and the legacy store is still the write target for the others, "
            "so each store would miss the other's writes. Turn "
            "DUAL_WRITE_ATTRIBUTES on first."
        )
    if proposed.fallback and not legacy_written_under(proposed):
        return (
            "Refused: fallback would serve reads from the legacy store, which is "
            "no longer written (every read on v2 and dual-write off), so it would "
            "answer with stale values. Turn UNIFIED_ATTRIBUTES_FALLBACK off first, "
            "or keep DUAL_WRITE_ATTRIBUTES on."
        )
    if (
        current is not None
        and not legacy_written_under(current)
        and not all_reads_unified(proposed)
    ):
        return (
            "Refused: the legacy store has not been written while the rollout was "
            "unified only, so moving reads back to it would serve stale values. "
            "Turn DUAL_WRITE_ATTRIBUTES on, run the reverse migration so the "
            "legacy store catches up, then move reads back."
        )
    return None
