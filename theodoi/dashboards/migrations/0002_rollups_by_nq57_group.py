from django.db import migrations


def forget_rollups(apps, schema_editor):
    """Stored roll-ups count task groups by heading; from now on they also count them by NQ57
    group. Rows of the old shape are dropped: the next read recomputes them."""
    apps.get_model("dashboards", "UnitRollup").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0001_unit_rollup"),
        ("plans", "0008_taskgroup_nq57"),
    ]

    operations = [migrations.RunPython(forget_rollups, migrations.RunPython.noop)]
