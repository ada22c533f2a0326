from django.db import migrations

PERMISSIONS = [
    "view_blockedpattern",
    "add_blockedpattern",
    "change_blockedpattern",
    "delete_blockedpattern",
    "view_moderationaction",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Model permissions are normally created after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managers = Group.objects.get(name="Community manager")
    managers.permissions.add(
        *Permission.objects.filter(content_type__app_label="moderation", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managers = Group.objects.filter(name="Community manager").first()
    if managers is not None:
        managers.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="moderation", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("members", "0002_taxonomies_and_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
