"""Partecipa: a citizen participation platform."""
import os
from pathlib import Path

from flask import Flask

from . import extensions
from .config import config_for_environment, load_or_create_secret_key, public_base_url

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE_PREFIX = "/<lang_code>"


def create_app(config=None):
    """Build the application; ``config`` is a config class or a mapping of overrides."""
    overrides = config if isinstance(config, dict) else {}
    instance_path = (
        overrides.get("INSTANCE_PATH")
        or getattr(config, "INSTANCE_PATH", None)
        or os.environ.get("INSTANCE_PATH")
        or str(ROOT / "instance")
    )
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=instance_path,
    )
    _load_config(app, config)
    _import_models()
    _join_registries()
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _load_config(app, config):
    base = config if isinstance(config, type) else config_for_environment()
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "participation.db")
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV_NAME"] == "production":
            raise RuntimeError("SECRET_KEY must be set when PARTICIPATION_ENV=production.")
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)
    app.config["BASE_URL"] = public_base_url(app.config)
    if app.config.get("PROXY_FIX_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)


def _init_extensions(app):
    from . import permissions
    from .core import errors, i18n, jobs, limits, mail, pagination, request_log, security

    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(ROOT / "migrations"), render_as_batch=True)
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)
    extensions.limiter.init_app(app)
    extensions.babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    pagination.init_app(app)
    errors.init_app(app)
    permissions.init_app(app)
    mail.init_app(app)
    jobs.init_app(app)  # after mail: after-request hooks run last first, so jobs run before mail is sent
    # Operations and security (for every route, present and future).
    limits.init_app(app)
    request_log.init_app(app)
    security.init_app(app)


def _import_models():
    """Every feature's tables, so that migrations and create_all see them all."""
    from .accounts import models as _accounts  # noqa: F401
    from .answers import models as _answers  # noqa: F401
    from .audit import models as _audit  # noqa: F401
    from .core import jobs as _jobs  # noqa: F401
    from .core import mail as _mail  # noqa: F401
    from .core import revisions as _revisions  # noqa: F401
    from .discussion import models as _discussion  # noqa: F401
    from .groups import models as _groups  # noqa: F401
    from .moderation import models as _moderation  # noqa: F401
    from .notifications import models as _notifications  # noqa: F401
    from .opinions import models as _opinions  # noqa: F401
    from .programme import models as _programme  # noqa: F401
    from .programme import staff as _department_staff  # noqa: F401
    from .progress import models as _progress  # noqa: F401
    from .proposals import models as _proposals  # noqa: F401
    from .search import models as _search  # noqa: F401
    from .site import models as _site  # noqa: F401
    from .translations import models as _translations  # noqa: F401
    from .votes import models as _votes  # noqa: F401


def _join_registries():
    """Every feature's registrations with the services below it (README, "Architecture").

    Moderation, notifications, search, translations, groups and the programme's
    item page keep a registry; each feature that acts through them registers
    itself in a module beside its models, imported here once.
    """
    import importlib

    for module in REGISTRATIONS:
        importlib.import_module(f"{__name__}.{module}")


# One line per feature and registry; a new kind of contribution adds its own.
REGISTRATIONS = (
    # What other features hold about a person (data download, account deletion).
    "groups.account_data",
    "discussion.account_data",
    "proposals.account_data",
    "votes.account_data",
    "moderation.account_data",
    "notifications.account_data",
    "translations.account_data",
    "site.account_data",
    "opinions.account_data",
    # Content that translators translate.
    "programme.translatable",
    "progress.translatable",
    # Kinds of contribution that can be reported and moderated.
    "groups.moderation_targets",
    "discussion.moderation_targets",
    "proposals.moderation_targets",
    # Notification kinds, in the order of the email settings page.
    "discussion.notification_kinds",
    "proposals.notification_kinds",
    "groups.notification_kinds",
    "moderation.notification_kinds",
    "progress.notification_kinds",
    "answers.notification_kinds",
    # Work done by the background workers.
    "notifications.jobs",
    "ops.maintenance",
    "answers.jobs",
    "opinions.jobs",
    # Work waiting for staff, counted on the moderation dashboard.
    "groups.awaiting_staff",
    # Search document types, in the order of the search page's filters.
    "programme.search_documents",
    "proposals.search_documents",
    "discussion.search_documents",
    # What a group page and a public profile list as published.
    "discussion.publications",
    "proposals.publications",
    # Things a discussion can be about, beyond programme items.
    "proposals.thread_kind",
    # How the audit log names each feature's actions and links its rows.
    "accounts.audit_labels",
    "moderation.audit_labels",
    "groups.audit_labels",
    "discussion.audit_labels",
    "proposals.audit_labels",
    "progress.audit_labels",
    # Parts of other features' pages: the item page, the proposal page, a reader's votes.
    "discussion.page_parts",
    "proposals.page_parts",
    "votes.page_parts",
    "progress.page_parts",
    # What the open data carries beyond the programme itself.
    "progress.open_data",
    # The City's answers: answer requests of comments and proposals, the department page, the open data.
    "answers.registrations",
    "opinions.page_parts",
)


def _register_blueprints(app):
    from .accounts import bp as accounts
    from .answers import api_bp as answers_api
    from .answers import bp as answers
    from .core.i18n import root_redirect
    from .discussion import bp as discussion
    from .discussion import permalink_bp as discussion_permalink
    from .groups import bp as groups
    from .moderation import bp as moderation
    from .notifications import bp as notifications
    from .opinions import api_bp as opinions_api
    from .ops import bp as ops
    from .programme import api_bp as programme_api
    from .programme import bp as programme
    from .progress import bp as progress
    from .proposals import bp as proposals
    from .search import bp as search
    from .site import bp as site
    from .translations import bp as translations
    from .votes import bp as votes

    app.add_url_rule("/", "root", root_redirect)
    for blueprint in (
        site, programme, progress, answers, accounts, groups, discussion, votes, proposals, notifications, translations,
        moderation, search,
    ):
        app.register_blueprint(blueprint, url_prefix=LANGUAGE_PREFIX)
    app.register_blueprint(programme_api)
    app.register_blueprint(answers_api)
    app.register_blueprint(opinions_api)
    app.register_blueprint(discussion_permalink)
    app.register_blueprint(ops)


def _register_cli(app):
    from .accounts.cli import users_cli
    from .core.jobs import jobs_cli
    from .core.mail import mail_cli
    from .core.translate_cli import translate_cli
    from .dev.cli import dev_cli
    from .groups.cli import groups_cli
    from .notifications.cli import notifications_cli
    from .opinions.cli import opinions_cli
    from .ops import cli as _ops_cli  # noqa: F401  (adds `flask db backup|restore`)
    from .programme.cli import programme_cli
    from .progress.cli import progress_cli
    from .search.cli import search_cli
    from .votes.cli import votes_cli

    for group in (programme_cli, translate_cli, users_cli, groups_cli, mail_cli, jobs_cli, votes_cli, notifications_cli,
                  dev_cli, search_cli, progress_cli, opinions_cli):
        app.cli.add_command(group)
