"""URLs of the monitoring endpoints (mounted at the root)."""

from django.urls import path

from monitoring import views

urlpatterns = [
    path("metrics", views.metrics, name="metrics"),
    path("health/live", views.live, name="health-live"),
    path("health/ready", views.ReadinessView.as_view(), name="health-ready"),
]
