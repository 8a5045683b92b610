"""Hostile text from residents becomes harmless HTML, once, on save."""
import pytest

from participation.core.sanitize import plain_text_to_html

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "<svg/onload=alert(1)>",
    '"><iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "<!-- comment --><b onmouseover=alert(1)>x</b>",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_only_text(text):
    html = plain_text_to_html(text)
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<iframe" not in html
    assert "<style" not in html and "<b " not in html and "<!--" not in html
    assert '<a href="javascript' not in html and '<a href="data' not in html
    assert html.startswith("<p>") and html.endswith("</p>")


def test_links_get_rel_and_only_web_schemes():
    html = plain_text_to_html("Vedi www.comune.cremona.it e https://example.org/x?a=1&b=2.")
    assert 'href="http://www.comune.cremona.it" rel="nofollow ugc noopener"' in html
    assert 'href="https://example.org/x?a=1&amp;b=2" rel="nofollow ugc noopener"' in html


def test_paragraphs_and_line_breaks_are_kept():
    assert plain_text_to_html("uno\r\ndue\n\n\ntre\x00") == "<p>uno<br>due</p><p>tre</p>"
