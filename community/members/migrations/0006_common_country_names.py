"""Countries read by the names people use ("United Kingdom", "South Korea", "Vietnam"), not the
ISO register's ("United Kingdom of Great Britain and Northern Ireland", "Korea (the Republic
of)", "Viet Nam"). A name a community manager has changed since is left as it is."""

from django.db import migrations


def _names():
    from django_countries.base import CountriesBase
    from django_countries.data import COUNTRIES

    return {
        code: (str(COUNTRIES[code]), str(name)) for code, name in CountriesBase.COMMON_NAMES.items()
    }


def use_common_names(apps, schema_editor):
    Country = apps.get_model("members", "Country")
    for code, (official, common) in _names().items():
        Country.objects.filter(code=code, name=official).update(name=common)


def use_official_names(apps, schema_editor):
    Country = apps.get_model("members", "Country")
    for code, (official, common) in _names().items():
        Country.objects.filter(code=code, name=common).update(name=official)


class Migration(migrations.Migration):
    dependencies = [("members", "0005_profile_time_zone")]

    operations = [migrations.RunPython(use_common_names, use_official_names)]
