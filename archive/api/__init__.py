"""The read-only JSON API: what the public site shows, for programs (Django REST framework).

Views reuse the site's querysets, filters and chart code, so the API can neither show
more than the pages nor count differently. Serializers read only what the view loaded.
"""
