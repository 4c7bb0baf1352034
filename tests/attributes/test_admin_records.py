"""Staff can read the drift log and the migration records in the admin."""

import pytest
from django.urls import reverse

from attributes.models import BackfillCheckpoint, DriftEntry, MigrationRun, ShardPlan

ROWS = {
    DriftEntry: lambda: DriftEntry.objects.create(
        listing_id=7,
        attribute_id=94,
        operation="save",
        source_store="v1",
        target_store="v2",
        error="IntegrityError: planted",
    ),
    MigrationRun: lambda: MigrationRun.objects.create(command="verify"),
    BackfillCheckpoint: lambda: BackfillCheckpoint.objects.create(
        phase="listing_values", shard="1/1", last_key=10
    ),
    ShardPlan: lambda: ShardPlan.objects.create(
        phase="listing_values", shard_count=2, min_key=1, max_key=10
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(ROWS), ids=lambda m: m.__name__)
def test_staff_reads_each_record_but_cannot_edit_it(client, staff, model):
    # given one record and a logged-in superuser
    staff.is_superuser = True
    staff.save()
    row = ROWS[model]()
    client.force_login(staff)
    meta = model._meta

    # when staff opens the changelist, the record, and the add page
    changelist = client.get(reverse(f"admin:attributes_{meta.model_name}_changelist"))
    record = client.get(
        reverse(f"admin:attributes_{meta.model_name}_change", args=[row.pk])
    )
    add = client.get(reverse(f"admin:attributes_{meta.model_name}_add"))

    # then the record is listed and shown read-only, and cannot be added
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1
    assert record.status_code == 200
    assert record.context["has_change_permission"] is False
    assert add.status_code == 403
