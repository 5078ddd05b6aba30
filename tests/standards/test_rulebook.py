"""The rulebook as its family modules declare it: each rule written once, lists derived from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import casequality
from casequality.standards.rulebook import RulebookError, rulebook
from casequality.standards.rules import FAMILIES, rule

PACKAGE = Path(casequality.__file__).parent


def _folded(text: str) -> str:
    """Text with its white space folded, and Python's string quotes and line joins dropped."""
    return " ".join(re.sub(r'"\s*\n\s*"|\\\n', " ", text).split())


def _package_text() -> dict[Path, str]:
    """Every text file of the package (code, templates, YAML, JSON, docs), vendored files aside."""
    paths = [p for ext in ("py", "yaml", "yml", "html", "txt", "md", "json") for p in PACKAGE.rglob(f"*.{ext}")]
    return {p: _folded(p.read_text(encoding="utf-8")) for p in paths if "vendor" not in p.parts}


def test_the_words_of_each_rules_standard_appear_once_in_the_package():
    texts = _package_text()
    counts = {
        rule_id: sum(text.count(meta.standard) for text in texts.values()) for rule_id, meta in rulebook().rules.items()
    }
    assert {rule_id: n for rule_id, n in counts.items() if n != 1} == {}


# A run of this many words of a standard, found again anywhere in the package, is its
# words written twice (a docstring that restates the standard, say); shorter runs are
# phrases standards share ("within plan_due_wd working days of its").
RUN = 12


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text.lower())


def _runs(words: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)]


def test_no_part_of_a_rules_standard_is_written_again_anywhere_in_the_package():
    standards = {rule_id: _words(meta.standard) for rule_id, meta in rulebook().rules.items()}
    # Each standard is written once, in its rule's decorator: a run of words is expected as
    # many times as there are standards that contain it.
    expected: dict[tuple[str, ...], int] = {}
    for words in standards.values():
        for run in set(_runs(words)):
            expected[run] = expected.get(run, 0) + 1
    first_words = {run[0] for run in expected}
    found: dict[tuple[str, ...], list[str]] = {}
    for path, text in _package_text().items():
        words = _words(text)
        for i, word in enumerate(words):
            if word in first_words and (run := tuple(words[i : i + RUN])) in expected:
                found.setdefault(run, []).append(str(path.relative_to(PACKAGE)))
    again = {
        f"{rule_id}: {' '.join(run)!r}": found.get(run, [])
        for rule_id, words in standards.items()
        for run in _runs(words)
        if len(found.get(run, [])) != expected[run]
    }
    assert again == {}


def test_each_rule_lives_in_the_family_module_named_after_its_id():
    from casequality.standards.rules import REGISTRY

    for rule_id, fn in REGISTRY.items():
        assert fn.__module__.rsplit(".", 1)[-1] == rule_id.split("-", 1)[0].lower()
    assert {r.split("-", 1)[0].lower() for r in rulebook().rules} == set(FAMILIES)


def test_a_rule_outside_its_family_module_is_refused():
    def check(case, ctx):
        return []

    with pytest.raises(RulebookError, match="not in the family module 'ovs'"):
        rule("OVS-099", title="t", severity="must", owner="TM", source="s", standard="s", remedy="r")(check)


def test_a_rule_without_a_remedy_is_refused():
    with pytest.raises(RulebookError, match="needs a remedy"):
        rule("TST-001", title="t", severity="must", owner="TM", source="s", standard="s", remedy=" ")


def test_every_deadline_rule_becomes_history_when_done_late():
    book = rulebook()
    assert [r for r in book.deadline_rules() if "late" not in book.rules[r].history] == []


def test_the_rule_that_reads_other_rules_verdicts_runs_last():
    book = rulebook()
    order = book.evaluation_order()
    last = [r for r, m in book.rules.items() if m.runs_last]
    assert last == ["OVS-002"]
    assert order[-len(last) :] == last
    assert sorted(order) == sorted(book.rules)


def test_the_standard_of_ovs_002_names_every_rule_that_judges_content():
    book = rulebook()
    named = set(re.findall(r"[A-Z]+-\d{3}", book.rules["OVS-002"].standard))
    assert named == set(book.content_rules())
