from django import template

register = template.Library()


@register.filter
def figure(row: dict, name: str):
    """``row[name]``: a report row's figure by name (templates cannot index by a variable)."""
    return row.get(name, "")
