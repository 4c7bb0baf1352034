"""The controls: bootstrap from the environment, the command, the admin, the audit."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from waffle.models import Sample, Switch

from flags.controls import CONTROLS
from flags.metrics import controls_collector
from flags.models import ControlChange
from flags.snapshot import (
    controls_from_db,
    controls_snapshot,
    controls_snapshot_refresh,
    controls_snapshot_with,
    request_scope,
)
from tests.factories import StaffFactory
from tests.rollout import controls_put

bootstrap = importlib.import_module("flags.migrations.0002_controls_from_environment")


@pytest.mark.django_db
def test_migration_creates_every_control_with_a_note_and_an_audit_row():
    names = set(Switch.objects.values_list("name", flat=True)) | set(
        Sample.objects.values_list("name", flat=True)
    )

    assert set(CONTROLS) <= names
    assert all(Switch.objects.filter(name__in=CONTROLS).values_list("note", flat=True))
    assert set(
        ControlChange.objects.filter(source="environment").values_list(
            "control", flat=True
        )
    ) == set(CONTROLS)


@pytest.mark.django_db
def test_environment_gives_initial_values_once_and_never_overrides_staff(monkeypatch):
    # given no controls yet, and an environment that sets two of them
    Switch.objects.filter(name__in=CONTROLS).delete()
    Sample.objects.filter(name__in=CONTROLS).delete()
    monkeypatch.setenv("DUAL_WRITE_ATTRIBUTES", "on")
    monkeypatch.setenv("SHADOW_COMPARE_PERCENT", "5")

    # when the bootstrap runs
    bootstrap.create_controls(apps, None)

    # then the environment's values are taken
    assert controls_from_db().dual_write is True
    assert controls_from_db().shadow_percent == Decimal(5)

    # when staff change one and the bootstrap runs again with the old environment
    call_command("rollout", "set", "SHADOW_COMPARE_PERCENT", "0", "--reason", "quiet")
    bootstrap.create_controls(apps, None)

    # then the staff decision stands
    assert controls_from_db().shadow_percent == Decimal(0)


@pytest.mark.django_db
def test_bootstrap_refuses_a_data_losing_environment(monkeypatch):
    Switch.objects.filter(name__in=CONTROLS).delete()
    Sample.objects.filter(name__in=CONTROLS).delete()
    monkeypatch.setenv("USE_UNIFIED_ATTRIBUTES", "on")
    monkeypatch.setenv("UNIFIED_ATTRIBUTES_PERCENT", "50")

    with pytest.raises(ValueError, match="dual-write is off"):
        bootstrap.create_controls(apps, None)


@pytest.mark.django_db
def test_command_sets_a_control_and_records_who_why_old_and_new(capsys):
    # when an operator turns dual-write on
    call_command(
        "rollout",
        "set",
        "DUAL_WRITE_ATTRIBUTES",
        "on",
        "--reason",
        "backfill verified",
        "--actor",
        "ops-anna",
    )

    # then the database holds it, the stage is shown, and the change is audited
    assert controls_from_db().dual_write is True
    assert "stage: dual-write" in capsys.readouterr().out
    change = ControlChange.objects.filter(source="command").get()
    assert (change.control, change.old_value, change.new_value) == (
        "DUAL_WRITE_ATTRIBUTES",
        "off",
        "on",
    )
    assert (change.actor, change.reason) == ("ops-anna", "backfill verified")
    assert change.changed_at is not None


@pytest.mark.django_db
def test_command_refuses_a_data_losing_combination_and_says_why():
    # given reads allowed on v2 with dual-write off
    controls_put(USE_UNIFIED_ATTRIBUTES=True)

    # when an operator raises the percent
    with pytest.raises(CommandError, match="dual-write is off"):
        call_command(
            "rollout", "set", "UNIFIED_ATTRIBUTES_PERCENT", "10", "--reason", "go"
        )

    # then nothing changed and nothing was audited
    assert controls_from_db().unified_percent == 0
    assert not ControlChange.objects.filter(source="command").exists()


@pytest.mark.django_db
def test_command_refuses_an_out_of_range_percent():
    with pytest.raises(CommandError, match="between 0 and 100"):
        call_command(
            "rollout", "set", "UNIFIED_ATTRIBUTES_PERCENT", "101", "--reason", "x"
        )


@pytest.fixture
def admin_client_of_staff(client, db, settings):
    # The admin pages render static links; the manifest exists only after
    # collectstatic, which a test run does not do.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)
    return client, staff


def test_admin_flip_needs_a_reason_and_is_audited_with_address(admin_client_of_staff):
    # given a staff member on the switch's admin page
    client, staff = admin_client_of_staff
    switch = Switch.objects.get(name="DUAL_WRITE_ATTRIBUTES")
    url = f"/admin/waffle/switch/{switch.pk}/change/"

    # when they save without a reason, then with one
    without = client.post(url, {"active": "on", "reason": ""})
    with_reason = client.post(
        url, {"active": "on", "reason": "start dual-write"}, REMOTE_ADDR="10.1.2.3"
    )

    # then the first is refused, the second applied and audited
    assert without.status_code == 200
    assert "reason" in without.context["adminform"].form.errors
    assert with_reason.status_code == 302
    assert controls_from_db().dual_write is True
    change = ControlChange.objects.filter(source="admin").get()
    assert (change.actor, change.remote_addr, change.reason) == (
        staff.username,
        "10.1.2.3",
        "start dual-write",
    )
    assert (change.old_value, change.new_value) == ("off", "on")


def test_admin_refuses_a_data_losing_combination_with_a_message(admin_client_of_staff):
    # given reads allowed on v2 with dual-write off
    client, _ = admin_client_of_staff
    controls_put(USE_UNIFIED_ATTRIBUTES=True)
    sample = Sample.objects.get(name="UNIFIED_ATTRIBUTES_PERCENT")

    # when staff set the percent to 50
    response = client.post(
        f"/admin/waffle/sample/{sample.pk}/change/",
        {"percent": "50", "reason": "go live"},
    )

    # then the form says why and nothing changed
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert "dual-write is off" in str(errors)
    assert controls_from_db().unified_percent == 0


@pytest.mark.django_db
def test_one_request_sees_one_snapshot_and_the_next_sees_the_flip():
    # given a request that has read the controls
    with request_scope():
        before = controls_snapshot().dual_write

        # when another process flips a control meanwhile (update() sends no
        # signal here, as a change made by another worker would not)
        Switch.objects.filter(name="DUAL_WRITE_ATTRIBUTES").update(active=not before)

        # then this request keeps its decision
        assert controls_snapshot().dual_write is before

    # and the next request sees the flip once the other process's commit has
    # replaced the shared snapshot
    controls_snapshot_refresh()
    with request_scope():
        assert controls_snapshot().dual_write is (not before)


@pytest.mark.django_db
def test_keys_read_with_the_snapshot_are_read_once_per_request():
    cache.set("probe:found", "before")
    with request_scope():
        # given a request that read two keys (one absent) with its controls
        _, first = controls_snapshot_with(["probe:found", "probe:absent"])

        # when they change in the cache and the request looks again
        cache.set("probe:found", "after")
        cache.set("probe:absent", "now here")
        _, again = controls_snapshot_with(["probe:found", "probe:absent"])
        _, other = controls_snapshot_with(["probe:other", "probe:found"])

        # then it sees what it read first; only a key it had not read is fetched
        assert first == again == other == {"probe:found": "before"}
        cache.set("probe:other", "late")
        _, later = controls_snapshot_with(["probe:other"])
        assert later == {}

    # and the next request reads them afresh
    with request_scope():
        _, fresh = controls_snapshot_with(["probe:found", "probe:absent"])
    assert fresh == {"probe:found": "after", "probe:absent": "now here"}


@pytest.mark.django_db
def test_control_gauges_reflect_the_database_at_scrape_time():
    # given controls set in the database
    controls_put(
        DUAL_WRITE_ATTRIBUTES=True,
        USE_UNIFIED_ATTRIBUTES=True,
        UNIFIED_ATTRIBUTES_PERCENT=25,
        SHADOW_COMPARE_PERCENT=3,
    )

    # when the collector is scraped
    families = {family.name: family for family in controls_collector.collect()}

    # then each switch is 1/0 and the percents are gauges
    flags = {
        s.labels["flag_name"]: s.value for s in families["feature_flag_status"].samples
    }
    assert flags["DUAL_WRITE_ATTRIBUTES"] == 1.0
    assert flags["ATTRIBUTES_CALL_LOGGING"] == 0.0
    assert families["unified_attributes_percent"].samples[0].value == 25.0
    assert families["shadow_compare_percent"].samples[0].value == 3.0
