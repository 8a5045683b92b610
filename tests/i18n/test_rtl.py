"""Right-to-left: the stylesheet uses logical properties only; user text gets dir="auto"."""
import re
from pathlib import Path

import pytest
from flask import render_template_string

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"

PHYSICAL = [
    (re.compile(r"(?<![\w-])(margin|padding|border|scroll-margin|scroll-padding)-(left|right)\b"), "physical side"),
    (re.compile(r"(?<![\w-])border-(top|bottom)-(left|right)-radius\b"), "physical corner"),
    (re.compile(r"(?<![\w-])(left|right)\s*:"), "physical offset"),
    (re.compile(r"(?<![\w-])(text-align|float|clear|caption-side|resize)\s*:\s*(left|right)\b"), "physical value"),
]


def physical_properties(css):
    """(line number, text, kind) of every physical left/right rule in ``css``."""
    css = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), css, flags=re.S)
    found = []
    for number, line in enumerate(css.splitlines(), start=1):
        for pattern, kind in PHYSICAL:
            if pattern.search(line):
                found.append((number, line.strip(), kind))
    return found


def test_the_stylesheet_uses_logical_properties_only():
    assert physical_properties(STYLESHEET.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "rule",
    ["a { margin-left: 1rem; }", "a { padding-right: 0; }", "a { left: 0; }", "a {right:0}",
     "p { text-align: left; }", "img { float: right; }", "a { border-top-left-radius: 2px; }"],
)
def test_the_scanner_finds_physical_rules(rule):
    assert len(physical_properties(rule)) == 1


@pytest.mark.parametrize(
    "rule",
    ["a { margin-inline-start: 1rem; }", "a { inset-inline-start: 0; }", "p { text-align: start; }",
     "/* never margin-left */", "a { inline-size: 3rem; }", "a { inset-block-start: 0; }",
     "a { top: 0; width: 1rem; }", ".left-column { color: red; }"],
)
def test_the_scanner_accepts_logical_rules(rule):
    assert physical_properties(rule) == []


def test_user_content_carries_its_language_and_automatic_direction(app):
    with app.test_request_context("/it/"):
        html = render_template_string(
            '{% from "_i18n.html" import user_content %}{{ user_content(text, "ar") }}', text="<p>مرحبا</p>"
        )
    assert html == '<div class="user-content" lang="ar" dir="auto"><p>مرحبا</p></div>'
