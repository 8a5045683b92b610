"""Every page of accounts and groups renders, signed out and in, in a right-to-left language too."""
import pytest

from participation.extensions import db
from participation.groups import services as groups


@pytest.mark.parametrize("lang", ["it", "ar"])
def test_pages_render(client, make_user, login, lang):
    groups.seed_neighbourhoods()
    admin = make_user(role="administrator", name="Capo")
    group = groups.create_group(admin, "Amici del Po", groups.list_neighbourhoods()[0], "Rivers.")
    bruno = make_user(name="Bruno")
    groups.request_to_join(bruno, group)
    db.session.commit()
    public = ["/register", "/register/check-email", "/login", "/verify/resend", "/password/forgot", "/groups",
              f"/groups/{group.slug}", f"/users/{admin.id}"]
    for path in public:
        response = client.get(f"/{lang}{path}")
        assert response.status_code == 200, path
        assert f'href="/{lang}/login' in response.text or path == "/login"
    login(admin)
    signed_in = public[4:] + ["/account", "/account/delete", "/admin/roles", "/admin/roles?q=bru", "/groups/new",
                              f"/groups/{group.slug}/edit", "/groups/neighbourhoods"]
    for path in signed_in:
        response = client.get(f"/{lang}{path}")
        assert response.status_code == 200, path
        assert f'action="/{lang}/logout"' in response.text  # signed in, in every language
    page = client.get(f"/{lang}/groups/{group.slug}").text
    from flask_babel import force_locale, gettext

    with force_locale(lang):
        heading, verify = gettext("Requests to join"), gettext("Verify the group")
    assert heading in page and "Bruno" in page
    assert verify in page


def test_account_menu_for_unverified_people(client, make_user, login):
    login(make_user(verified=False))
    assert "Confirm your email" in client.get("/en/").text


def test_pages_use_no_inline_scripts_or_styles(client, make_user, login):
    login(make_user(role="administrator"))
    for path in ["/en/register", "/en/account", "/en/admin/roles", "/en/groups/new"]:
        html = client.get(path).text
        assert "style=" not in html
        assert "<script>" not in html
        assert " onclick=" not in html
