"""The archive outside the browser: Atom feeds, the sitemap and robots.txt.

``feeds`` builds the Atom documents with Django's syndication framework,
``freshness`` answers "has anything changed?" in one query so that polling
feed readers get a 304, ``sitemaps`` lists the pages worth crawling.
"""
