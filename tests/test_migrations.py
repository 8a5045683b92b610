"""The schema comes only from migrations: they must build it and match the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from participation import create_app
from participation.extensions import db
from participation.search.schema import is_search_schema_object
from tests.conftest import make_config


def test_upgrade_on_empty_database_matches_models(tmp_path):
    app = create_app(make_config(tmp_path))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {"programme_item", "area", "user_account"} <= tables
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"render_as_batch": True, "include_object": lambda obj, name, *rest: not is_search_schema_object(name)},
            )
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()
