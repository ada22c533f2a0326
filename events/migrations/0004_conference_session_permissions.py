from django.db import migrations

# Community managers keep the conference programme (sessions are edited as snippets).
MANAGER_PERMISSIONS = [
    "add_conferencesession",
    "change_conferencesession",
    "delete_conferencesession",
    "view_conferencesession",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Model permissions are normally created after all migrations ran; make them now.
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managers, _ = Group.objects.get_or_create(name="Community manager")
    managers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events", codename__in=MANAGER_PERMISSIONS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_conference"),
        ("members", "0002_taxonomies_and_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
