"""Against a real LanguageTool: run whenever one is configured, skipped otherwise.

Set MTNORM_LANGUAGETOOL_URL to a running server (e.g. ``docker run -p 8081:8010
erikvl87/languagetool`` and ``MTNORM_LANGUAGETOOL_URL=http://localhost:8081``)
or LTP_JAR_DIR_PATH to an unpacked LanguageTool release (Java 17+ on PATH).
"""

from __future__ import annotations

import os

import pytest

from normalizer import Normalizer

from .conftest import GOLDEN

pytestmark = pytest.mark.skipif(
    not (os.environ.get("MTNORM_LANGUAGETOOL_URL") or os.environ.get("LTP_JAR_DIR_PATH")),
    reason="no real LanguageTool here: set MTNORM_LANGUAGETOOL_URL (a running server) or LTP_JAR_DIR_PATH (a release)",
)


@pytest.fixture(scope="module")
def lt():
    with Normalizer(grammar="languagetool") as normalizer:
        yield normalizer


def test_real_languagetool_article_match_is_where_the_article_is(lt):
    text = "😀🇷🇺 This is a error in the text.\n"
    matches = [m for m in lt.languagetool.check(text) if m.rule_id == "EN_A_VS_AN"]
    assert matches and text[matches[0].start : matches[0].end] == "a"
    assert matches[0].replacements == ("an",)


def test_real_languagetool_fixes_a_repeated_word_after_emoji(lt):
    result = lt.normalize("😀 I have have a plan for 🇷🇺 talks.\n")
    assert result.text == "😀 I have a plan for 🇷🇺 talks.\n"
    assert [e.rule for e in result.edits] == ["LT:ENGLISH_WORD_REPEAT_RULE"]


def test_real_languagetool_spelling_is_never_applied(lt):
    text = "He recieved the letter from Alexander Chaiko in Khmeimim.\n"
    assert lt.normalize(text).text == text


@pytest.mark.parametrize("reference", sorted((GOLDEN / "reference").glob("*.txt")), ids=lambda p: p.stem)
def test_real_languagetool_leaves_the_ideal_cleanups_alone(lt, reference):
    result = lt.normalize(reference.read_text(encoding="utf-8"))
    assert [(e.rule, e.before, e.replacement) for e in result.edits] == []
