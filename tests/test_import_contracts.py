"""The import rules of the apps, checked on the real import graph."""

import grimp
import pytest

STORE_APPS = ("attributes_v1", "attributes_v2")
OURS = (
    "config",
    "marketplace",
    "attributes_v1",
    "attributes_v2",
    "attributes",
    "flags",
    "monitoring",
)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*OURS)


def _imports_from(graph: grimp.ImportGraph, package: str) -> set[tuple[str, str]]:
    pairs = set()
    for module in graph.find_descendants(package) | {package}:
        for imported in graph.find_modules_directly_imported_by(module):
            pairs.add((module, imported))
    return pairs


@pytest.mark.parametrize("store", STORE_APPS)
def test_store_imports_only_the_domain_model_of_attributes(graph, store):
    # given the import graph of our packages
    # when we look at what the store's modules import from `attributes`
    wrong = {
        (module, imported)
        for module, imported in _imports_from(graph, store)
        if imported.split(".")[0] == "attributes" and imported != "attributes.domain"
    }

    # then nothing but the domain model is imported
    assert wrong == set()


@pytest.mark.parametrize(("store", "other"), [STORE_APPS, STORE_APPS[::-1]])
def test_stores_never_import_each_other(graph, store, other):
    assert not {i for _, i in _imports_from(graph, store) if i.split(".")[0] == other}


def test_domain_model_imports_nothing_of_ours(graph):
    imported = graph.find_modules_directly_imported_by("attributes.domain")

    assert {i for i in imported if i.split(".")[0] in OURS} == set()


@pytest.mark.parametrize(
    ("app", "allowed"),
    [
        ("marketplace", set()),
        ("monitoring", set()),
        ("flags", {"monitoring"}),
        (
            "attributes",
            {"attributes", "attributes_v1", "attributes_v2", "flags", "monitoring"},
        ),
    ],
)
def test_app_imports_only_what_the_design_allows(graph, app, allowed):
    reached = {i.split(".")[0] for _, i in _imports_from(graph, app)}

    assert (reached & set(OURS)) - allowed - {app} == set()
