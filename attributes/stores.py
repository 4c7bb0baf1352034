"""The two store instances the service layer routes between."""

from attributes.domain import AttributeStore
from attributes_v1.store import LegacyStore
from attributes_v2.store import UnifiedStore

legacy_store: AttributeStore = LegacyStore()
unified_store: AttributeStore = UnifiedStore()
