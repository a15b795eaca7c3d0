"""docs/defaults.md lists every default we ship, as its default_info says (regenerate when it fails:
``python -m kometa.config.defaults_doc --write docs/defaults.md``)."""

from __future__ import annotations

from pathlib import Path

from kometa.config.defaults_doc import BEGIN, END, generate, replace_generated

PAGE = Path(__file__).resolve().parents[3] / "docs" / "defaults.md"


def test_the_page_is_current() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert page == replace_generated(page), \
        "docs/defaults.md is stale: python -m kometa.config.defaults_doc --write docs/defaults.md"


def test_generated_part_names_each_default_and_is_replaced_in_place() -> None:
    text = generate()
    assert "### `imdb` — IMDb Charts" in text and "| `use_<key>` |" in text and text.endswith(END + "\n")
    page = f"# Head\n\n{BEGIN}\nold\n{END}\n\nTail stays.\n"
    assert replace_generated(page) == f"# Head\n\n{text}Tail stays.\n"
    assert replace_generated("# Only a head\n").startswith("# Only a head\n\n" + BEGIN)
