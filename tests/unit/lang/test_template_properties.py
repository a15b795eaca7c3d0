"""Property tests for placeholder filling (no files involved)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kometa.config.templates import Renderer, Where, parse_templates

names = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(lambda n: not n.endswith("_encoded"))
plain_text = st.text(alphabet=st.characters(blacklist_characters="<>", blacklist_categories=("Cs",)), max_size=20)
values = st.one_of(st.integers(-1000, 1000), plain_text, st.lists(plain_text, max_size=3), st.booleans())


def render(body: dict[str, Any], variables: dict[str, Any], optional: set[str] | None = None) -> Any:
    template = parse_templates({"t": body}, Where("mem.yml", 1))["t"]
    return Renderer(template, variables, optional or set(), "collection 'x'", Where("mem.yml", 1)).render_template()


@given(names, values)
def test_whole_value_placeholder_returns_the_value_unchanged(name: str, value: Any) -> None:
    assert render({"key": f"<<{name}>>"}, {name: value}) == {"key": value}


@given(names, plain_text, plain_text, st.one_of(st.integers(0, 99), plain_text))
def test_placeholder_inside_text_is_plain_substitution(name: str, before: str, after: str, value: Any) -> None:
    text = f"{before}<<{name}>>{after}"
    if text == f"<<{name}>>":
        return
    assert render({"key": text}, {name: value}) == {"key": f"{before}{value}{after}"}


@given(names, st.integers(-10**6, 10**6), st.integers(0, 1000))
def test_arithmetic(name: str, number: int, offset: int) -> None:
    result = render({"up": f"<<{name}+{offset}>>", "down": f"<<{name}-{offset}>>"}, {name: number})
    assert result == {"up": number + offset, "down": number - offset}


@given(names, st.lists(plain_text, min_size=1, max_size=4))
def test_optional_missing_drops_only_what_uses_it(name: str, kept: list[str]) -> None:
    body = {"list": [*kept, f"<<{name}>>"], "gone": f"x <<{name}>>", "stays": "y"}
    assert render(body, {}, {name}) == {"list": kept, "stays": "y"}
