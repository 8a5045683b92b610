"""Home page and the platform's information pages."""
from flask import render_template

from ..programme import services as programme_services
from . import bp


@bp.get("/")
def home():
    return render_template(
        "site/home.html",
        programme=programme_services.get_programme(),
        areas=programme_services.list_areas_with_counts(),
    )


@bp.get("/terms")
def terms():
    return render_template("site/terms.html")


@bp.get("/privacy")
def privacy():
    return render_template("site/privacy.html")
