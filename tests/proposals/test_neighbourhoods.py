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


def _choices(html, name):
    """``[(value, label)]`` of the select called ``name``, as the person sees it."""
    import re

    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [(value, label.strip()) for value, label in
            re.findall(r'<option(?: selected)? value="([^"]*)"(?: selected)?>([^<]*)</option>', select)]


def test_the_form_offers_the_whole_city_once(client, item, make_user, login):
    from participation.groups.services import seed_neighbourhoods

    seed_neighbourhoods()
    db.session.commit()
    login(make_user())
    english = _choices(client.get("/en/proposals/new").get_data(as_text=True), "neighbourhood")
    assert english[0] == ("", "Whole city")
    labels = [label for _value, label in english]
    assert "Bagnara" in labels and "Zaist" in labels
    assert "Tutta la città" not in labels and labels.count("Whole city") == 1
    italian = [label for _value, label in
               _choices(client.get("/it/proposals/new").get_data(as_text=True), "neighbourhood")]
    assert italian.count("Tutta la città") == 1 and italian[0] == "Tutta la città"


def test_proposals_saved_with_the_whole_city_neighbourhood_stay_about_the_whole_city(client, item, make_user, login,
                                                                                    make_proposal):
    from participation.groups.services import list_neighbourhoods, seed_neighbourhoods

    seed_neighbourhoods()
    db.session.commit()
    whole_city = next(n for n in list_neighbourhoods() if n.is_whole_city)
    bagnara = next(n for n in list_neighbourhoods() if n.name == "Bagnara")
    author = make_user()
    earlier = make_proposal(author, [item], title="Saved with the whole-city neighbourhood",
                            neighbourhood_id=whole_city.id)
    make_proposal(author, [item], title="Saved for the whole city", neighbourhood_id=None)
    make_proposal(author, [item], title="Saved for Bagnara", neighbourhood_id=bagnara.id)
    login(author)

    assert "Whole city" in client.get(f"/en/proposals/{earlier.id}").get_data(as_text=True)
    listing = client.get(f"/en/proposals?neighbourhood={whole_city.id}").get_data(as_text=True)
    assert "Saved with the whole-city neighbourhood" in listing and "Saved for the whole city" in listing
    assert "Saved for Bagnara" not in listing
    assert (str(whole_city.id), "Whole city") in _choices(listing, "neighbourhood")  # after "All"

    edit = client.get(f"/en/proposals/{earlier.id}/edit").get_data(as_text=True)
    assert '<option selected value="">Whole city</option>' in edit
    response = client.post(f"/en/proposals/{earlier.id}/edit", data={
        "title": earlier.title, "body": earlier.body, "items": [str(item.id)], "neighbourhood": "", "group_id": "",
        "language": "it", "action": "publish"})
    assert response.status_code == 302
    db.session.refresh(earlier)
    assert earlier.neighbourhood_id is None and earlier.is_about_whole_city
