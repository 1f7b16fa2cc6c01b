"""The timeline templates: well-formed SVG, escaped labels, unique ids, the table and switch."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from archive.timeline.chart import layout
from archive.timeline.series import build_timeline

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = {1: "<script>alert(1)</script>", 2: "\"&'", 3: "Plain Show"}


def hostile_timeline():
    rows = [
        (date(2024, 1, 1), 1, 3),
        (date(2024, 1, 1), 2, 1),
        (date(2024, 3, 1), 3, 2),
        (date(2024, 4, 1), 2, 2),
    ]
    return build_timeline(rows, labels=HOSTILE)


def link(period):
    return f"?in={period.key}&from=2024-01"


def render_svg(timeline, *, standalone=False, href=link, id_prefix="t"):
    chart = layout(timeline, href=href)
    context = {"chart": chart, "timeline": timeline, "id_prefix": id_prefix}
    return render_to_string("includes/_timeline_svg.html", {**context, "standalone": standalone})


def render_figure(timeline, *, query="/?from=2024-01&page=2", id_prefix="t", **extra):
    chart = layout(timeline, href=link)
    context = {"timeline": timeline, "chart": chart, "id_prefix": id_prefix, "caption": "Ann"}
    request = RequestFactory().get(query)
    return render_to_string("includes/_timeline.html", {**context, **extra}, request=request)


def parse_html(fragment: str) -> ET.Element:
    """The fragment as XML: our HTML is written to be well-formed, so this also checks that."""
    return ET.fromstring(f"<root>{fragment}</root>")


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def test_the_standalone_svg_is_a_well_formed_styled_image():
    markup = render_svg(hostile_timeline(), standalone=True, href=None)

    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 720 220"
    assert (root.get("width"), root.get("height")) == ("720", "220")
    assert root.get("role") == "img"
    style = root.find(f"{SVG}style")
    assert ".series-0 { fill: #0a6ee6; }" in style.text
    assert "prefers-color-scheme: dark" in style.text and ".series-other" in style.text


def test_the_inline_svg_scales_and_leaves_styling_to_the_page():
    root = ET.fromstring(render_svg(hostile_timeline()))

    assert root.find(f"{SVG}style") is None
    assert root.get("width") == "100%" and root.get("height") is None
    assert root.get("preserveAspectRatio") == "xMidYMid meet"


def test_no_inline_style_attributes_anywhere():
    markup = render_figure(hostile_timeline(), granularities=True)

    assert not [e for e in parse_html(markup).iter() if "style" in e.attrib]


def test_the_svg_is_labelled_by_its_title_and_summary():
    root = ET.fromstring(render_svg(hostile_timeline()))

    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert desc.text.startswith("8 appearances on 3 shows since January 2024")


def test_bars_with_something_are_links_holding_titled_rects():
    root = ET.fromstring(render_svg(hostile_timeline()))

    links = list(root.iter(f"{SVG}a"))
    assert [a.get("href") for a in links] == [
        "?in=2024-01&from=2024-01",
        "?in=2024-03&from=2024-01",
        "?in=2024-04&from=2024-01",
    ]
    assert root.get("role") == "group"  # an img would hide these links from screen readers
    for a in links:
        assert a[0].tag == f"{SVG}title"
        segments = [r for r in a.iter(f"{SVG}rect") if "timeline-segment" in r.get("class")]
        assert segments and all(r.find(f"{SVG}title") is not None for r in segments)


def test_rendered_geometry_is_the_charts_and_unlocalised():
    timeline = hostile_timeline()
    chart = layout(timeline, href=link)

    with translation.override("de"):  # a locale whose decimal separator is a comma
        markup = render_svg(timeline)

    rects = [r for r in ET.fromstring(markup).iter(f"{SVG}rect") if "series" in r.get("class")]
    expected = [s for bar in chart.bars for s in bar.segments]
    assert [(float(r.get("y")), float(r.get("height"))) for r in rects] == [
        (s.y, s.height) for s in expected
    ]
    assert not re.search(r'="\d+,\d+"', markup)


@pytest.mark.parametrize("label", HOSTILE.values())
def test_hostile_labels_come_out_as_text_in_svg_legend_and_table(label):
    markup = render_figure(hostile_timeline(), granularities=True)

    assert "<script>" not in markup
    root = parse_html(markup)
    titles = [text_of(t) for t in root.iter(f"{SVG}title")]
    assert any(label in title for title in titles)
    assert label in [text_of(li).rsplit(" ", 1)[0] for li in root.iter("li")]
    assert label in [text_of(th) for th in root.iter("th")]


def test_hostile_labels_are_escaped_in_the_standalone_svg_too():
    markup = render_svg(hostile_timeline(), standalone=True)

    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert any(HOSTILE[2] in text_of(t) for t in ET.fromstring(markup).iter(f"{SVG}title"))


def test_two_charts_on_one_page_have_distinct_ids():
    timeline = hostile_timeline()
    page = render_figure(timeline, id_prefix="speaker") + render_figure(timeline, id_prefix="other")

    root = parse_html(page)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) >= 8
    referenced = [ref for e in root.iter() for ref in (e.get("aria-labelledby") or "").split()]
    assert referenced and set(referenced) <= set(ids)


def test_the_legend_names_every_series_with_its_swatch_and_total():
    root = parse_html(render_figure(hostile_timeline()))

    legend = next(e for e in root.iter("ul") if e.get("class") == "timeline-legend")
    items = [(li.find("span").get("class"), text_of(li).strip()) for li in legend.findall("li")]
    assert items == [
        ("timeline-swatch series-0", "\"&' 3"),
        ("timeline-swatch series-1", "<script>alert(1)</script> 3"),
        ("timeline-swatch series-2", "Plain Show 2"),
    ]


def test_the_table_has_every_period_a_column_per_series_and_totals():
    root = parse_html(render_figure(hostile_timeline()))

    details = next(root.iter("details"))
    assert text_of(details.find("summary")) == "Show the numbers"
    table = next(details.iter("table"))
    assert text_of(table.find("caption")) == "Ann"
    head = [text_of(th) for th in table.find("thead").iter("th")]
    assert head == ["Month", "\"&'", "<script>alert(1)</script>", "Plain Show", "Total"]
    body = [[text_of(c) for c in tr] for tr in table.find("tbody").findall("tr")]
    assert body == [
        ["January 2024", "1", "3", "0", "4"],
        ["February 2024", "0", "0", "0", "0"],
        ["March 2024", "0", "0", "2", "2"],
        ["April 2024", "2", "0", "0", "2"],
    ]
    assert [text_of(c) for c in table.find("tfoot").find("tr")] == ["Total", "3", "3", "2", "8"]


def test_the_switch_keeps_other_parameters_and_marks_the_current_grouping():
    root = parse_html(render_figure(hostile_timeline(), granularities=True))

    switch = next(e for e in root.iter("p") if e.get("class") == "timeline-switch")
    links = {text_of(a): a for a in switch.findall("a")}
    assert list(links) == ["Month", "Quarter", "Year"]
    assert links["Quarter"].get("href") == "?from=2024-01&page=2&by=quarter#t-figure"
    assert links["Month"].get("aria-current") == "true"
    assert links["Year"].get("aria-current") is None


def test_the_switch_replaces_a_previous_choice():
    root = parse_html(render_figure(hostile_timeline(), query="/?by=year", granularities=True))

    hrefs = [a.get("href") for a in root.iter("a") if a.get("href", "").startswith("?by=")]
    assert hrefs == ["?by=month#t-figure", "?by=quarter#t-figure", "?by=year#t-figure"]


def test_no_switch_unless_asked():
    markup = render_figure(hostile_timeline())

    assert "timeline-switch" not in markup


def test_an_empty_timeline_is_just_its_sentence():
    markup = render_figure(build_timeline([], labels={}), granularities=True)

    root = parse_html(markup)
    assert [e.tag for e in root] == ["p"]
    assert text_of(root[0]) == "No dated appearances yet."
    assert "<svg" not in markup and "<table" not in markup


def test_the_figure_caption_is_the_summary():
    root = parse_html(render_figure(hostile_timeline()))

    figure = root.find("figure")
    assert figure[0].tag == "figcaption"
    assert text_of(figure[0]) == hostile_timeline().summary()
