"""Education's demo content: pages in zh-hans, en and (some) zh-hant, pictures,
leaflets, site settings and footer links. Registered in education/apps.py and
run by `manage.py load_initial_data`.

Idempotent: when the zh-hans home page exists the content is left alone, so a
second run changes nothing. The build runs in one transaction, so a failure
leaves no half-built tree behind.
"""

import io

from django.core.management import call_command
from wagtail.search.backends import get_search_backend


def load(stdout) -> None:
    from .builder import DemoBuilder

    builder = DemoBuilder()
    if builder.already_loaded():
        stdout.write("education: demo content already loaded; nothing to do.")
        return
    stats = builder.build()
    # Index what was built (indexing on save was off during the build, and now
    # every drug's street names are in the segmentation dictionary), and
    # rebuild the reference index (where each image and page is used).
    backend = get_search_backend()
    for model, objects in builder.created_objects().items():
        backend.add_bulk(model, objects)
    call_command("rebuild_references_index", stdout=io.StringIO())
    stdout.write(f"education: {len(builder.pages)} pages, {stats.images} images, {stats.documents} documents.")
