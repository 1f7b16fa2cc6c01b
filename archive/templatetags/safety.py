"""Filters for what came from a feed or a transcript: ``{% load safety %}``.

Autoescaping already makes names and titles text in HTML; these cover what
escaping cannot: a URL's scheme, and characters XML may not carry at all.
"""

from django import template

from archive.shownotes import public_url, xml_text

register = template.Library()


@register.filter
def safe_url(value):
    """``{{ show.image_url|safe_url }}``: the URL if it is http(s) or a site path, else ""."""
    return public_url(value)


@register.filter(name="xml_text", is_safe=True)
def xml_text_filter(value):
    """``{{ series.label|xml_text }}`` in SVG and Atom: drops what XML 1.0 forbids.

    Runs before autoescaping, whose output is then well-formed XML.
    """
    return xml_text(value)
