"""The shipped dashboard and alert rules: well formed, parsed and unit-tested."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml

from tests.monitoring.promql import (
    DASHBOARD,
    ROOT,
    RULE_TESTS,
    RULES,
    alert_rules,
    dashboard_queries,
    metric_names,
)

# Every metric the dashboard must chart, by its contract name.
CHARTED_METRICS = {
    "http_requests_total",
    "http_request_duration_seconds_bucket",
    "http_requests_in_flight",
    "unified_attributes_usage_total",
    "feature_flag_status",
    "unified_attributes_percent",
    "shadow_compare_percent",
    "dual_write_operations_total",
    "cache_operations_total",
    "attribute_fallbacks_total",
    "shadow_comparisons_total",
    "drift_entries_pending",
    "database_connections_active",
    "database_query_duration_seconds_bucket",
    "redis_operations_total",
    "health_ready_status",
}
REQUIRED_ALERTS = {
    "ApiErrorBudgetBurnFast",
    "ApiErrorBudgetBurnSlow",
    "ApiLatencyObjectiveMissed",
    "AttributeFallbackRateHigh",
    "DualWriteFailing",
    "DriftGrowing",
    "ShadowMismatchRateHigh",
    "ReadinessFailing",
    "CacheHitRatioCollapsed",
}


def test_dashboard_is_a_grafana_11_dashboard_with_sound_panels():
    # given the dashboard file
    dashboard = json.loads(DASHBOARD.read_text())

    # when its panels are read
    panels = dashboard["panels"]
    charts = [panel for panel in panels if panel["type"] != "row"]

    # then it has the Grafana 11 schema, a datasource variable, unique ids,
    # panels inside the 24-column grid, and queries on that datasource
    assert dashboard["schemaVersion"] == 39
    assert dashboard["uid"] == "attributes-migration"
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    assert len({panel["id"] for panel in panels}) == len(panels)
    for panel in charts:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
        ref_ids = [target["refId"] for target in panel["targets"]]
        assert ref_ids and len(set(ref_ids)) == len(ref_ids), panel["title"]
        assert all(target["expr"].strip() for target in panel["targets"])


def test_dashboard_charts_every_contract_metric():
    # given the dashboard's queries
    used = set().union(*(metric_names(expr) for _, expr in dashboard_queries()))

    # then every contract metric is charted somewhere
    assert CHARTED_METRICS - used == set()


def test_rules_hold_every_required_alert_with_a_runbook_entry():
    # given the rules and the runbook
    runbook = (ROOT / "docs" / "operations.md").read_text()
    names = {rule["alert"] for rule in alert_rules()}

    # then every required alert exists and has its own runbook section
    assert names == REQUIRED_ALERTS
    for name in names:
        assert re.search(rf"^## {name}$", runbook, re.MULTILINE), name


def test_every_metric_is_documented_with_its_panels_and_alerts():
    # given the metrics document
    document = (ROOT / "docs" / "metrics.md").read_text()
    used = set().union(
        *(metric_names(expr) for _, expr in dashboard_queries()),
        *(metric_names(rule["expr"]) for rule in alert_rules()),
    )
    base_names = {re.sub(r"_(bucket|count|sum)$", "", name) for name in used}

    # then each metric the dashboard or the rules use is listed by name
    assert {name for name in base_names if f"`{name}`" not in document} == set()


@pytest.mark.prometheus
def test_every_dashboard_query_parses_as_promql(tmp_path):
    # given every dashboard query written as a recording rule
    groups = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"dashboard:query_{n}", "expr": expr}
                    for n, (_, expr) in enumerate(dashboard_queries())
                ],
            }
        ]
    }
    path = tmp_path / "dashboard-queries.yml"
    path.write_text(yaml.safe_dump(groups))

    # when promtool checks them
    checked = subprocess.run(
        ["promtool", "check", "rules", str(path)], capture_output=True, text=True
    )

    # then Prometheus's own parser accepts every one
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.prometheus
def test_rules_pass_promtool_check():
    checked = subprocess.run(
        ["promtool", "check", "rules", str(RULES)], capture_output=True, text=True
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.prometheus
def test_every_alert_passes_its_promtool_unit_tests():
    # given the unit tests of the rules
    tested = set(re.findall(r"alertname: (\w+)", RULE_TESTS.read_text()))

    # when promtool runs them
    ran = subprocess.run(
        ["promtool", "test", "rules", str(RULE_TESTS)],
        capture_output=True,
        text=True,
    )

    # then they pass and every alert has at least one
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert tested == {rule["alert"] for rule in alert_rules()}
