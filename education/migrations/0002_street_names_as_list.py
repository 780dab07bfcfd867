"""Street names become a list (one StreamField block per name).

They were comma-separated text, so a name holding a comma inside brackets,
"bing (冰, ice)", showed as two chips. Existing text is split on 、 , ， ; ； and
line breaks, but never inside () or （）, keeping the order. Drafts and
revisions (and wagtail-localize's stored sources) are converted too, so
reverting to an old revision or syncing a translation does not bring back text.
"""

import json
import uuid

import wagtail.blocks
import wagtail.fields
from django.db import migrations

SEPARATORS = set("、,，;；\n")
OPENING, CLOSING = set("(（"), set(")）")


def split_street_names(text):
    """Names in ``text`` in order; separators inside brackets belong to the name."""
    names, current, depth = [], [], 0
    for char in text or "":
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(depth - 1, 0)
        if char in SEPARATORS and depth == 0:
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    return [name.strip() for name in names if name.strip()]


def as_blocks(text):
    return [{"type": "name", "value": name, "id": str(uuid.uuid4())} for name in split_street_names(text)]


def _convert_content(content):
    """Convert street_names inside a serialized page (a revision's or a source's content)."""
    value = content.get("street_names")
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, list):
            content["street_names"] = json.dumps(as_blocks(value))
            return True
    return False


def text_to_blocks(apps, schema_editor):
    DrugPage = apps.get_model("education", "DrugPage")
    for drug in DrugPage.objects.all().only("id", "street_names_text"):
        DrugPage.objects.filter(pk=drug.pk).update(street_names=as_blocks(drug.street_names_text))

    ContentType = apps.get_model("contenttypes", "ContentType")
    drug_type = ContentType.objects.filter(app_label="education", model="drugpage").first()
    if drug_type is None:
        return
    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.filter(content_type=drug_type).only("id", "content"):
        if _convert_content(revision.content):
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for source in TranslationSource.objects.filter(specific_content_type=drug_type).only("id", "content_json"):
        content = json.loads(source.content_json)
        if _convert_content(content):
            TranslationSource.objects.filter(pk=source.pk).update(content_json=json.dumps(content))


def blocks_to_text(apps, schema_editor):
    DrugPage = apps.get_model("education", "DrugPage")
    for drug in DrugPage.objects.all().only("id", "street_names"):
        names = [block.value for block in drug.street_names]
        DrugPage.objects.filter(pk=drug.pk).update(street_names_text="、".join(names))


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RenameField("drugpage", "street_names", "street_names_text"),
        migrations.AddField(
            model_name="drugpage",
            name="street_names",
            field=wagtail.fields.StreamField(
                [("name", wagtail.blocks.CharBlock(label="Street name", max_length=100))],
                blank=True,
                help_text="Names it is sold or known under, one per block.",
                verbose_name="street names",
            ),
        ),
        migrations.RunPython(text_to_blocks, blocks_to_text),
        migrations.RemoveField("drugpage", "street_names_text"),
    ]
