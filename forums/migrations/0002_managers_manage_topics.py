from django.db import migrations

PERMISSIONS = ["view_topic", "change_topic"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managers = Group.objects.get(name="Community manager")
    managers.permissions.add(
        *Permission.objects.filter(content_type__app_label="forums", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
        ("members", "0002_taxonomies_and_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
