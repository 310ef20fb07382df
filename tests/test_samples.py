"""Golden test: each bundled sample article still gives its reviewed expected output.

`samples/<name>.txt` is a real article; `samples/<name>.yaml` is its output as a person
reviewed it. A change of rules or code that alters any item shows up here as a readable
per-item diff; when the change is an improvement, `vnreport check --update` refreshes them.
The samples are also what README's first command runs on, and the output must satisfy the
contract's evidence promise.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import vnreport
from vnreport.check import diff_trees
from vnreport.document import fold

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ARTICLES = sorted(SAMPLES.glob("*.txt"))


def test_the_samples_are_there() -> None:
    assert len(ARTICLES) >= 5
    assert all(a.with_suffix(".yaml").exists() for a in ARTICLES)


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_sample_matches_its_expected_output(article: Path) -> None:
    expected = yaml.safe_load(article.with_suffix(".yaml").read_text(encoding="utf-8"))
    actual = vnreport.extract_file(article, display_path=f"samples/{article.name}")
    diff = diff_trees(expected, actual)
    assert not diff, "\n".join(diff)


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_every_item_points_at_its_evidence(article: Path) -> None:
    original = article.read_text(encoding="utf-8")
    tree = vnreport.extract_file(article)
    assert tree["source"]["chars"] == len(original)
    for key in ("figures", "dates", "events"):
        for item in tree[key]:
            assert fold(original[item["start"] : item["end"]]) == item["text"], item
    for key in ("organizations", "people"):
        for item in tree[key]:
            for m in item["mentions"]:
                assert 0 <= m["start"] < m["end"] <= len(original)
                if key == "organizations":  # a person may be mentioned by given name alone
                    assert fold(original[m["start"] : m["end"]]).casefold() == fold(item["name"]).casefold()


def test_the_readme_example_is_the_output_of_its_sample() -> None:
    """README's "What you get" shows a sample's output, shortened with `- …`: every item it
    shows must be an item of that sample's expected output (an event's text may be cut)."""
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("## What you get", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    shown = yaml.safe_load("\n".join(line for line in block.splitlines() if line.strip() != "- …"))
    stem = shown["source"]["path"].rsplit(".", 1)[0]
    expected = yaml.safe_load((SAMPLES / f"{stem}.yaml").read_text(encoding="utf-8"))
    assert shown["source"] == expected["source"]
    assert shown["document"] == expected["document"]
    for key in ("figures", "dates", "organizations", "people", "events", "warnings"):
        for item in shown[key]:
            if isinstance(item, dict) and str(item.get("text", "")).endswith("…"):
                prefix = item.pop("text")[:-1]
                assert any(e["text"].startswith(prefix) and {**e, "text": None} == {**item, "text": None}
                           for e in expected[key]), item
            else:
                assert item in expected[key], item
