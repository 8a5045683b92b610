"""The audit log in words: named actions, reasons and people, links to what an entry is about, zoned times."""
import csv
import io

from sqlalchemy import select

from participation.audit.models import AuditEntry
from participation.audit.services import record_audit
from participation.extensions import db


def test_entries_name_the_action_the_person_and_link_the_target(client, make_user, login, make_group):
    admin = login(make_user(role="administrator", name="Alba"))
    carla = make_user(name="Carla Rossi")
    assert client.post(f"/en/admin/roles/{carla.id}", data={"role": "moderator"}).status_code == 302
    group = make_group("Amici del Po")
    record_audit(None, "auto_hide", "group", group.id, reason="off_topic", reports=3)
    db.session.commit()

    page = client.get("/en/admin/audit").text
    for code in ("role_change", "auto_hide", "off_topic", "group_verified"):
        assert f">{code}<" not in page
    assert "Role changed" in page and "Hidden automatically after reports" in page and "Off-topic" in page
    assert f'href="/en/users/{carla.id}"><bdi>Carla Rossi</bdi></a>' in page
    assert f'href="/en/users/{admin.id}"><bdi>Alba</bdi></a>' in page
    assert f'href="/en/groups/{group.slug}"><bdi>Amici del Po</bdi></a>' in page
    assert f"profile {carla.id}" not in page
    # The filter offers the actions by name and still filters by code.
    assert '<option value="role_change">Role changed</option>' in page
    filtered = client.get("/en/admin/audit?action=role_change").text
    assert "Carla Rossi" in filtered and "Hidden automatically" not in filtered.split("<table")[1]
    # In Italian too.
    assert "Ruolo cambiato" in client.get("/it/admin/audit").text


def test_csv_times_carry_their_zone_in_utc_and_in_the_citys_time(client, make_user, login):
    login(make_user(role="administrator"))
    record_audit(None, "setting_changed", "setting", None, note="auto_hide_threshold=4")
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry))
    rows = list(csv.DictReader(io.StringIO(client.get("/en/admin/audit.csv").data.decode("utf-8-sig"))))
    row = next(r for r in rows if r["id"] == str(entry.id))
    assert row["created_at"].endswith("+00:00")
    assert row["created_at_local"][-6:] in ("+01:00", "+02:00")  # Rome, winter or summer
    assert row["action"] == "setting_changed" and row["action_label"] == "Setting changed"
