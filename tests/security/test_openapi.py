"""The open-data API against its own OpenAPI document, with schemathesis.

Requests are generated from ``/api/v1/openapi.json`` and sent through the
WSGI app; every response must be free of server errors and match the
documented schema (status codes, content types, bodies).
"""
import schemathesis
from hypothesis import HealthCheck, given, settings

from participation.extensions import db

OPENAPI_URL = "/api/v1/openapi.json"


def test_the_api_keeps_its_documented_promises(app, programme):
    schema = schemathesis.openapi.from_wsgi(OPENAPI_URL, app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 2
    failures = []
    for operation in operations:

        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate()

        try:
            check()
        except Exception as error:  # noqa: BLE001 - every operation is checked, all failures reported
            db.session.rollback()
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)


def test_the_document_covers_every_api_route(app):
    import json

    document = json.loads(app.test_client().get(OPENAPI_URL).get_data())
    documented = {path.replace("{", "<").replace("}", ">") for path in document["paths"]}
    routes = {
        rule.rule.replace("<int:", "<")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.rule != OPENAPI_URL
    }
    assert routes <= documented, f"API routes missing from the OpenAPI document: {routes - documented}"
