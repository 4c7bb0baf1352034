"""Root URL map: probes and metrics, admin, both attribute APIs, schema and docs."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

# The attribute API first: Django tries the patterns in order, and these
# carry nearly all the traffic.
urlpatterns = [
    path("api/", include("attributes.urls")),
    path("", include("monitoring.urls")),
    path("admin/", admin.site.urls),
    path("api/auth/token/", obtain_auth_token, name="auth-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

# Clients of /api/ get the JSON error shape for a URL no route matches (a
# non-numeric id, a typo), not an HTML page.
handler404 = "attributes.errors.page_not_found"
