"""A test-only admin site wired the way CandidateAdmin is meant to wire the screening action."""

from django.contrib import admin
from django.urls import path

from candidates.admin_screening import run_ai_analysis, screening_admin_urls
from candidates.models import Candidate


class ScreeningTestCandidateAdmin(admin.ModelAdmin):
    actions = [run_ai_analysis]

    def get_urls(self):
        return screening_admin_urls() + super().get_urls()


site = admin.AdminSite(name="admin")
site.register(Candidate, ScreeningTestCandidateAdmin)
# The other models as in the real admin, so the admin pages (app list, breadcrumbs) render.
for model, model_admin in admin.site._registry.items():
    if model is not Candidate:
        site.register(model, type(model_admin))

urlpatterns = [path("admin/", site.urls)]
