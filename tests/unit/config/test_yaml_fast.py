"""The libyaml loader returns what ruamel's round-trip loader returns: values, types and lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kometa.config import yaml_fast
from kometa.config.yaml_io import line_of, parse_yaml

pytestmark = pytest.mark.skipif(not yaml_fast.AVAILABLE, reason="PyYAML without libyaml")

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "configs"

DOCUMENTS = [
    "a: yes\nb: no\nc: on\nd: off\ne: NO\nf: y\n",  # YAML 1.2: all text (1.1 would say booleans)
    "t: 05:00\nu: 1:30\nv: 0777\nw: 0o17\nx: 0x1F\ny: 1_000\nz: +12\n",
    "a: true\nb: False\nc: TRUE\nd: ~\ne: null\nf:\ng: Null\n",
    "a: 1.5\nb: .inf\nc: -.inf\nd: .nan\ne: 1e3\nf: 6.02e+23\ng: .5\n",
    "a: 2020-12-31\nb: '2020-12-31'\nc: 2020-12-31 10:30:00\nd: 2001-12-14t21:59:43.10-05:00\n",
    "a: \"quoted\"\nb: 'single'\nc: |\n  block\n  text\nd: >\n  folded\n  text\ne: plain text here\n",
    "base: &b\n  x: 1\n  y: 2\nchild:\n  <<: *b\n  y: 3\nlist:\n  - *b\n  - {a: 1}\n",
    "k:\n  - a\n  -\n  - - nested\n    - list\n  - key: value\n    other: [1, 2, three]\n",
    "1990: decade\n2000s: text key\ntrue: bool key\n'quoted key': 1\n",
    "e: <<collection_name>>\nf: '!<<collection_name>>'\ng: +_<<x>>\nh: '#hash'\ni: a # comment\n",
    "",
    "# only a comment\n",
    "- 1\n- two\n",
]


def _same(fast, slow, path="root"):
    assert type(fast) is type(slow) or (isinstance(fast, type(slow)) or isinstance(slow, type(fast))), \
        f"{path}: {type(fast)} != {type(slow)}"
    if isinstance(slow, CommentedMap):
        assert list(fast) == list(slow), path
        for key in slow:
            if line_of(slow, key) is not None:  # ruamel gives merged (<<) keys no line; we give the anchor's
                assert line_of(fast, key) == line_of(slow, key), f"{path}.{key}"
            _same(fast[key], slow[key], f"{path}.{key}")
    elif isinstance(slow, CommentedSeq):
        assert len(fast) == len(slow), path
        for index, item in enumerate(slow):
            assert line_of(fast, index) == line_of(slow, index), f"{path}[{index}]"
            _same(fast[index], item, f"{path}[{index}]")
    elif isinstance(slow, float) and slow != slow:
        assert fast != fast
    else:
        assert fast == slow, f"{path}: {fast!r} != {slow!r}"


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_as_ruamel(text):
    _same(yaml_fast.load_fast(text), YAML(typ="rt").load(text))


@pytest.mark.parametrize("path", sorted(CORPUS.rglob("*.yml")), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_files_same_as_ruamel(path):
    if path.is_dir():
        pytest.skip("a folder named like a file (a fixture)")
    text = path.read_text()
    _same(yaml_fast.load_fast(text), YAML(typ="rt").load(text))


def test_duplicate_key_is_located():
    with pytest.raises(Exception, match="duplicate key") as info:
        parse_yaml("a: 1\nb: 2\na: 3\n", "f.yml")
    assert info.value.line == 3


def test_impossible_date_is_located():
    with pytest.raises(Exception, match="'2020-13-01' is not a date") as info:
        parse_yaml("a: 1\nb: 2020-13-01\n", "f.yml")
    assert info.value.line == 2


def test_explicit_tags_give_plain_values():
    # ruamel's round trip returns a TaggedScalar for !!str; plain values are what the code expects
    assert dict(yaml_fast.load_fast("a: !!str 123\nb: !!int '7'\nc: !!float '1'\n")) == {"a": "123", "b": 7, "c": 1.0}
