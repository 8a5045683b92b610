"""Interface languages: the language lives in the URL (``/it/...``, ``/ar/...``)."""
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import current_app, g, redirect, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_number, format_time, get_locale
from markupsafe import Markup
from werkzeug.exceptions import NotFound

from .addresses import absolute_url


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    direction: str = "ltr"
    # The BCP 47 tag of ``lang`` attributes when it says more than the code (the script).
    html_tag: str = ""
    # The Babel locale of dates and numbers when the language's default locale does not suit a
    # reader living in Italy (English: "1 December 2026" and 15:30, not "December 1, 2026, 3:30 PM").
    formatting_locale: str = ""

    @property
    def tag(self):
        return self.html_tag or self.code


LANGUAGES = {
    lang.code: lang
    for lang in (
        Language("it", "Italiano"),
        Language("en", "English", formatting_locale="en_GB"),
        Language("ro", "Română"),
        Language("sq", "Shqip"),
        Language("ar", "العربية", "rtl"),
        Language("fr", "Français"),
        Language("uk", "Українська"),
        Language("pa", "ਪੰਜਾਬੀ", html_tag="pa-Guru"),
        Language("zh", "中文", html_tag="zh-Hans"),
        Language("ur", "اردو", "rtl"),
    )
}
DEFAULT_LANGUAGE = "it"
LANGUAGE_COOKIE = "lang"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600
# The language menu adds ``?chosen=1`` to its links: the choice is remembered.
CHOSEN_PARAMETER = "chosen"


def current_language():
    """The Language of this request (Italian outside a language prefix)."""
    code = g.get("lang_code") or DEFAULT_LANGUAGE
    return LANGUAGES.get(code, LANGUAGES[DEFAULT_LANGUAGE])


def babel_locale(code):
    """The Babel locale of language ``code``: its messages are the language's catalogue
    (``en_GB`` reads ``translations/en``), its dates and numbers suit a reader living in Italy."""
    language = LANGUAGES.get(code)
    if language is None:
        return code
    return language.formatting_locale or code


def select_locale():
    """Flask-Babel locale selector: the URL decides; elsewhere (API, mail) the default."""
    code = g.get("lang_code")
    if code in LANGUAGES:
        return babel_locale(code)
    return g.get("forced_locale") or DEFAULT_LANGUAGE


def preferred_language():
    """For a visitor without a language in the URL: the remembered choice
    (cookie), then the account's preference, then the browser's languages."""
    from flask_login import current_user

    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    if current_user and current_user.is_authenticated:
        user_pref = getattr(current_user, "language", None)
        if user_pref in LANGUAGES:
            return user_pref
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT_LANGUAGE)


def remember_language(user, code):
    """Store ``code`` as the signed-in ``user``'s interface language.

    Does nothing for anonymous visitors or an unknown code; flushes, never commits.
    """
    from ..extensions import db

    if code not in LANGUAGES or user is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "language", None) == code:
        return False
    user.language = code
    db.session.flush()
    return True


def _pull_lang_code(endpoint, values):
    if values and "lang_code" in values:
        code = values.pop("lang_code")
        if code not in LANGUAGES:
            raise NotFound()
        g.lang_code = code


def _add_lang_code(endpoint, values):
    if "lang_code" in values:
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
        values["lang_code"] = g.get("lang_code") or DEFAULT_LANGUAGE


def _query_without_choice():
    return [(key, value) for key, value in request.args.items(multi=True) if key != CHOSEN_PARAMETER]


def _page_in_language(code):
    """``(endpoint, values, query string)`` of the current page in another language."""
    if request.endpoint and request.url_rule and "lang_code" in request.url_rule.arguments:
        args = dict(request.view_args or {})
        args["lang_code"] = code
        query = _query_without_choice()
        return request.endpoint, args, f"?{urlencode(query)}" if query else ""
    return "site.home", {"lang_code": code}, ""


