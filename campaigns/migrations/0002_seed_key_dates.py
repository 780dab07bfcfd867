"""The three key dates and the June publicity month, as yearly rules."""

import datetime

from django.db import migrations

KEY_DATES = [
    # code, name, English, first date, days, counting, countdown from, order
    # A law's name carries book-title marks: 《禁毒法》施行19周年.
    ("anti-drug-law", "《禁毒法》施行", "the Anti-Drug Law coming into force",
     datetime.date(2008, 6, 1), 1, "anniversary", 14, 10),
    ("humen", "虎门销烟", "the Humen opium destruction",
     datetime.date(1839, 6, 3), 1, "anniversary", 14, 20),
    ("idad", "国际禁毒日", "International Day against Drug Abuse and Illicit Trafficking",
     datetime.date(1988, 6, 26), 1, "ordinal", 366, 30),
    # Numbered from 2011: 2024 was the 14th month and 2025 the 15th (国家禁毒办,
    # nncc626.com), so 2027 is the 17th.
    ("publicity-month", "全民禁毒宣传月", "National Anti-Drug Publicity Month",
     datetime.date(2011, 6, 1), 30, "ordinal", 0, 40),
]


def seed(apps, schema_editor):
    KeyDate = apps.get_model("campaigns", "KeyDate")
    for code, name, name_en, first_date, days, counting, countdown, order in KEY_DATES:
        KeyDate.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "first_date": first_date, "yearly": True,
            "length_days": days, "counting": counting, "countdown_days": countdown, "sort_order": order,
        })


def unseed(apps, schema_editor):
    apps.get_model("campaigns", "KeyDate").objects.filter(code__in=[k[0] for k in KEY_DATES]).delete()


class Migration(migrations.Migration):
    # core: saves of public models bump its cache generation (core/signals.py).
    dependencies = [("campaigns", "0001_key_dates"), ("core", "0005_cache_generation")]
    operations = [migrations.RunPython(seed, unseed)]
