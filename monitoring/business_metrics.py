"""The business metrics of the rollout, counted by the service layer and flags.

Counters only: they are safe under prometheus_client's multiprocess mode (one
file per gunicorn worker, summed at scrape). Values that must reflect the
database at scrape time are collectors registered in monitoring.collectors.
"""

from prometheus_client import Counter

unified_attributes_usage_total = Counter(
    "unified_attributes_usage",
    "Attribute reads by the store label that served them (v1, v2, v1-fallback).",
    ["version"],
)

dual_write_operations_total = Counter(
    "dual_write_operations",
    "Mirror writes of dual-write, by outcome (success, failure).",
    ["status"],
)

cache_operations_total = Counter(
    "cache_operations",
    "Attribute and control cache operations (get, set, delete) by result "
    "(hit, miss, ok, error).",
    ["operation", "result"],
)

attribute_fallbacks_total = Counter(
    "attribute_fallbacks",
    "v2 reads answered from v1 or refused, by reason (error, timeout).",
    ["reason"],
)

shadow_comparisons_total = Counter(
    "shadow_comparisons",
    "Shadow reads of the other store, by result (match, mismatch, error).",
    ["result"],
)