def _paths_in_languages():
    """{language code: the current page's path in that language, with its query}, built once a request.

    A page whose address starts with its language (``/<lang_code>/...``) is built once, and each
    other language's address is that one with the first segment changed: the same page, without
    asking the URL map again for every language of every page.
    """
    paths = g.get("_paths_in_languages")
    if paths is not None:
        return paths
    first = next(iter(LANGUAGES))
    endpoint, values, query = _page_in_language(first)
    built = url_for(endpoint, **values)[len(request.script_root):]
    rule = request.url_rule.rule if endpoint == request.endpoint and request.url_rule else "/<lang_code>"
    prefix = f"/{first}"
    if rule.startswith("/<lang_code>") and (built == prefix or built.startswith(prefix + "/")):
        rest = built[len(prefix):]
        paths = {code: f"/{code}{rest}{query}" for code in LANGUAGES}
    else:
        paths = {}
        for code in LANGUAGES:
            endpoint, values, query = _page_in_language(code)
            paths[code] = url_for(endpoint, **values)[len(request.script_root):] + query
    g._paths_in_languages = paths
    return paths


def url_in_language(code):
    """The current page in another language, keeping path arguments and query."""
    return request.script_root + _paths_in_languages()[code]


def language_choice_url(code):
    """The language menu's link: the same page in ``code``, remembered as a choice."""
    url = url_in_language(code)
    return url + ("&" if "?" in url else "?") + f"{CHOSEN_PARAMETER}=1"


def alternate_links():
    """(hreflang, absolute URL on ``BASE_URL``) of every language version, then ``x-default``."""
    base = (current_app.config.get("BASE_URL") or request.url_root).rstrip("/")
    links = [(code, base + path) for code, path in _paths_in_languages().items()]
    links.append(("x-default", absolute_url("root")))
    return links


def _remember_choice():
    """An explicit choice from the language menu is remembered (cookie and,
    for a signed-in resident, the account), then the address is cleaned."""
    code = g.get("lang_code")
    if not code or request.method != "GET" or request.args.get(CHOSEN_PARAMETER) != "1":
        return None
    from flask_login import current_user

    from ..extensions import db

    if remember_language(current_user, code):
        db.session.commit()
    response = redirect(url_in_language(code), code=303)
    response.set_cookie(
        LANGUAGE_COOKIE, code, max_age=LANGUAGE_COOKIE_MAX_AGE, samesite="Lax", httponly=True,
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


def root_redirect():
    response = redirect(url_for("site.home", lang_code=preferred_language()), code=302)
    response.vary.update(("Cookie", "Accept-Language"))
    return response


def lang_tag(code):
    """The ``lang`` attribute value of content in ``code`` (``zh`` -> ``zh-Hans``)."""
    language = LANGUAGES.get(code)
    return language.tag if language is not None else (code or DEFAULT_LANGUAGE)


def language_name(code):
    """The name of language ``code`` in the page's language ("inglese" on an Italian page)."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(babel_locale(current_language().code)).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or (LANGUAGES[code].native_name if code in LANGUAGES else code)


def bdi(text):
    """``text`` isolated from the direction of the sentence around it (a name, a date)."""
    return Markup("<bdi>%s</bdi>") % text


def init_app(app):
    app.url_value_preprocessor(_pull_lang_code)
    app.url_defaults(_add_lang_code)
    app.before_request(_remember_choice)
    # Flask-Babel names them datetimeformat, dateformat...; these read better.
    app.jinja_env.filters.update(
        format_date=format_date, format_datetime=format_datetime,
        format_time=format_time, format_number=format_number, format_decimal=format_decimal,
        lang_tag=lang_tag, bdi=bdi, language_name=language_name,
    )

    @app.context_processor
    def inject_languages():
        return {
            "LANGUAGES": LANGUAGES,
            "current_language": current_language(),
            "url_in_language": url_in_language,
            "language_choice_url": language_choice_url,
            "alternate_links": alternate_links,
            "get_locale": get_locale,
        }
