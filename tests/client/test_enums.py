"""Enum members read as their wire value: `str()`, f-strings and `format` give `"model"`,
not `ModelDetailsResponseModelCategory.MODEL`; comparison with the plain value still works."""

from __future__ import annotations

import json

from datarobot_models_client import types
from datarobot_models_client._models import OpenIntEnum


def test_str_and_format_give_the_wire_value() -> None:
    member = types.ModelDetailsResponseModelCategory.MODEL
    assert str(member) == "model"
    assert f"{member}" == "model" and f"{member:>6}" == " model" and "{}".format(member) == "model"  # noqa: UP032
    assert member == "model" and "model" == member and member.value == "model"
    assert json.dumps({"k": member}) == '{"k": "model"}'


def test_unknown_values_read_as_themselves() -> None:
    member = types.ModelDetailsResponseModelCategory("brandNew")
    assert str(member) == "brandNew" and f"{member}" == "brandNew" and member == "brandNew"


def test_int_enums_read_as_their_number() -> None:
    class Level(OpenIntEnum):
        LOW = 1

    assert str(Level.LOW) == "1" and f"{Level.LOW:03d}" == "001" and Level(7) == 7 and str(Level(7)) == "7"
