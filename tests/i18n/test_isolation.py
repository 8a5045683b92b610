"""Names, dates and numbers inside right-to-left pages are isolated from the text around them."""
import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.programme.models import ProgrammeItem
from tests.participation_fixtures import make_proposal  # noqa: F401  (a fixture)


@pytest.mark.parametrize("code", ["ar", "ur"])
def test_a_proposal_author_and_its_day_are_isolated(client, programme, make_user, make_proposal, code):  # noqa: F811
    item = db.session.scalar(select(ProgrammeItem).where(ProgrammeItem.slug == "biciplan"))
    proposal = make_proposal(make_user(name="Anna Rossi"), [item])
    html = client.get(f"/{code}/proposals/{proposal.id}").get_data(as_text=True)
    meta = re.search(r'<p class="meta">(.*?)</p>', html, re.S).group(1)
    assert meta.startswith("<bdi>Anna Rossi</bdi>")
    assert re.search(r"<bdi><time datetime=\"[^\"]+\">[^<]+</time></bdi>", meta)
    listing = client.get(f"/{code}/proposals").get_data(as_text=True)
    assert "<bdi>Anna Rossi</bdi>" in listing


def test_a_profile_date_is_isolated_in_its_sentence(client, make_user):
    user = make_user(name="Anna Rossi")
    html = client.get(f"/ur/users/{user.id}").get_data(as_text=True)
    assert re.search(r"<bdi>[^<]+</bdi>", html[html.index('class="meta"'):])
