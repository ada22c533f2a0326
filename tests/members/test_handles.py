"""Public handles derived from display names (profile addresses and @mentions)."""

import pytest

from community.members.models import handle_validator
from community.members.services import handle_from_name
from tests.factories import UserFactory


def nothing_taken(handle: str) -> bool:
    return False


@pytest.mark.parametrize(
    ("display_name", "handle"),
    [
        ("Ana Souza", "ana-souza"),
        ("  Ana   Souza  ", "ana-souza"),
        ("José Ñúñez", "jose-nunez"),
        ("Mary-Kate O'Brien", "mary-kate-obrien"),
        ("!!!", "member"),
        ("", "member"),
        ("王伟", "wangwei"),
        ("Ана Соуза", "ana-souza"),
        ("Zoë Ødegård", "zoe-odegard"),
        ("🚀 Rocket", "rocket"),
        ("🚀📈", "member"),
    ],
)
def test_handle_is_derived_from_the_display_name(display_name, handle):
    assert handle_from_name(display_name, taken=nothing_taken) == handle


def test_taken_handle_gets_the_next_free_number():
    taken = {"ana-souza", "ana-souza-2"}

    assert handle_from_name("Ana Souza", taken=taken.__contains__) == "ana-souza-3"


@pytest.mark.parametrize(
    "display_name",
    ["A" * 200, "_Ana_", "--Ana--", "a_-_b", "Ana." + "x" * 40, "1984 Fan"],
)
def test_derived_handle_is_always_a_valid_handle(display_name):
    first_choice = handle_from_name(display_name, taken=nothing_taken)
    many_taken = {first_choice} | {f"{first_choice}-{n}" for n in range(2, 100)}

    for handle in (first_choice, handle_from_name(display_name, taken=many_taken.__contains__)):
        handle_validator(handle)
        assert len(handle) <= 40


@pytest.mark.django_db
def test_handle_collision_ignores_case():
    UserFactory(display_name="Ana Souza", username="Ana-Souza")

    assert handle_from_name("ana souza") == "ana-souza-2"


@pytest.mark.django_db
def test_punctuation_only_names_share_numbered_member_handles():
    UserFactory(username="member")

    assert handle_from_name("???") == "member-2"
