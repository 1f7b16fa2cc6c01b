"""Appearances over time: dated counts bucketed into periods and drawn as a bar chart.

``periods``, ``series`` and ``chart`` are pure Python with no database access, so
every page that draws a timeline (a speaker, a comparison, a show, the whole site,
a search) shares one tested piece of arithmetic:

- ``periods``: months, quarters and years as values, and parsing ``?from=``/``?by=``.
- ``series``: rows of ``(month, key, count)`` -> a zero-filled ``Timeline``.
- ``chart``: a ``Timeline`` -> a ``Chart`` of bars, ticks and titles for the SVG templates.

The queries that produce the rows, and the views' wiring, live beside them.
"""
