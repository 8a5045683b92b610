"""The load balancer's question: can this server reach its database?"""
from participation import create_app
from tests.conftest import make_config


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    unreachable = "postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=2"
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=unreachable))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_healthz_answers_503_for_a_sqlite_file_that_cannot_be_opened(tmp_path):
    missing = f"sqlite:///{tmp_path}/no/such/folder/db.sqlite"
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=missing))
    assert app.test_client().get("/healthz").status_code == 503
