"""JSON bodies from the outside, parsed so that no input can crash a request or reach the database
in a form it refuses.

`json_parse` is shared by the API's DRF parser (`onef_api.parsers`) and the test pages: it refuses
nesting deeper than `MAX_DEPTH` (the standard parser would hit Python's recursion limit), and any
string, key or value, holding NUL or a lone UTF-16 surrogate (`"\\ud800"`), which PostgreSQL text and
jsonb cannot store and UTF-8 cannot encode. Errors name the field and never echo more than a short
prefix of the bad value (`short`).
"""

import json
from typing import Any

MAX_DEPTH = 32
SHORT = 40


class JsonInputError(ValueError):
    """A body that is not acceptable JSON; `field` is where the bad value is, when there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def short(value: Any, limit: int = SHORT) -> str:
    """A bad value shown in an error: its first characters, printable and encodable."""
    text = value if isinstance(value, str) else repr(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = "".join(char if char.isprintable() else f"\\x{ord(char):02x}" for char in text)
    return text if len(text) <= limit else text[:limit] + "…"


def _bad_string(text: str) -> str | None:
    if "\x00" in text:
        return "must not contain the NUL character (\\u0000)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "must not contain a lone UTF-16 surrogate (such as \\ud800)"
    return None


def _check(data: Any, *, max_depth: int) -> None:
    """Walk the value without recursion: depth, and every key and string in it."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > max_depth:
            raise JsonInputError(f"The JSON is nested more than {max_depth} levels deep.", field=path or None)
        if isinstance(value, str):
            problem = _bad_string(value)
            if problem:
                raise JsonInputError(f"The value {problem}.", field=path or None)
        elif isinstance(value, dict):
            for key, item in value.items():
                problem = _bad_string(key)
                if problem:
                    raise JsonInputError(f"A key {problem}.", field=path or None)
                stack.append((item, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{index}]", depth + 1) for index, item in enumerate(value))


def json_parse(body: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed body, or JsonInputError saying what is wrong with it (and where)."""
    try:
        data = json.loads(body)
    except RecursionError:
        raise JsonInputError(f"The JSON is nested more than {max_depth} levels deep.") from None
    except UnicodeDecodeError:
        raise JsonInputError("The body must be UTF-8 encoded JSON.") from None
    except ValueError as error:
        raise JsonInputError(f"The body is not valid JSON ({short(str(error), 80)}).") from None
    _check(data, max_depth=max_depth)
    return data
