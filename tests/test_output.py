"""Writers: contract key order, readable YAML, JSON with Vietnamese as is, whole files only."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

import vnreport
from vnreport.output import TOP_KEYS, document_tree, render, write_atomic

ARTICLE = "Chiều ngày 18/01/2024, Hội LHPN tỉnh tổ chức hội nghị với 120 đại biểu tham dự.\nMinh Anh"


def test_every_top_level_key_in_contract_order() -> None:
    tree = vnreport.extract_text(ARTICLE)
    assert tuple(tree) == TOP_KEYS
    assert tuple(tree["source"]) == ("path", "sha256", "encoding", "chars")
    assert tuple(tree["document"]) == ("title", "published", "reference_date", "reference_source", "author")
    assert tree["document"]["author"] == "Minh Anh"
    assert tree["source"]["chars"] == len(ARTICLE)


def test_yaml_is_readable_unicode_without_aliases() -> None:
    item = {"kind": "count", "value": Decimal("3"), "unit": "hộ", "flags": []}
    tree = document_tree(source={}, document={}, figures=[item, item])
    text = render(tree, "yaml")
    assert "hộ" in text and "\\u" not in text
    assert "&" not in text and "*" not in text  # no anchors or aliases for the repeated item
    back = yaml.safe_load(text)
    assert back["figures"][0]["value"] == 3 and isinstance(back["figures"][0]["value"], int)
    assert list(back["figures"][0])[:3] == ["kind", "value", "value_max"]


def test_iso_strings_stay_strings_in_yaml() -> None:
    tree = document_tree(source={}, document={"published": "2024-01-19"}, dates=[{"value": "2023"}])
    back = yaml.safe_load(render(tree, "yaml"))
    assert back["document"]["published"] == "2024-01-19"
    assert back["dates"][0]["value"] == "2023"


def test_json_and_jsonl() -> None:
    tree = vnreport.extract_text(ARTICLE)
    assert "Chiều ngày" in render(tree, "json")  # ensure_ascii=False
    line = render(tree, "jsonl")
    assert line.endswith("\n") and line.count("\n") == 1
    assert json.loads(line) == json.loads(render(tree, "json"))
    with pytest.raises(ValueError):
        render(tree, "xml")


def test_decimals_become_plain_numbers() -> None:
    tree = document_tree(source={}, document={}, figures=[{"value": Decimal("191.161"), "total": Decimal("53")}])
    f = json.loads(render(tree, "json"))["figures"][0]
    assert f["value"] == 191.161 and f["total"] == 53 and f["flags"] == []


def test_write_atomic_leaves_whole_file_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.yaml"
    write_atomic(target, "first\n")
    assert target.read_text() == "first\n"

    class Boom(str):
        def encode(self, *args: object, **kwargs: object) -> bytes:  # type: ignore[override]
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, Boom("second\n"))
    assert target.read_text() == "first\n"
    assert [p.name for p in target.parent.iterdir()] == ["b.yaml"]  # no temporary file left
