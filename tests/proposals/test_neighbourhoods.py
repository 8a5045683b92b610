"""Proposals for one neighbourhood or the whole city (runs once neighbourhoods exist)."""

from participation.extensions import db
from participation.groups import models as groups


def test_proposal_for_a_neighbourhood_and_the_filter(client, item, make_user, login):
    centro = groups.Neighbourhood(name="Centro", slug="centro")
    db.session.add(centro)
    db.session.commit()
    login(make_user())
    data = {"title": "Benches in the centre", "body": "Text", "items": [str(item.id)],
            "neighbourhood": str(centro.id), "group_id": "", "language": "it", "action": "publish"}
    response = client.post("/en/proposals/new", data=data)
    assert response.status_code == 302
    assert "Centro" in client.get(response.headers["Location"]).get_data(as_text=True)
    client.post("/en/proposals/new", data={**data, "title": "For everyone", "neighbourhood": ""})
    html = client.get(f"/en/proposals?neighbourhood={centro.id}").get_data(as_text=True)
    assert "Benches in the centre" in html and "For everyone" not in html
    response = client.post("/en/proposals/new", data={**data, "title": "Nowhere", "neighbourhood": "999"})
    assert response.status_code == 400
