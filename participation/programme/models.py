"""Tables of the programme: the document, its areas, items and departments."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import TimestampMixin, utcnow
from ..extensions import db


class Programme(db.Model):
    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    mayor: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self):
        return f"<Programme {self.title!r}>"


class GiuntaMember(db.Model):
    __tablename__ = "giunta_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self):
        return f"<GiuntaMember {self.name!r}>"


class Area(TimestampMixin, db.Model):
    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    title: Mapped[str] = mapped_column(String(300))
    intro: Mapped[list] = mapped_column(JSON, default=list)

    links: Mapped[list["ItemArea"]] = relationship(back_populates="area", order_by="ItemArea.sort_key")

    def __repr__(self):
        return f"<Area {self.number} {self.title!r}>"


class ProgrammeItem(TimestampMixin, db.Model):
    __tablename__ = "programme_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    primary_area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    point: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    objective: Mapped[str] = mapped_column(Text, default="")
    macro_actions: Mapped[list] = mapped_column(JSON, default=list)

    primary_area: Mapped[Area] = relationship(foreign_keys=[primary_area_id])
    area_links: Mapped[list["ItemArea"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ItemArea.area_number"
    )
    department_links: Mapped[list["ItemDepartment"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="ItemDepartment.position"
    )

    @property
    def code(self):
        """Human reference: area number and position, e.g. '3.4'."""
        return f"{self.primary_area.number}.{self.position}"

    @property
    def areas(self):
        return [link.area for link in self.area_links]

    @property
    def departments(self):
        return [link.department for link in self.department_links]

    def __repr__(self):
        return f"<ProgrammeItem {self.slug}>"


class ItemArea(db.Model):
    """An item is listed under its own area and, for points like '3 - 4', under others too."""

    __tablename__ = "item_area"

    item_id: Mapped[int] = mapped_column(ForeignKey("programme_item.id", ondelete="CASCADE"), primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), primary_key=True)
    area_number: Mapped[int] = mapped_column(Integer)
    # Order inside an area's list: primary area number, then position in it.
    sort_key: Mapped[int] = mapped_column(Integer)

    item: Mapped[ProgrammeItem] = relationship(back_populates="area_links")
    area: Mapped[Area] = relationship(back_populates="links")

    def __repr__(self):
        return f"<ItemArea item={self.item_id} area={self.area_id}>"


class Department(db.Model):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)

    item_links: Mapped[list["ItemDepartment"]] = relationship(back_populates="department")

    def __repr__(self):
        return f"<Department {self.name!r}>"


class ItemDepartment(db.Model):
    __tablename__ = "item_department"

    item_id: Mapped[int] = mapped_column(ForeignKey("programme_item.id", ondelete="CASCADE"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    item: Mapped[ProgrammeItem] = relationship(back_populates="department_links")
    department: Mapped[Department] = relationship(back_populates="item_links")

    def __repr__(self):
        return f"<ItemDepartment item={self.item_id} department={self.department_id}>"
