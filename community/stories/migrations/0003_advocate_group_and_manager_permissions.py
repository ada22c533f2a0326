from django.db import migrations

MANAGER_PERMISSIONS = [
    "feature_story",
    "add_product",
    "change_product",
    "delete_product",
    "view_product",
    "add_memberhighlight",
    "change_memberhighlight",
    "delete_memberhighlight",
    "view_memberhighlight",
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Model permissions are normally created after all migrations ran; make them now.
    app_config = apps.get_app_config("stories")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name="Advocate")
    managers, _ = Group.objects.get_or_create(name="Community manager")
    managers.permissions.add(
        *Permission.objects.filter(content_type__app_label="stories", codename__in=MANAGER_PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0002_stories_and_partners"),
        ("members", "0002_taxonomies_and_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
