"""The YAML loader: positions, exact text and numbers, the traps it records, what it refuses."""

from decimal import Decimal
from pathlib import Path

import pytest

from handbook.errors import ProjectInvalid
from handbook.source.load import BOOL, INT, load_yaml, sniff_language


def load(tmp_path: Path, text: str):
    path = tmp_path / "p.yml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, "p.yml")


def test_positions_are_one_based_lines_and_columns(tmp_path):
    loaded = load(tmp_path, "name: x\ncontacts:\n  - phone: \"0755\"\n")
    assert loaded.source.positions[("contacts", 0, "phone")] == (3, 12)
    assert loaded.source.key_positions[("contacts", 0, "phone")] == (3, 5)


def test_quoted_phone_numbers_survive_exactly(tmp_path):
    loaded = load(tmp_path, 'a: "07551234567"\nb: "0755-8888 1234"\n')
    assert loaded.data == {"a": "07551234567", "b": "0755-8888 1234"}


def test_floats_are_exact_decimals(tmp_path):
    assert load(tmp_path, "rate: 2.85\n").data["rate"] == Decimal("2.85")


def test_unquoted_traps_are_recorded_with_their_source_text(tmp_path):
    loaded = load(tmp_path, "phone: 07551234567\nanswer: no\n")
    assert loaded.data == {"phone": 0o7551234567, "answer": False}
    assert loaded.source.plain_scalars[("phone",)] == ("07551234567", INT)
    assert loaded.source.plain_scalars[("answer",)] == ("no", BOOL)


def test_merge_keys_are_supported(tmp_path):
    loaded = load(tmp_path, "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert loaded.data["other"] == {"x": 1, "y": 2}


def test_nested_alias_bomb_fails_before_expanding(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    with pytest.raises(ProjectInvalid) as caught:
        load(tmp_path, "\n".join(lines) + "\n")
    assert "别名" in str(caught.value)


def test_python_tags_are_refused_and_never_constructed(tmp_path):
    marker = tmp_path / "ran"
    loaded = load(tmp_path, f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert "a" not in loaded.data
    assert "!!python/object/apply:os.system" in loaded.problems[0].message
    assert not marker.exists()


@pytest.mark.parametrize("text, tag", [
    ("languages: [zh-HK]\n", "zh-HK"),
    ("languages:\n  - en\n  - zh-CN\n", "en"),
    ("name: x\n", "zh-CN"),
    ("languages: [xx-YY]\n", "zh-CN"),
])
def test_language_is_sniffed_for_messages_before_parsing(text, tag):
    assert sniff_language(text) == tag
