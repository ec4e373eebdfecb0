"""ftfy's own test corpus (tests/data/ftfy, Apache-2.0): mtnorm must not do what ftfy refuses to do.

The target of each case is ``ftfy.fix_text(original, uncurl_quotes=False)`` (mtnorm keeps curly
quotes). Negative cases — emoticons such as ``OK??:(   `` and ``( o¬ô )``, no-break spaces between
words, leetspeak — must pass the *whole* pipeline untouched; the encoding class alone must match
ftfy on every passing case except where mtnorm's configuration differs on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path

import ftfy
import pytest

from normalizer import Normalizer

DATA = Path(__file__).parent / "data" / "ftfy"


def _cases(name: str) -> list[dict[str, str]]:
    return [c for c in json.loads((DATA / name).read_text(encoding="utf-8")) if c.get("expect") == "pass"]


def _target(text: str) -> str:
    return ftfy.fix_text(text, uncurl_quotes=False)


@pytest.fixture(scope="module")
def whole():
    return Normalizer()


@pytest.fixture(scope="module")
def encoding_only():
    return Normalizer(only="encoding")


@pytest.mark.parametrize("case", _cases("negative.json"), ids=lambda c: c["label"][:60])
def test_negative_case_passes_the_whole_pipeline_as_ftfy_leaves_it(case, whole):
    assert whole.normalize(case["original"]).text == _target(case["original"])


@pytest.mark.parametrize(
    "case", _cases("negative.json") + _cases("synthetic.json") + _cases("in-the-wild.json"), ids=lambda c: c["label"][:60]
)
def test_encoding_class_matches_ftfy(case, encoding_only):
    # mtnorm leaves full-width characters alone (fix_character_width=False: Ningbo，China is text, not mojibake)
    expected = ftfy.fix_text(case["original"], uncurl_quotes=False, fix_character_width=False)
    assert encoding_only.normalize(case["original"]).text == expected


def test_the_fixture_holds_the_negative_cases_the_issue_names():
    originals = {c["original"] for c in _cases("negative.json")}
    assert "( o¬ô )" in originals
    assert any(o.startswith("OK??:(") for o in originals)
    assert sum("\u00a0" in o for o in originals) >= 3
