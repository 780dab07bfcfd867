"""The key dates as the office writes them: 《禁毒法》施行 with its book-title
marks, and the publicity month numbered from 2011 (2025 was the 15th 全民禁毒
宣传月). Rows an editor has changed since 0002 seeded them are left alone."""

import datetime

from django.db import migrations

OLD_LAW, NEW_LAW = "禁毒法施行", "《禁毒法》施行"
OLD_MONTH = {"first_date": datetime.date(2008, 6, 1), "counting": "none"}
NEW_MONTH = {"first_date": datetime.date(2011, 6, 1), "counting": "ordinal"}


def correct(apps, schema_editor):
    KeyDate = apps.get_model("campaigns", "KeyDate")
    KeyDate.objects.filter(code="anti-drug-law", name=OLD_LAW).update(name=NEW_LAW)
    KeyDate.objects.filter(code="publicity-month", **OLD_MONTH).update(**NEW_MONTH)


def restore(apps, schema_editor):
    KeyDate = apps.get_model("campaigns", "KeyDate")
    KeyDate.objects.filter(code="anti-drug-law", name=NEW_LAW).update(name=OLD_LAW)
    KeyDate.objects.filter(code="publicity-month", **NEW_MONTH).update(**OLD_MONTH)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0005_reminders_sent")]
    operations = [migrations.RunPython(correct, restore)]
