"""An item's page calls its area "Area" in its header as in its breadcrumb."""
import re


def _eyebrow(html):
    return re.search(r'<p class="eyebrow">(.*?)</p>', html, re.S).group(1)


def test_the_header_names_the_area_as_the_breadcrumb_does(client, programme):
    html = client.get("/en/items/polo-alta-formazione").text
    assert '<a href="/en/areas/2">Area 2</a>' in html  # the breadcrumb
    assert _eyebrow(html) == "Area 2 · Item 2.2"
    assert "Programme point" not in html


def test_an_item_of_several_areas_names_them_all(client, programme):
    html = client.get("/en/items/rigenerazione-urbana").text
    eyebrow = _eyebrow(html)
    assert eyebrow.startswith("Areas 3 - 5 · Item 3."), eyebrow
