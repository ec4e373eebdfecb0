"""The rule catalogue (normalizer/data/rules.yaml), ``mtnorm rules`` and ``--disable``/``--enable``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from normalizer import Normalizer
from normalizer.edits import ARTIFACT_CLASSES
from normalizer.errors import UsageError
from normalizer.rules import builtin_rules

STAGES = Path(__file__).resolve().parents[1] / "normalizer" / "stages"
RULE_LITERAL = re.compile(r'"((?:' + "|".join(ARTIFACT_CLASSES) + r')\.[a-z-]+)"')


def mtnorm(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "normalizer", *args], capture_output=True, text=True, cwd=cwd, input=stdin, timeout=120
    )


def test_every_rule_id_a_stage_emits_is_in_the_catalogue_and_back():
    emitted = {m.group(1) for path in STAGES.glob("*.py") for m in RULE_LITERAL.finditer(path.read_text(encoding="utf-8"))}
    catalogued = {r.id for r in builtin_rules()}
    assert emitted == catalogued


def test_one_shape_for_built_in_rule_ids():
    for rule in builtin_rules():
        kind, _, name = rule.id.partition(".")
        assert kind == rule.kind and kind in ARTIFACT_CLASSES and re.fullmatch(r"[a-z]+(?:-[a-z]+)*", name), rule.id
        assert rule.summary and rule.precision, rule.id


CATALOGUE_EXAMPLES = [
    pytest.param(rule.id, rule.kind, before, after, id=f"{rule.id}:{before[:30]}")
    for rule in builtin_rules()
    for before, after in rule.examples
]


@pytest.fixture(scope="module")
def by_class():
    return {kind: Normalizer(only=kind) for kind in ARTIFACT_CLASSES}


@pytest.mark.parametrize(("rule", "kind", "before", "after"), CATALOGUE_EXAMPLES)
def test_catalogue_example(rule, kind, before, after, by_class):
    result = by_class[kind].normalize(before)
    assert result.text == after
    fired = {e.rule for e in result.edits}
    assert (rule in fired) == (before != after), fired


def test_disable_leaves_out_one_rule_and_keeps_its_class():
    text = "It was a error andthe talks in the Syria."
    assert Normalizer().normalize(text).text == "It was an error and the talks in Syria."
    out = Normalizer(disable="spacing.fused-words,grammar.article-agreement").normalize(text).text
    assert out == "It was a error andthe talks in Syria."


def test_a_prefix_selects_every_rule_below_it_and_enable_wins():
    text = "It was a error in the Syria."
    assert Normalizer(disable=["grammar"], enable=["grammar.country-article"]).normalize(text).text == "It was a error in Syria."
    lexicon_off = Normalizer(disable="lexicon:terms").normalize("since june 2020 the us Senate").text
    assert "us Senate" in lexicon_off


def test_unknown_rule_is_a_usage_error():
    with pytest.raises(UsageError, match="no rule 'spacing.nope'"):
        Normalizer(disable="spacing.nope")


def test_cli_disable_from_the_command_line_and_the_configuration(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("It was a error andthe talks.\n", encoding="utf-8")
    assert mtnorm("fix", str(src), cwd=tmp_path).stdout == "It was an error and the talks.\n"
    assert mtnorm("fix", str(src), "--disable", "spacing.fused-words", cwd=tmp_path).stdout == "It was an error andthe talks.\n"
    (tmp_path / "mtnorm.toml").write_text('disable = ["grammar.article-agreement", "spacing.fused-words"]\n', encoding="utf-8")
    assert mtnorm("fix", str(src), cwd=tmp_path).stdout == "It was a error andthe talks.\n"
    assert mtnorm("fix", str(src), "--enable", "spacing.fused-words", cwd=tmp_path).stdout == "It was a error and the talks.\n"
    bad = mtnorm("fix", str(src), "--disable", "grammar.nope", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "grammar.nope" in bad.stderr


def test_cli_rules_lists_and_explains(tmp_path):
    listing = mtnorm("rules", cwd=tmp_path)
    assert listing.returncode == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()] == [r.id for r in builtin_rules()]
    one = mtnorm("rules", "grammar.article-agreement", cwd=tmp_path).stdout
    assert "precision:" in one and "'it was a error' → 'it was an error'" in one
    data = json.loads(mtnorm("rules", "lexicon:terms.us", "--json", cwd=tmp_path).stdout)
    assert [r["id"] for r in data["rules"]] == ["lexicon:terms.us"] and data["rules"][0]["examples"]
    assert mtnorm("rules", "spacing.nope", cwd=tmp_path).returncode == 2
