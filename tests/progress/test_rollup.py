"""The averages: weights, dropped items, areas and the whole programme, on the pages too."""
from sqlalchemy import select

from participation.extensions import db
from participation.programme.models import ItemArea, ProgrammeItem
from participation.progress import services
from participation.progress.services import Rollup, weighted_average


def test_weighted_average_leaves_out_dropped_items_and_weight_zero():
    assert weighted_average([(100, 3, True), (0, 1, True)]) == Rollup(75, 2, 0)
    assert weighted_average([(100, 1, True), (0, 5, False), (20, 0, True)]) == Rollup(100, 1, 2)
    assert weighted_average([(50, 1, False)]) == Rollup(None, 0, 1)


def _items_of_area(number):
    from participation.programme.models import Area

    area = db.session.scalar(select(Area).where(Area.number == number))
    ids = db.session.scalars(select(ItemArea.item_id).where(ItemArea.area_id == area.id)).all()
    return area, [db.session.get(ProgrammeItem, item_id) for item_id in ids]


def test_area_and_programme_progress_follow_the_rule(app, programme, statuses, staff):
    area, items = _items_of_area(1)
    first, second, third = items[:3]
    services.publish_progress_update(staff, first, status=statuses["completed"], progress=100, weight=3)
    services.publish_progress_update(staff, second, status=statuses["in_progress"], progress=40)
    services.publish_progress_update(staff, third, status=statuses["dropped"], progress=10)
    db.session.commit()
    others = len(items) - 3  # not started: 0% with weight 1
    expected_area = round((100 * 3 + 40) / (3 + 1 + others))
    assert services.area_rollup(area).percent == expected_area
    assert services.area_rollup(area).excluded == 1
    total_items = db.session.scalar(select(db.func.count(ProgrammeItem.id)))
    assert services.programme_rollup() == Rollup(round(340 / (total_items - 1 + 2)), total_items - 1, 1)


def test_pages_show_the_bars(client, programme, statuses, staff, item):
    services.publish_progress_update(staff, item, status=statuses["in_progress"], progress=45, weight=1,
                                     text="Cantiere aperto.")
    db.session.commit()
    page = client.get(f"/en/items/{item.slug}").get_data(as_text=True)
    assert 'id="item-progress-bar" max="100" value="45"' in page and "45%" in page
    assert '<label for="item-progress-bar">' in page
    assert "Cantiere aperto." in page and 'lang="it"' in page
    assert 'type="application/atom+xml"' in page
    home = client.get("/en/").get_data(as_text=True)
    assert 'id="programme-progress-bar"' in home and "/en/progress" in home
    area = client.get(f"/en/areas/{item.primary_area.number}").get_data(as_text=True)
    assert 'id="area-progress-bar"' in area
    overview = client.get("/en/progress").get_data(as_text=True)
    assert 'role="img"' in overview and "<title id=\"chart-title\">" in overview
    assert "<table" in overview and "In progress" in overview


def test_history_is_kept_and_a_later_date_wins(app, programme, statuses, staff, item):
    from datetime import date

    services.publish_progress_update(staff, item, status=statuses["in_progress"], progress=60,
                                     published_on=date(2026, 6, 1))
    services.publish_progress_update(staff, item, status=statuses["in_progress"], progress=30,
                                     published_on=date(2026, 3, 1))
    db.session.commit()
    assert services.current_progress(item.id).progress == 60
    assert [update.progress for update in services.item_timeline(item.id)] == [60, 30]
