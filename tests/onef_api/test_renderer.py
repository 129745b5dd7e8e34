"""The orjson renderer writes the same bytes as DRF's JSONRenderer did."""

import datetime as dt
import uuid
import zoneinfo
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from onef_api.renderers import FastJSONRenderer

UTC_MICRO = dt.datetime(2026, 11, 26, 9, 30, 15, 123456, tzinfo=dt.UTC)
VARIED = {
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "utc": UTC_MICRO,
    "utc_whole_second": UTC_MICRO.replace(microsecond=0),
    "utc_few_micro": UTC_MICRO.replace(microsecond=5),
    "moscow": UTC_MICRO.astimezone(zoneinfo.ZoneInfo("Europe/Moscow")),
    "london_winter": UTC_MICRO.astimezone(zoneinfo.ZoneInfo("Europe/London")),
    "fixed_zero": UTC_MICRO.replace(tzinfo=dt.timezone(dt.timedelta(0))),
    "naive": dt.datetime(2026, 1, 2, 3, 4, 5),
    "date": dt.date(1990, 5, 17),
    "score": Decimal("85.00"),
    "percentage": Decimal("66.67"),
    "tiny": Decimal("0.01"),
    "float": 0.1 + 0.2,
    "int": 2**62,
    "negative": -7,
    "none": None,
    "bools": [True, False],
    "unicode": "Анна Ивановна — «тест» 😀 \u2028 line \u2029 para",
    "escapes": 'quote " backslash \\ tab \t newline \n nul \x00 del \x7f',
    "lazy": gettext_lazy("Candidate"),
    "nested": ReturnList([ReturnDict({"a": 1}, serializer=None)], serializer=None),
    "empty": {"list": [], "dict": {}, "string": ""},
}


def test_a_varied_payload_renders_byte_for_byte_like_drf():
    assert FastJSONRenderer().render(VARIED) == JSONRenderer().render(VARIED)


@pytest.mark.parametrize("data", [[], {}, "text", 0, [VARIED] * 3])
def test_other_shapes_render_like_drf(data):
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_none_renders_an_empty_body_like_drf():
    assert FastJSONRenderer().render(None) == JSONRenderer().render(None) == b""


def test_an_indent_asked_for_in_the_accept_header_is_honoured_like_drf():
    media = "application/json; indent=4"
    assert FastJSONRenderer().render(VARIED, media) == JSONRenderer().render(VARIED, media)


def test_what_orjson_cannot_write_falls_back_to_drf():
    data = {"huge": 2**70, 1: "non-string key"}
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)
