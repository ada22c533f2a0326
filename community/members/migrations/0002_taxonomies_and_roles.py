"""Starting taxonomies (regions, countries, industries) and the role groups with their permissions.

Community managers edit the taxonomies afterwards in the Wagtail admin; later migrations grant
roles the permissions that later features need.
"""

from django.db import migrations
from django.utils.text import slugify

REGIONS = [
    ("NA", "North America"),
    ("LATAM", "Latin America"),
    ("EMEA", "Europe, Middle East & Africa"),
    ("APAC", "Asia Pacific"),
]

# Every country not named here belongs to EMEA.
REGION_COUNTRIES = {
    "NA": "US CA PM BM GL UM",
    "LATAM": (
        "MX GT BZ SV HN NI CR PA CU DO HT JM PR TT BS BB AG DM GD KN LC VC AI AW BQ CW SX MF BL "
        "KY MS TC VG VI GP MQ AR BO BR CL CO EC FK GF GY PY PE SR UY VE GS"
    ),
    "APAC": (
        "AF AU NZ CN HK MO TW JP KR KP MN IN PK BD LK NP BT MV MM TH LA KH VN MY SG ID BN PH TL "
        "PG FJ SB VU NC PF WS TO KI TV NR FM MH PW GU MP AS CK NU TK WF PN NF CX CC HM IO AQ KZ "
        "KG TJ TM UZ"
    ),
}

INDUSTRIES = [
    "Software & SaaS",
    "Financial services",
    "Healthcare & life sciences",
    "Manufacturing",
    "Retail & e-commerce",
    "Education",
    "Public sector",
    "Media & entertainment",
    "Telecommunications",
    "Energy & utilities",
    "Professional services",
    "Travel & hospitality",
    "Non-profit",
    "Other",
]

ROLE_PERMISSIONS = {
    "Customer": [],
    "Partner": [],
    "Employer": [],
    "Community manager": [
        "wagtailadmin.access_admin",
        "members.moderate_community",
        "members.view_user",
        "members.change_user",
        "members.add_industry",
        "members.change_industry",
        "members.delete_industry",
        "members.view_industry",
        "members.add_region",
        "members.change_region",
        "members.delete_region",
        "members.view_region",
        "members.add_country",
        "members.change_country",
        "members.view_country",
    ],
}


def create_taxonomies(apps, schema_editor):
    from django_countries.data import COUNTRIES

    Region = apps.get_model("members", "Region")
    Country = apps.get_model("members", "Country")
    Industry = apps.get_model("members", "Industry")

    regions = {}
    for order, (code, name) in enumerate(REGIONS):
        regions[code], _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    region_of = {
        country: code for code, countries in REGION_COUNTRIES.items() for country in countries.split()
    }
    for code, name in COUNTRIES.items():
        Country.objects.get_or_create(
            code=code, defaults={"name": str(name), "region": regions[region_of.get(code, "EMEA")]}
        )
    for order, name in enumerate(INDUSTRIES):
        Industry.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "sort_order": order}
        )


def create_role_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Model permissions are normally created after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, permission_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for name in permission_names:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(create_taxonomies, migrations.RunPython.noop),
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
