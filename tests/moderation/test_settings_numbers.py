"""Moderation settings refuse numbers out of range with a message, whatever their size."""
import pytest

from participation.moderation.settings import get_setting


@pytest.mark.parametrize("value", ["9" * 400, "-" + "9" * 30, "101", "0"])
def test_a_number_out_of_range_is_refused_with_a_message(client, make_user, login, value):
    login(make_user(role="administrator"))
    before = get_setting("auto_hide_threshold")
    response = client.post("/en/moderation/settings", data={"auto_hide_threshold": value, "premoderate_first_n": "0"})
    assert response.status_code == 400
    assert "Enter a number from 1 to 100." in response.text
    assert get_setting("auto_hide_threshold") == before
