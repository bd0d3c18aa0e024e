"""The national KPIs of data/national_kpis.json, loaded on migrate (idempotent: the demo and
`services.kpi_catalogue_load` bring later changes of the file)."""

from django.db import migrations


def load(apps, schema_editor):
    from theodoi.kpis.services import kpi_catalogue_load

    kpi_catalogue_load(kpi_model=apps.get_model("kpis", "Kpi"))


class Migration(migrations.Migration):
    dependencies = [("kpis", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
