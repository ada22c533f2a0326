from django.db import migrations

# Community managers look after company pages (names, employers) in the admin, and see every job
# there; jobs themselves are edited on the site, where the posting rules live.
MANAGER_PERMISSIONS = ["change_company", "view_company", "view_jobposting"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Model permissions are normally created after all migrations ran; make them now.
    app_config = apps.get_app_config("careers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    managers, _ = Group.objects.get_or_create(name="Community manager")
    managers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="careers", codename__in=MANAGER_PERMISSIONS
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0003_applications_alerts_open_to_work"),
        ("members", "0002_taxonomies_and_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
