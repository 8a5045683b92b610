"""axe-core and the Nu HTML Checker on every page type in every checked language."""
import pytest

from .browsing import open_page
from .checks import assert_accessible, run_axe, validate_html
from .pages import CASE_IDS, CASES, LANGUAGE_TAGS, RIGHT_TO_LEFT


@pytest.mark.parametrize(("page_type", "lang"), CASES, ids=CASE_IDS)
def test_axe_finds_no_violation(page, live_server, page_type, lang):
    open_page(page, live_server, page_type, lang)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [
        LANGUAGE_TAGS.get(lang, lang), "rtl" if lang in RIGHT_TO_LEFT else "ltr"
    ], "the page does not declare its language and direction"
    assert_accessible(page, when=f"({page_type.name}, {lang})")


@pytest.fixture(scope="session")
def html_errors(browser, live_server, tmp_path_factory):
    """Each page type's served HTML, validated in one run of the Nu HTML Checker."""
    from .browsing import USER_AGENT

    folder = tmp_path_factory.mktemp("html")
    documents, unreachable = {}, {}
    for page_type, lang in CASES:
        name = f"{page_type.name}-{lang}"
        context = browser.new_context(user_agent=USER_AGENT)
        try:
            response = open_page(context.new_page(), live_server, page_type, lang)
            path = folder / f"{name}.html"
            path.write_text(response.text(), encoding="utf-8")
            documents[name] = path
        except AssertionError as error:  # that page fails alone, the others are still validated
            unreachable[name] = [f"the page could not be opened: {error}"]
        finally:
            context.close()
    return {**validate_html(documents), **unreachable}


# One worker validates every page (``--dist loadgroup`` in the Makefile): the fixture opens and
# validates them all at once, which is done once instead of once per worker.
@pytest.mark.xdist_group("html-validation")
@pytest.mark.parametrize(("page_type", "lang"), CASES, ids=CASE_IDS)
def test_html_is_valid(html_errors, page_type, lang):
    errors = html_errors[f"{page_type.name}-{lang}"]
    assert not errors, f"Nu HTML Checker errors on {page_type.name} ({lang}):\n" + "\n".join(errors)


def test_html_checker_reports_errors(tmp_path):
    """The validation step itself notices broken HTML (so a green run means something)."""
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=en><head></head><body><p>text<div></body></html>")
    errors = validate_html({"broken": broken})
    assert any("title" in message for message in errors["broken"])


def test_axe_reports_violations(page):
    """The axe step itself notices a broken page (so a green run means something)."""
    page.set_content('<html><body><img src="x.png"><a href="/"></a><p style="color:#999;background:#fff">low</p></body></html>')
    found = {violation["id"] for violation in run_axe(page)}
    assert {"image-alt", "link-name", "color-contrast", "html-has-lang", "document-title", "region"} <= found
