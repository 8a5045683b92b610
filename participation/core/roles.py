"""The roles a person can hold; every permission is decided from them."""
import enum


class Role(enum.StrEnum):
    RESIDENT = "resident"
    TRANSLATOR = "translator"
    MODERATOR = "moderator"
    ADMINISTRATOR = "administrator"
