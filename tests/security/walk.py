"""Walk the application's URL map with real path arguments.

The security tests use this to cover every route, including routes added
later: they iterate ``app.url_map`` and fill each path argument with values
taken from the rows in the database:

- ``lang_code`` is ``it``;
- an argument named like a column (``slug``, ``number``) takes that
  column's values, from every table that has it;
- ``<name>_id`` takes the ids of tables whose name contains ``name``
  (``item_id`` -> ``programme_item.id``), then any table's ids;
- ``PATH_ARGUMENTS[(endpoint, argument)]`` overrides all of this when the
  guess cannot work (a callable receiving the app, returning values).

For a GET route the first combination of values that does not answer 404
is used. Make sure the ``populated`` fixture (tests/security/conftest.py)
creates at least one row of each new table.
"""
import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import AnyConverter, IntegerConverter

from participation.extensions import db

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
FIXED_ARGUMENTS = {"lang_code": ["en"]}
# (endpoint, argument) -> callable(app) returning candidate values.
PATH_ARGUMENTS = {
    ("static", "filename"): lambda app: ["css/site.css"],
    ("translations.admin_edit", "entity_type"): lambda app: ["item"],
    ("translations.admin_edit", "language"): lambda app: ["en"],
    ("notifications.unsubscribe", "token"): lambda app: _unsubscribe_token(),
}
MAX_VALUES_PER_ARGUMENT = 6


def _unsubscribe_token():
    from types import SimpleNamespace

    from participation.accounts.models import User
    from participation.notifications.email import unsubscribe_token

    # A connection of its own: the walk must not leave the session's transaction idle.
    with db.engine.connect() as connection:
        user_id = connection.execute(select(User.id).order_by(User.id).limit(1)).scalar()
    return [unsubscribe_token(SimpleNamespace(id=user_id), "reply")] if user_id is not None else ["no-user-yet"]
MAX_COMBINATIONS = 24


@dataclass
class Route:
    rule: object
    method: str
    url: str

    @property
    def endpoint(self):
        return self.rule.endpoint

    def __str__(self):
        return f"{self.method} {self.url} ({self.endpoint})"


def rules(app, methods):
    """Rules of the URL map accepting one of ``methods`` (sorted for stable reports)."""
    found = [rule for rule in app.url_map.iter_rules() if set(rule.methods or ()) & set(methods)]
    return sorted(found, key=lambda rule: (rule.rule, rule.endpoint))


def column_values():
    """{column name: {table: [values]}} and {table: [ids]} from the first rows of every table."""
    by_column, ids_by_table = {}, {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)[:1]
            rows = connection.execute(select(table).order_by(*order).limit(MAX_VALUES_PER_ARGUMENT)).mappings().all()
            for row in rows:
                for name, value in row.items():
                    if value is None or isinstance(value, (dict, list, bytes)):
                        continue
                    values = by_column.setdefault(name, {}).setdefault(table.name, [])
                    if value not in values:
                        values.append(value)
                if "id" in row:
                    ids_by_table.setdefault(table.name, []).append(row["id"])
    return by_column, ids_by_table


def _relevance(rule, table):
    """Tables named after the view come first: programme.item -> programme_item."""
    blueprint, _, function = rule.endpoint.rpartition(".")
    words = set(re.split(r"[_.]", function)) | {blueprint}
    return -sum(1 for word in words if word and word in table.split("_"))


def _round_robin(per_table, rule):
    ordered = [per_table[table] for table in sorted(per_table, key=lambda table: _relevance(rule, table))]
    return [value for group in itertools.zip_longest(*ordered) for value in group if value is not None]


def _converter_accepts(rule, argument, value):
    converter = rule._converters[argument]
    if isinstance(converter, IntegerConverter):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(converter, AnyConverter):
        return str(value) in getattr(converter, "items", ())
    return isinstance(value, (str, int)) and not isinstance(value, bool) and str(value) != ""


def candidates(app, rule, argument, by_column, ids_by_table):
    if (rule.endpoint, argument) in PATH_ARGUMENTS:
        return list(PATH_ARGUMENTS[(rule.endpoint, argument)](app))
    if argument in FIXED_ARGUMENTS:
        return list(FIXED_ARGUMENTS[argument])
    converter = rule._converters[argument]
    if isinstance(converter, AnyConverter):
        return list(converter.items)[:MAX_VALUES_PER_ARGUMENT]
    pool = _round_robin(by_column.get(argument, {}), rule)
    if argument.endswith("_id"):
        stem = argument[: -len("_id")]
        related = {table: ids for table, ids in ids_by_table.items() if stem in table}
        pool = _round_robin(related, rule) + pool + _round_robin(ids_by_table, rule)
    elif argument == "id":
        pool += _round_robin(ids_by_table, rule)
    chosen = []
    for value in pool:
        if _converter_accepts(rule, argument, value) and value not in chosen:
            chosen.append(value)
    if not chosen:
        chosen = [1] if isinstance(converter, IntegerConverter) else ["x"]
    return chosen[:MAX_VALUES_PER_ARGUMENT]


def urls(app, rule):
    """Candidate URLs for ``rule``, best guesses first."""
    by_column, ids_by_table = column_values()
    arguments = sorted(rule.arguments)
    pools = [candidates(app, rule, argument, by_column, ids_by_table) for argument in arguments]
    built = []
    for combination in itertools.islice(itertools.product(*pools), MAX_COMBINATIONS):
        result = rule.build(dict(zip(arguments, combination, strict=True)), append_unknown=False)
        if result is not None:
            built.append(result[1])
    return built


def get_routes(app, client):
    """Every GET route with the first URL that is found (or its last guess), as Route objects."""
    routes = []
    for rule in rules(app, {"GET"}):
        options = urls(app, rule)
        chosen = options[-1] if options else None
        for url in options:
            if client.get(url).status_code != 404:
                chosen = url
                break
        if chosen is not None:
            routes.append(Route(rule, "GET", chosen))
    return routes


def state_changing_routes(app):
    """Every (rule, method) accepting POST/PUT/PATCH/DELETE, with a URL built from real values."""
    routes = []
    for rule in rules(app, STATE_CHANGING):
        options = urls(app, rule)
        if not options:
            continue
        for method in sorted(set(rule.methods) & STATE_CHANGING):
            routes.append(Route(rule, method, options[0]))
    return routes


def database_digest():
    """Every row of every table, to prove that a request changed nothing."""
    snapshot = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = connection.execute(select(table).order_by(*order)).all()
            snapshot[table.name] = [tuple(row) for row in rows]
    return snapshot


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").upper(),
                             "fields": {}}
            self.forms.append(self._current)
        elif tag in ("input", "textarea", "select") and self._current is not None and attrs.get("name"):
            kind = attrs.get("type", tag).lower()
            self._current["fields"][attrs["name"]] = kind

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_in(html):
    """[{action, method, fields: {name: input type}}] for every <form> in ``html``."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def discover_form_fields(app, client, page_urls):
    """{endpoint: {field name: type}} for the POST forms found on the given pages."""
    adapter = app.url_map.bind("localhost")
    found = {}
    for page in page_urls:
        response = client.get(page)
        if response.mimetype != "text/html":
            continue
        for form in forms_in(response.get_data(as_text=True)):
            if form["method"] != "POST":
                continue
            action = urlsplit(form["action"]).path or urlsplit(page).path
            try:
                endpoint, _args = adapter.match(action, method="POST")
            except HTTPException:
                continue
            found.setdefault(endpoint, {}).update(form["fields"])
    return found
