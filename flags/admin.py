"""The admin where staff flip the rollout controls, with a reason, audited.

waffle's stock pages are off (WAFFLE_ENABLE_ADMIN_PAGES = False): their bulk
actions would skip both the data-loss check and the audit.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from waffle.models import Sample, Switch

from flags.changes import ControlRefused, control_change_refusal, control_set
from flags.controls import CONTROLS
from flags.models import ControlChange
from flags.snapshot import controls_from_db
from flags.stages import stage_of


class _ControlForm(forms.ModelForm):
    value_field = ""
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why this change: kept in the audit with your name and address.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        value = cleaned.get(self.value_field)
        if value is None or self.instance.name not in CONTROLS:
            return cleaned
        refusal = control_change_refusal(self.instance.name, value)
        if refusal:
            raise forms.ValidationError(refusal, code="refused")
        return cleaned


class SwitchForm(_ControlForm):
    """Flip a switch, with a reason."""

    value_field = "active"

    class Meta:
        model = Switch
        fields = ["active"]


class SampleForm(_ControlForm):
    """Set a numeric control, with a reason."""

    value_field = "percent"

    class Meta:
        model = Sample
        fields = ["percent"]
        labels = {"percent": "Value"}


class _ControlAdmin(admin.ModelAdmin):
    readonly_fields = ["name", "note", "modified"]
    actions = None
    value_field = ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The controls are created by a migration; a new name would do nothing.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None):
        """Show the list with the current stage."""
        extra = {"title": f"Rollout stage: {stage_of(controls_from_db())}"}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool):
        """Save through the audited change, never straight to the table."""
        try:
            result = control_set(
                obj.name,
                form.cleaned_data[self.value_field],
                actor=request.user.get_username(),
                source="admin",
                reason=form.cleaned_data["reason"],
                remote_addr=request.META.get("REMOTE_ADDR"),
            )
        except ControlRefused as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
            return
        self.message_user(request, f"Rollout stage: {result.stage}")


@admin.register(Switch)
class SwitchAdmin(_ControlAdmin):
    """Rollout switches."""

    form = SwitchForm
    value_field = "active"
    list_display = ["name", "active", "note", "modified"]


@admin.register(Sample)
class SampleAdmin(_ControlAdmin):
    """Rollout numbers (percents, cache TTL), stored as waffle Samples."""

    form = SampleForm
    value_field = "percent"
    list_display = ["name", "percent", "note", "modified"]


@admin.register(ControlChange)
class ControlChangeAdmin(admin.ModelAdmin):
    """The change audit: read only."""

    list_display = [
        "changed_at",
        "control",
        "old_value",
        "new_value",
        "actor",
        "source",
        "remote_addr",
        "reason",
    ]
    list_filter = ["control", "source"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
