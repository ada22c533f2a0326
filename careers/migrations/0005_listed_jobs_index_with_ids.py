from django.db import migrations, models


class Migration(migrations.Migration):
    """The board's count of listed jobs reads only this index, ids included."""

    dependencies = [
        ("careers", "0004_company_and_job_admin_permissions"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="jobposting", name="job_status_closes"),
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(fields=["status", "closes_on", "id"], name="job_listed_ids"),
        ),
    ]
