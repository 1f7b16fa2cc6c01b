from django import template

from archive import search

register = template.Library()


@register.filter
def highlight(snippet):
    """``{{ hit.snippet|highlight }}``: the search snippet, escaped, with hits marked."""
    return search.highlight(snippet)
