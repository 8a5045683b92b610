"""The search page's form: each control with its own label, the kinds of content as labelled boxes."""
import re


def test_every_control_of_the_search_form_has_its_label(client):
    html = client.get("/en/search").text
    form = re.search(r'<form method="get" action="/en/search" class="search-form"[^>]*>(.*?)</form>', html, re.S)
    assert form, "no search form"
    fields = form.group(1)
    assert '<label for="search-q">Words to look for</label>' in fields
    assert '<label for="search-area">Area</label>' in fields
    boxes = re.findall(r'<input type="checkbox" id="([^"]+)" name="kind"', fields)
    assert len(boxes) == 3
    for box in boxes:
        assert f'<label for="{box}">' in fields
    assert '<button type="submit" class="button">Search</button>' in fields


def test_the_chosen_kinds_stay_ticked(client):
    html = client.get("/en/search", query_string={"kind": "proposal"}).text
    assert re.search(r'id="search-kind-proposal" name="kind" value="proposal" checked', html)
    assert not re.search(r'id="search-kind-comment" name="kind" value="comment" checked', html)
