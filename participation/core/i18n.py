"""Interface languages: the language lives in the URL (``/it/...``, ``/ar/...``)."""
from dataclasses import dataclass

from flask import g, redirect, request, url_for
from flask_babel import get_locale
from werkzeug.exceptions import NotFound


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    direction: str = "ltr"


LANGUAGES = {
    lang.code: lang
    for lang in (
        Language("it", "Italiano"),
        Language("en", "English"),
        Language("ro", "Română"),
        Language("sq", "Shqip"),
        Language("ar", "العربية", "rtl"),
        Language("fr", "Français"),
        Language("uk", "Українська"),
    )
}
DEFAULT_LANGUAGE = "it"
LANGUAGE_COOKIE = "lang"


def current_language():
    """The Language of this request (Italian outside a language prefix)."""
    code = g.get("lang_code") or DEFAULT_LANGUAGE
    return LANGUAGES.get(code, LANGUAGES[DEFAULT_LANGUAGE])


def select_locale():
    """Flask-Babel locale selector: the URL decides; elsewhere (API, mail) the default."""
    code = g.get("lang_code")
    if code in LANGUAGES:
        return code
    return g.get("forced_locale") or DEFAULT_LANGUAGE


def preferred_language():
    """For a visitor without a language in the URL: explicit choice, then browser."""
    from flask_login import current_user

    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    user_pref = getattr(current_user, "language", None) if current_user else None
    if user_pref in LANGUAGES:
        return user_pref
    return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT_LANGUAGE)


def _pull_lang_code(endpoint, values):
    if values and "lang_code" in values:
        code = values.pop("lang_code")
        if code not in LANGUAGES:
            raise NotFound()
        g.lang_code = code


def _add_lang_code(endpoint, values):
    from flask import current_app

    if "lang_code" in values:
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
        values["lang_code"] = g.get("lang_code") or DEFAULT_LANGUAGE


def url_in_language(code):
    """The current page in another language, keeping path arguments and query."""
    if request.endpoint and request.url_rule and "lang_code" in request.url_rule.arguments:
        args = dict(request.view_args or {})
        args.update(request.args.to_dict(flat=True))
        args["lang_code"] = code
        return url_for(request.endpoint, **args)
    return url_for("site.home", lang_code=code)


def _remember_choice(response):
    """An explicit choice (``?lang=`` set by the language menu) is remembered."""
    code = g.get("lang_code")
    if code and request.args.get("chosen") == "1":
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def root_redirect():
    return redirect(url_for("site.home", lang_code=preferred_language()), code=302)


def init_app(app):
    import flask_babel

    # Numbers, dates and times formatted by Babel for the page's language.
    app.jinja_env.filters.update(
        format_number=flask_babel.format_number,
        format_decimal=flask_babel.format_decimal,
        format_date=flask_babel.format_date,
        format_datetime=flask_babel.format_datetime,
        format_time=flask_babel.format_time,
    )
    app.url_value_preprocessor(_pull_lang_code)
    app.url_defaults(_add_lang_code)
    app.after_request(_remember_choice)

    @app.context_processor
    def inject_languages():
        return {
            "LANGUAGES": LANGUAGES,
            "current_language": current_language(),
            "url_in_language": url_in_language,
            "get_locale": get_locale,
        }
