"""Read a /metrics page into samples the tests can compare."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

SeriesKey = tuple[str, tuple[tuple[str, str], ...]]


def samples_of(page: str) -> dict[SeriesKey, float]:
    """Return every sample of a /metrics page, keyed by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(page)
        for sample in family.samples
    }


def value_of(page: str, name: str, **labels: str) -> float:
    """Return the sum of the samples of one name whose labels include `labels`."""
    return sum(
        value
        for (sample_name, sample_labels), value in samples_of(page).items()
        if sample_name == name and labels.items() <= dict(sample_labels).items()
    )


def label_sets_of(page: str, name: str) -> set[tuple[tuple[str, str], ...]]:
    """Return the label sets under which a sample name appears."""
    return {labels for sample_name, labels in samples_of(page) if sample_name == name}
