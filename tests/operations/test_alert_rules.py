"""The alert rules load: `promtool check rules` when promtool is installed, and always the rule schema."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

RULES = Path(__file__).resolve().parents[2] / "docs" / "prometheus-alerts.yml"
RULE_KEYS = {"alert", "expr", "for", "labels", "annotations", "keep_firing_for"}


def test_alert_rules_match_the_rule_file_schema():
    document = yaml.safe_load(RULES.read_text())
    assert set(document) == {"groups"}
    names = []
    for group in document["groups"]:
        assert set(group) <= {"name", "interval", "rules", "limit"} and group["name"]
        for rule in group["rules"]:
            assert set(rule) <= RULE_KEYS, rule
            assert isinstance(rule["alert"], str) and isinstance(rule["expr"], str) and rule["expr"].strip()
            assert all(isinstance(v, str) for v in rule.get("labels", {}).values())
            assert {"summary", "description"} <= set(rule["annotations"])
            names.append(rule["alert"])
    assert {"WebhookBacklogOld", "HighServerErrorRate"} <= set(names)
    assert len(names) == len(set(names))


def test_alert_rules_use_only_metrics_the_application_exposes():
    text = RULES.read_text()
    for metric in ("webhook_oldest_pending_age_seconds", "http_requests_total", "celery_queue_length"):
        assert metric in text


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed (Debian: prometheus)")
def test_promtool_accepts_the_alert_rules():
    result = subprocess.run(["promtool", "check", "rules", str(RULES)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_grafana_dashboard_charts_every_metric_family():
    import json

    dashboard = json.loads((RULES.parent / "grafana-dashboard.json").read_text())
    exprs = " ".join(t["expr"] for panel in dashboard["panels"] for t in panel["targets"])
    for metric in (
        "http_requests_total",
        "http_request_duration_seconds_bucket",
        "webhook_deliveries",
        "webhook_oldest_pending_age_seconds",
        "telegram_outbound_messages",
        "test_attempts_in_progress",
        "celery_queue_length",
        "onef_api_rate_limited_total",
    ):
        assert metric in exprs, metric
