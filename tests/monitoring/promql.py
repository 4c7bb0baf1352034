"""The PromQL of the shipped dashboard and rules, and what the tests read from it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
DASHBOARD = ROOT / "monitoring" / "grafana" / "attributes-migration.json"
RULES = ROOT / "monitoring" / "prometheus" / "rules.yml"
RULE_TESTS = ROOT / "monitoring" / "prometheus" / "rules.test.yml"

KEYWORDS = {
    "and",
    "or",
    "unless",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "offset",
    "bool",
    "inf",
    "nan",
}
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_MATCHERS = re.compile(r"\{[^}]*\}")
_RANGE = re.compile(r"\[[^\]]*\]")
_GROUPING = re.compile(
    r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)"
)
_IDENTIFIER = re.compile(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?")
_COMPARISON = re.compile(r"(==|!=|>=|<=|>|<)")


def dashboard_queries() -> list[tuple[str, str]]:
    """Return (panel title, expression) for every query of the dashboard."""
    dashboard = json.loads(DASHBOARD.read_text())
    return [
        (panel["title"], target["expr"])
        for panel in dashboard["panels"]
        for target in panel.get("targets", [])
    ]


def alert_rules() -> list[dict]:
    """Return every rule of the rules file."""
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"]]


def _blank(expr: str) -> str:
    """Replace strings and label matchers by spaces, keeping positions."""
    for pattern in (_STRING, _MATCHERS):
        expr = pattern.sub(lambda m: " " * len(m.group(0)), expr)
    return expr


def metric_names(expr: str) -> set[str]:
    """Return the metric names an expression selects."""
    text = _GROUPING.sub(" ", _RANGE.sub(" ", _blank(expr)))
    return {
        name
        for name, call in _IDENTIFIER.findall(text)
        if not call and name.lower() not in KEYWORDS
    }


def with_bool_comparisons(expr: str) -> str:
    """Turn every filtering comparison into a `bool` one.

    `x > 0.05` returns nothing while the alert is quiet; `x > bool 0.05`
    returns 0 or 1 for every series x has, so it shows whether the
    expression's inputs exist without needing the alert to fire.
    """
    blanked = _blank(expr)
    pieces, last = [], 0
    for match in _COMPARISON.finditer(blanked):
        pieces.append(expr[last : match.end()] + " bool")
        last = match.end()
    pieces.append(expr[last:])
    return "".join(pieces)
