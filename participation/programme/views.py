"""Public pages of the programme."""
from flask import abort, render_template

from ..core.page_parts import page_parts
from . import bp, services
from .item_page import kept_item_page


@bp.get("/areas/<int:number>")
def area(number):
    area = services.get_area(number) or abort(404)
    return render_template("programme/area.html", area=area, items=services.items_in_area(area),
                           **page_parts("programme.area", area))


@bp.get("/items/<slug>")
def item(slug):
    page = kept_item_page(slug) or abort(404)
    return render_template("programme/item.html", page=page, item=page.item,
                           **page_parts("programme.item", page.item))


@bp.get("/departments")
def departments():
    return render_template("programme/departments.html", departments=services.list_departments())


@bp.get("/departments/<slug>")
def department(slug):
    department = services.get_department(slug) or abort(404)
    return render_template(
        "programme/department.html", department=department, items=services.items_of_department(department),
        **page_parts("programme.department", department),
    )


@bp.get("/about")
def about():
    return render_template(
        "programme/about.html", programme=services.get_programme(), giunta=services.list_giunta()
    )
