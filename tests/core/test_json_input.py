import pytest

from core.json_input import MAX_DEPTH, JsonInputError, json_parse, short


def test_objects_within_the_limits_are_parsed():
    assert json_parse(b'{"a": [1, {"b": "text"}]}') == {"a": [1, {"b": "text"}]}


def test_nesting_deeper_than_the_limit_is_refused_without_a_recursion_error():
    with pytest.raises(JsonInputError, match="nested more than"):
        json_parse("[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2))
    with pytest.raises(JsonInputError, match="nested more than"):
        json_parse("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize(
    ("body", "field", "problem"),
    [
        ('{"text": "a\\u0000b"}', "text", "NUL"),
        ('{"events": [{"details": {"x": "\\ud800"}}]}', "events[0].details.x", "surrogate"),
        ('{"a\\u0000": 1}', None, "NUL"),
    ],
)
def test_nul_and_lone_surrogates_are_refused_naming_the_field(body, field, problem):
    with pytest.raises(JsonInputError, match=problem) as error:
        json_parse(body)
    assert error.value.field == field


def test_invalid_json_is_refused_with_a_short_message():
    with pytest.raises(JsonInputError, match="not valid JSON"):
        json_parse(b"{not json")


def test_a_bad_value_is_shown_as_a_short_printable_prefix():
    assert short("x" * 500) == "x" * 40 + "…"
    assert short("a\ud800\x00") == "a\\ud800\\x00"
