from django.db import migrations


def load_oecd_fields(apps, schema_editor):
    from portal.taxonomy import load_taxonomy

    load_taxonomy(apps.get_model("portal", "Field"), "oecd_fos.json")


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load_oecd_fields, migrations.RunPython.noop)]
