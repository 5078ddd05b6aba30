"""docs/developing.md's "Adding a rule", followed step by step on its own example.

The guide's code blocks are taken from the document as written: the family module's
beginning, the parameter and the rule go into a family module of a temporary package
(named after the rule's prefix, as `@rule` requires); its YAML cases are added to a copy
of the rules' cases (casequality/standards/rules/<family>.yaml); then the rules' own tests
(tests/standards/test_rules.py) run on them, and a small demo is built from the same
cases, which shows the rule at its case number. The example rule is registered only for
the test: the rulebook, its registry and its parameters are restored afterwards, so no
other test sees it.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from casequality.demo.generator import DEFAULT_AS_OF, write_caseload
from casequality.demo.generator.examples import EXAMPLE_EVERY, EXAMPLE_OFFSET
from casequality.standards import examples
from casequality.standards import rulebook as rulebook_module
from casequality.standards.checkfile import check_file
from casequality.standards.rules import PARAMETERS, REGISTRY, RULES
from tests.standards import test_rules

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "developing.md"

pytestmark = pytest.mark.once  # reads the docs and runs the engine in memory: the same on any database


def guide_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index("## Adding a rule\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def code_blocks(language: str) -> list[str]:
    """The section's fenced blocks of `language`, in order, without the list's indent."""
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^\1```$", guide_section(), flags=re.S | re.M)
    return [textwrap.dedent(body) for _indent, body in blocks]


def guide_rule_id() -> str:
    return re.search(r'@rule\(\s*"([A-Z]+-\d{3})"', code_blocks("python")[2]).group(1)


@contextmanager
def registered_guide_rule(directory: Path):
    """Register the guide's rule from a family module built of its code blocks; undo it after."""
    header, parameter_block, rule_block = code_blocks("python")
    rule_id = guide_rule_id()
    family = rule_id.split("-", 1)[0].lower()
    saved = (dict(REGISTRY), dict(RULES), dict(PARAMETERS))
    package = "guide_example"
    module_name = f"{package}.{family}"
    path = directory / package / f"{family}.py"
    path.parent.mkdir()
    path.write_text("\n\n".join((header, parameter_block, rule_block)), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
        rulebook_module.rulebook.cache_clear()
        yield rule_id
    finally:
        sys.modules.pop(module_name, None)
        for registry, before in zip((REGISTRY, RULES, PARAMETERS), saved):
            registry.clear()
            registry.update(before)
        rulebook_module.rulebook.cache_clear()


@pytest.fixture
def guide_rule(tmp_path):
    with registered_guide_rule(tmp_path) as rule_id:
        yield rule_id


@pytest.fixture
def guide_cases(guide_rule, tmp_path, monkeypatch):
    """The rules' cases with the guide's added to its family's file, as step 4 says: read by
    the rules' tests and by the demo generator."""
    family = guide_rule.split("-", 1)[0].lower()
    cases_dir = tmp_path / "rules"
    cases_dir.mkdir()
    for path in examples.CASES_DIR.glob("*.yaml"):
        shutil.copy(path, cases_dir / path.name)
    target = cases_dir / f"{family}.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n" + code_blocks("yaml")[0], encoding="utf-8")
    monkeypatch.setattr(test_rules, "CASES_DIR", cases_dir)
    monkeypatch.setattr(examples, "CASES_DIR", cases_dir)
    monkeypatch.setattr(test_rules, "ENTRIES", test_rules.load_entries())
    return [entry for _family, entry in test_rules.ENTRIES if entry["rule"] == guide_rule]


def test_the_guide_shows_a_family_modules_beginning_a_parameter_a_rule_and_its_cases():
    assert (len(code_blocks("python")), len(code_blocks("yaml"))) == (3, 1)


def test_the_guides_rule_passes_every_argument_the_rule_decorator_takes():
    from inspect import signature

    from casequality.standards.rules import rule

    written = set(re.findall(r"^\s*(\w+)=", code_blocks("python")[2], flags=re.M))
    assert set(signature(rule).parameters) - {"rule_id"} - written == set()


def test_the_guide_explains_every_argument_of_the_rule_decorator():
    from inspect import signature

    from casequality.standards.rules import parameter, rule

    section = guide_section()
    named = {
        word for pair in re.findall(r"^\s*- `(\w+)`(?: and `(\w+)`)?", section, flags=re.M) for word in pair if word
    }
    arguments = (set(signature(rule).parameters) | set(signature(parameter).parameters)) - {"rule_id", "name"}
    assert arguments - named == set()


def test_the_guides_rule_is_not_in_the_shipped_rulebook():
    assert guide_rule_id() not in rulebook_module.rulebook().rules


def test_following_the_guide_puts_the_rule_and_its_parameter_in_the_rulebook(guide_rule):
    book = rulebook_module.rulebook()
    meta = book.rules[guide_rule]
    assert (meta.remedy != "", meta.history != (), guide_rule in book.deadline_rules()) == (True, True, True)
    assert all(name in book.parameters for name in meta.parameters)


def test_the_guides_cases_give_the_tasks_and_findings_they_expect(guide_cases):
    assert guide_cases
    for entry in guide_cases:
        for as_of, expected in test_rules.expectations(entry):
            test_rules.test_rule_gives_the_expected_tasks_and_findings(entry, as_of, expected)


def test_the_guides_cases_are_all_the_rules_tests_ask_of_a_new_rule(guide_cases):
    test_rules.test_every_rule_has_a_case_that_fires_and_one_that_does_not()
    test_rules.test_every_deadline_rule_is_tested_done_late_as_history_and_not_yet_done_as_an_action()
    test_rules.test_every_rule_about_a_replaceable_item_is_tested_replaced_as_history_and_current_as_an_action()
    test_rules.test_every_timed_rule_is_tested_the_day_before_on_and_after_its_deadline()
    test_rules.test_each_rules_cases_are_in_the_file_named_after_its_family_module()


def test_once_the_guides_rule_is_taken_away_the_rulebook_is_as_shipped(tmp_path):
    shipped = rulebook_module.rulebook()
    with registered_guide_rule(tmp_path) as rule_id:
        assert len(rulebook_module.rulebook().rules) == len(shipped.rules) + 1
    after = rulebook_module.rulebook()
    assert (after.rules, after.parameters, rule_id in REGISTRY) == (shipped.rules, shipped.parameters, False)


def test_the_guides_yaml_reads_as_a_list_of_cases():
    cases = yaml.safe_load(code_blocks("yaml")[0])
    assert [case["rule"] for case in cases] == [guide_rule_id()] * len(cases)


def test_a_small_demo_shows_the_guides_rule_by_its_first_case_that_fires(guide_cases, tmp_path):
    number = EXAMPLE_OFFSET + EXAMPLE_EVERY * list(rulebook_module.rulebook().rules).index(guide_rule_id())
    path = tmp_path / "demo.json"
    with open(path, "wb") as out:
        write_caseload(out, cases=number + 1, as_of=DEFAULT_AS_OF)
    case = json.loads(path.read_text(encoding="utf-8"))["cases"][number]
    raised = {(f["case"], f["rule"]) for f in check_file(path, as_of=DEFAULT_AS_OF).findings}
    assert ((case["id"], guide_rule_id()) in raised, case["orders"][0]["type"]) == (
        True,
        guide_cases[0]["case"]["orders"][0]["type"],
    )
