"""The "HR manager" group: exactly the permissions HR needs to run hiring from the admin.

Users, groups, API keys and webhook endpoints are left out on purpose: only superusers manage
who gets in and where the data goes. Deliveries are viewable (and redeliverable) so HR can see
when OneF is not receiving.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

HR_MANAGER_GROUP = "HR manager"

HR_MANAGER_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "candidates": {
        "candidate": ("view", "add", "change", "merge"),
        "duplicatepair": ("view", "change"),
        "candidatemerge": ("view",),
        "vacancy": ("view", "add", "change", "delete"),
        "application": ("view", "add", "change"),
        "aianalysis": ("view",),
        "grade": ("view", "add", "change"),
    },
    "tests_app": {
        "test": ("view", "add", "change", "delete"),
        "question": ("view", "add", "change", "delete"),
        "choice": ("view", "add", "change", "delete"),
        "attempt": ("view", "change"),
        "answer": ("view", "change"),
        "proctorevent": ("view",),
    },
    "messaging": {
        "message": ("view", "add"),
        "messagetemplate": ("view", "add", "change", "delete"),
        "statusnotification": ("view", "change"),
        "scheduledmessage": ("view",),
        "candidatechannel": ("view", "change"),
    },
    "interviews": {
        "interview": ("view", "add", "change"),
        "scorecard": ("view", "add", "change"),
        "interviewerschedule": ("view", "add", "change", "delete"),
        "workinghours": ("view", "add", "change", "delete"),
        "busytime": ("view", "add", "change", "delete"),
        "bookinginvitation": ("view", "add", "change"),
    },
    "booking": {"vacancybookinglink": ("view", "add", "change", "delete")},
    "automation": {
        "automationrule": ("view", "add", "change", "delete"),
        "rulerun": ("view", "change"),
        "vacancyplan": ("view", "add", "change"),
        "rejectionreason": ("view", "add", "change"),
        "rejectionrecord": ("view",),
    },
    "webhooks": {"delivery": ("view", "change"), "deliveryattempt": ("view",), "event": ("view",)},
}


# Permissions of a model's own (Meta.permissions), beside the default view/add/change/delete ones.
HR_MANAGER_CUSTOM_PERMISSIONS = [("automation", "view_reports")]


def hr_manager_codenames() -> list[tuple[str, str]]:
    return HR_MANAGER_CUSTOM_PERMISSIONS + [
        (app_label, f"{action}_{model}")
        for app_label, models in HR_MANAGER_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]


def hr_manager_group_sync(*, apps=global_apps):
    """Create or reset the group to exactly its permissions. `apps` is the migration state in a
    data migration; permissions are created first because post_migrate has not run yet then."""
    if apps is not global_apps:
        for app_config in apps.get_app_configs():
            app_config.models_module = True
            create_permissions(app_config, verbosity=0, apps=apps)
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = hr_manager_codenames()
    # In a migration, permissions of models a later migration creates do not exist yet: that
    # migration grants them (candidates.0013 the merge and duplicates ones).
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(codename__in=[codename for _, codename in wanted]).select_related(
            "content_type"
        )
    }
    if apps is global_apps:
        missing = [key for key in wanted if key not in found]
        if missing:
            raise LookupError(f"Permissions missing: {missing}")
    permissions = [found[key] for key in wanted if key in found]
    group, _ = Group.objects.get_or_create(name=HR_MANAGER_GROUP)
    group.permissions.set(permissions)
    return group
