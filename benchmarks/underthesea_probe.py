"""What underthesea would add to vnreport, measured: run it to re-check the decision.

vnreport was planned around underthesea for sentence splitting, word segmentation (to trim
labels) and named entities (to find people). This script measures, on the articles in
`samples/` (or the folders given), how long each of those calls takes per sentence and per
article, and what its NER finds that vnreport's rules do not:

    pip install -e '.[nlp]'
    python benchmarks/underthesea_probe.py [FOLDER ...]

It prints a table; the README quotes the numbers that decided the question.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import vnreport
from vnreport.document import fold


def _sentences(tree: dict, text: str) -> list[str]:
    # Sentences as vnreport splits them, rebuilt from the original text.
    from vnreport.layout import analyse
    from vnreport.normalize import normalize
    from vnreport.ruleset import default_rules

    doc, _ = analyse(normalize(text), default_rules())
    return [doc.text[a:b] for a, b in doc.sentences]


def main(folders: list[str]) -> int:
    try:
        import underthesea
    except ImportError:
        sys.stderr.write("underthesea is not installed: pip install -e '.[nlp]'\n")
        return 2
    paths = sorted(p for f in folders or ["samples"] for p in Path(f).glob("*.txt"))
    if not paths:
        sys.stderr.write("no *.txt articles found\n")
        return 2
    vnreport.extract_text("Sáng 5/1, Hội tổ chức hội nghị.")  # compile the rules before timing
    underthesea.word_tokenize("khởi động")  # and load the models
    underthesea.pos_tag("khởi động")
    underthesea.ner("khởi động")

    totals = {"vnreport (whole pipeline)": 0.0, "sent_tokenize": 0.0, "word_tokenize": 0.0,
              "pos_tag": 0.0, "ner": 0.0}
    n_sentences = 0
    ner_people: set[str] = set()
    rule_people: set[str] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        t = time.process_time()
        tree = vnreport.extract_text(text)
        totals["vnreport (whole pipeline)"] += time.process_time() - t
        rule_people |= {fold(p["name"]) for p in tree["people"]}
        sentences = _sentences(tree, text)
        n_sentences += len(sentences)
        t = time.process_time()
        underthesea.sent_tokenize(text)
        totals["sent_tokenize"] += time.process_time() - t
        for name in ("word_tokenize", "pos_tag"):
            fn = getattr(underthesea, name)
            t = time.process_time()
            for s in sentences:
                fn(s)
            totals[name] += time.process_time() - t
        t = time.process_time()
        for s in sentences:
            words, current = underthesea.ner(s), []
            for token in [*words, ("", "", "", "O")]:
                if token[3].endswith("PER"):
                    current.append(token[0])
                elif current:
                    ner_people.add(fold(" ".join(current)))
                    current = []
        totals["ner"] += time.process_time() - t

    print(f"{len(paths)} articles, {n_sentences} sentences\n")
    print("| call | ms per article | ms per sentence |\n|---|---|---|")
    for name, seconds in totals.items():
        per_sentence = "" if name.startswith(("vnreport", "sent_")) else f"{1000 * seconds / n_sentences:.2f}"
        print(f"| {name} | {1000 * seconds / len(paths):.2f} | {per_sentence} |")
    extra = sorted(ner_people - rule_people)
    missed = sorted(rule_people - ner_people)
    print(f"\npeople found by underthesea's NER and not by the rules ({len(extra)}): {', '.join(extra) or '-'}")
    print(f"people found by the rules and not by the NER ({len(missed)}): {', '.join(missed) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
