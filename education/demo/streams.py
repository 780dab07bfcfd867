"""Tiny helpers that write StreamField blocks (core/blocks.py) as raw JSON.

Content modules use them so the data reads like the page it becomes. Images in
a body are named by key (``image("hero")``) and resolved to an image id by the
builder, which owns the generated pictures.
"""

import uuid


def paragraph(html):
    return {"type": "paragraph", "value": html}


def callout(text, title="", level="warning"):
    return {"type": "callout", "value": {"level": level, "title": title, "text": text}}


def info(text, title=""):
    return callout(text, title, level="info")


def quote(text, attribution=""):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def faq(items, title=""):
    return {
        "type": "faq",
        "value": {
            "title": title,
            # ListBlock items in Wagtail's stored form: each with an id, or the
            # whole dict would be read as one legacy raw value.
            "items": [
                {"type": "item", "value": {"question": q, "answer": a}, "id": str(uuid.uuid4())}
                for q, a in items
            ],
        },
    }


def image(key, caption="", alt_text=""):
    """An image block; ``key`` names a picture made by education.demo.builder.
    Without ``alt_text`` the builder gives the picture's own, in the page's language."""
    return {"type": "image", "value": {"image": key, "caption": caption, "alt_text": alt_text}}


def service(kind, name, phone="", address="", hours="", note=""):
    return {
        "type": "service",
        "value": {
            "kind": kind,
            "name": name,
            "phone": phone,
            "address": address,
            "hours": hours,
            "note": note,
        },
    }
