"""A group's page lists what was published on its behalf; a profile lists what its person published."""
from participation.extensions import db


def test_group_page_lists_its_proposals_and_comments_and_nothing_hidden_or_draft(
        client, login, make_user, make_group, make_proposal, item, post):
    anna = make_user(name="Anna")
    group = make_group("Amici del Po", members=[anna])
    published = make_proposal(anna, [item], title="Benches along the river", group_id=group.id)
    make_proposal(anna, [item], title="A draft of the group", group_id=group.id, publish=False)
    make_proposal(anna, [item], title="Anna on her own")
    login(anna)
    assert post(item, "The group asks for shade on the banks.", group_id=str(group.id)).status_code == 302

    page = client.get(f"/en/groups/{group.slug}").text
    assert "Nothing published yet" not in page
    assert "Benches along the river" in page and f"/en/proposals/{published.id}" in page
    assert "A draft of the group" not in page and "Anna on her own" not in page
    assert "Comment on" in page

    published.moderation_status = "hidden"
    db.session.commit()
    assert "Benches along the river" not in client.get(f"/en/groups/{group.slug}").text


def test_profile_lists_the_persons_public_comments_and_proposals(client, make_user, make_proposal, item, post, login):
    bruno = make_user(name="Bruno")
    make_proposal(bruno, [item], title="More trees in via Dante")
    make_proposal(bruno, [item], title="Unfinished idea", publish=False)
    login(bruno)
    assert post(item, "I agree with the plan for the university.").status_code == 302
    page = client.get(f"/en/users/{bruno.id}").text
    assert "No contributions yet." not in page
    assert "More trees in via Dante" in page and "Unfinished idea" not in page
    assert "Comment on" in page
