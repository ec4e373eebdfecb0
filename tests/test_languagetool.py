"""The LanguageTool backend against a STAND-IN LanguageTool server on loopback.

LanguageTool (Java) cannot be installed on the build machines, so these tests
run mtnorm's real client, allow-list, pipeline and CLI against
tests/lt_standin.py: an http.server on 127.0.0.1 that speaks LanguageTool's
/v2/check JSON. Tests against a real LanguageTool are in
test_languagetool_real.py.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from normalizer import Normalizer
from normalizer.errors import LexiconError, UsageError
from normalizer.languagetool.allowlist import default_allowlist_path, load_allowlist
from normalizer.languagetool.client import LanguageToolClient, LanguageToolError, Utf16Index, batches, parse_matches

from .lt_standin import StandIn, answer


@pytest.fixture
def standin():
    with StandIn() as server:
        yield server


def lt_normalizer(url: str, **options) -> Normalizer:
    return Normalizer(grammar="languagetool", languagetool_url=url, **options)


def test_standin_client_places_edits_after_emoji_and_flags(standin):
    """Stand-in LanguageTool: offsets are UTF-16 units; after astral characters they must still hit the right words."""
    text = "😀🇷🇺 We met in Moscow.The talks 𝒶 went on , and one one map was a error 👍🏽 the the end."
    client = LanguageToolClient(standin.url)
    spans = sorted((m.start, m.rule_id, text[m.start : m.end]) for m in client.check(text))
    assert [(rule, found) for _, rule, found in spans] == [
        ("SENTENCE_WHITESPACE", ".The"),
        ("COMMA_PARENTHESIS_WHITESPACE", " ,"),
        ("ENGLISH_WORD_REPEAT_RULE", "one one"),
        ("EN_A_VS_AN", "a"),
        ("ENGLISH_WORD_REPEAT_RULE", "the the"),
    ]
    article = spans[3][0]
    assert text[article : article + 7] == "a error"


def test_standin_pipeline_applies_lt_edits_after_astral_characters(standin):
    """Stand-in LanguageTool: the whole pipeline, emoji before the error; LT edits carry LT:<RULE_ID>."""
    n = lt_normalizer(standin.url, only="grammar")
    result = n.normalize("👍🏽👍🏽 𝒶𝒷𝒸 there was one one map 😀 left\n")
    assert result.text == "👍🏽👍🏽 𝒶𝒷𝒸 there was one map 😀 left\n"
    [edit] = result.edits
    assert edit.rule == "LT:ENGLISH_WORD_REPEAT_RULE" and edit.kind == "grammar" and edit.before == "one one"
    assert result.input[edit.start : edit.end] == "one one"
    n.close()


def test_utf16_index_matches_an_independent_count():
    text = "a😀b🇷🇺c\U0001d4b6d"
    index = Utf16Index(text)
    for i in range(len(text) + 1):
        assert index.index(len(text[:i].encode("utf-16-le")) // 2) == i
    assert index.index(2) is None  # the middle of 😀's surrogate pair


def test_parse_agrees_with_language_tool_python_match_offsets():
    """language-tool-python's own Match shifts offsets past astral characters the same way (start offsets)."""
    from language_tool_python import Match

    text = "😀 x 🇷🇺 and one one map was a error"
    payload = answer(text)
    ours = parse_matches(text, payload, "test")
    theirs = [Match(dict(m), text) for m in answer(text)["matches"]]
    assert [m.start for m in ours] == [m.offset for m in theirs]


def test_standin_allow_list_refuses_spelling_style_and_ambiguous_matches(standin):
    """Stand-in LanguageTool reports spelling (TYPOS), smart quotes, a two-way choice: none is applied."""
    text = 'Alexander Chaiko recieved "Hello" and There their one one cat.\n'
    result = lt_normalizer(standin.url, only="grammar").normalize(text)
    assert result.text == 'Alexander Chaiko recieved "Hello" and There their one cat.\n'
    assert {e.rule for e in result.edits} == {"LT:ENGLISH_WORD_REPEAT_RULE"}


def test_standin_matches_on_protected_spans_are_dropped(standin, tmp_path):
    """Stand-in LanguageTool: a match overlapping a URL or a lexicon canonical form is not applied."""
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("entries:\n  - {canonical: one one, variants: [one-one], class: term-case}\n", encoding="utf-8")
    n = lt_normalizer(standin.url, lexicons=[lexicon])
    text = "see http://example.org/one one now; the one-one deal and one one map\n"
    result = n.normalize(text)
    assert result.text == "see http://example.org/one one now; the one one deal and one map\n"
    assert [e.before for e in result.edits if e.rule.startswith("LT:")] == ["one one"]


def test_standin_class_of_lt_edits_follows_the_allow_list(standin):
    """Stand-in LanguageTool: spacing rules become spacing edits, and --skip spacing drops them."""
    text = "It cost $ 5 and one one more\n"
    assert lt_normalizer(standin.url, only="grammar").normalize(text).text == "It cost $ 5 and one more\n"
    both = lt_normalizer(standin.url, only="grammar,spacing").normalize(text)
    assert both.text == "It cost $5 and one more\n"


def test_standin_batches_are_whole_lines_and_cover_the_text(standin):
    """Stand-in LanguageTool: a long text goes in several requests, each of whole lines."""
    lines = [f"Line {i} of the report had one one word in it." for i in range(400)]
    text = "\n".join(lines) + "\n"
    client = LanguageToolClient(standin.url, batch_chars=2000)
    matches = client.check(text)
    assert len(standin.requests) > 5
    sent = sorted((text.index(r["text"]), r["text"]) for r in standin.requests)
    assert "".join(t for _, t in sent) == text
    assert all(t.endswith("\n") and len(t) <= 2000 for _, t in sent)
    assert len(matches) == 400 and all(text[m.start : m.end] == "one one" for m in matches)
    assert all("enabledOnly" not in r for r in standin.requests)  # this client was given no allow-list


def test_batches_keep_a_long_line_whole():
    text = "short\n" + "x" * 50 + "\nend"
    assert [text[s:e] for s, e in batches(text, 20)] == ["short\n", "x" * 50 + "\n", "end"]


def test_standin_requests_run_concurrently_up_to_the_setting():
    """Stand-in LanguageTool: with concurrency 2, two requests are in flight together (a barrier only
    lets them through together), and never more than two."""
    barrier = threading.Barrier(2, timeout=30)
    with StandIn(barrier=barrier) as server:
        client = LanguageToolClient(server.url, concurrency=2, batch_chars=100)
        text = "".join(f"row {i} has one one here and more words to fill it out\n" for i in range(12))
        matches = client.check(text)
        client.close()
    assert len(matches) == 12
    assert server.max_in_flight == 2


def test_standin_concurrency_one_is_serial():
    with StandIn() as server:
        client = LanguageToolClient(server.url, concurrency=1, batch_chars=100)
        client.check("".join(f"row {i} has one one here and more words to fill it out\n" for i in range(8)))
        client.close()
    assert server.max_in_flight == 1 and len(server.requests) == 8


def test_standin_allow_list_is_sent_so_the_server_runs_only_those_rules(standin):
    n = lt_normalizer(standin.url, only="grammar")
    n.normalize("one one\n")
    form = standin.requests[-1]
    assert form["enabledOnly"] == "true" and "EN_A_VS_AN" in form["enabledRules"].split(",")
    assert "MORFOLOGIK_RULE_EN_US" not in form["enabledRules"] and form["language"] == "en-US"


def test_standin_server_error_is_a_clean_error():
    with StandIn(fail=True) as server:
        n = lt_normalizer(server.url)
        with pytest.raises(LanguageToolError, match="HTTP 500"):
            n.normalize("one one\n")


def test_unreachable_url_names_the_server_and_the_ways_out():
    with StandIn() as server:
        url = server.url
    with pytest.raises(LanguageToolError) as info:
        lt_normalizer(url)
    message = str(info.value)
    assert url in message and "not reachable" in message and "--languagetool-url" in message and "docker" in message


def test_url_that_is_not_languagetool_is_refused(tmp_path):
    with pytest.raises(LanguageToolError, match="not an http"):
        lt_normalizer("ftp://example.org")


def test_unknown_grammar_backend_is_a_usage_error():
    with pytest.raises(UsageError, match="--grammar"):
        Normalizer(grammar="grammarly")


def test_grammar_off_removes_the_grammar_pass():
    assert Normalizer(grammar="off").normalize("it was a error\n").text == "it was a error\n"
    assert Normalizer(grammar="builtin").normalize("it was a error\n").text == "it was an error\n"


def test_bundled_allow_list_gives_a_reason_for_everything():
    allow = load_allowlist()
    assert {"EN_A_VS_AN", "ENGLISH_WORD_REPEAT_RULE", "UPPERCASE_SENTENCE_START", "SENTENCE_WHITESPACE"} <= set(allow.rules)
    assert all(len(a.reason) > 20 for a in allow.rules.values())
    assert all(len(r) > 20 for r in allow.refused.values())
    assert allow.kind_of("EN_A_VS_AN", "MISC") == "grammar"
    assert allow.kind_of("WHITESPACE_RULE", "TYPOGRAPHY") == "spacing"
    assert allow.kind_of("UPPERCASE_SENTENCE_START", "CASING") == "sentence-case"
    assert allow.kind_of("EN_QUOTES", "TYPOGRAPHY") is None
    assert allow.kind_of("EN_A_VS_AN", "TYPOS") is None  # spelling is never applied
    assert allow.kind_of("SOME_NEW_RULE", "GRAMMAR") is None
    assert default_allowlist_path().is_file()


def test_allow_list_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "allow.yaml"
    bad.write_text("rules:\n  - id: EN_A_VS_AN\n    class: grammar\n  - id: X\n    reason: fine reason here\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"allow\.yaml:2: entry needs a non-empty reason"):
        load_allowlist(bad)
    bad.write_text("rules:\n  - {id: X, reason: because it is safe, class: style}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r":2: class must be one of"):
        load_allowlist(bad)


def test_category_allow_entries_respect_exceptions(tmp_path):
    path = tmp_path / "allow.yaml"
    path.write_text(
        "categories:\n  - {id: TYPOGRAPHY, class: spacing, reason: a test category entry, except: [EN_QUOTES]}\n",
        encoding="utf-8",
    )
    allow = load_allowlist(path)
    assert allow.kind_of("WHITESPACE_RULE", "TYPOGRAPHY") == "spacing"
    assert allow.kind_of("EN_QUOTES", "TYPOGRAPHY") is None


def test_data_file_is_not_read_as_a_lexicon():
    """The allow-list lives in lexicons/languagetool/, out of reach of the *.yaml lexicon glob."""
    from normalizer.knowledge.lexicon import default_lexicon_paths

    assert all(Path(p).name != "allow.yaml" for p in default_lexicon_paths())


def test_url_of_something_that_is_not_languagetool_is_named(standin):
    """Stand-in LanguageTool, asked under a wrong path: a 404 is reported as 'is this LanguageTool?'."""
    with pytest.raises(LanguageToolError, match=r"HTTP 404 .*is .* a LanguageTool server\?"):
        lt_normalizer(standin.url + "/somewhere")


def test_grammar_and_url_come_from_the_configuration_file(standin, tmp_path):
    """Stand-in LanguageTool: `grammar` and `languagetool_url` are config keys; the command line overrides them."""
    import subprocess
    import sys

    (tmp_path / "mtnorm.toml").write_text(f'grammar = "languagetool"\nlanguagetool_url = "{standin.url}"\n', encoding="utf-8")

    def fix(*extra: str) -> str:
        return subprocess.run(
            [sys.executable, "-m", "normalizer", "fix", "-", "--only", "grammar", *extra],
            input="there was one one map\n",
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        ).stdout

    assert fix() == "there was one map\n"
    assert fix("--grammar", "builtin") == "there was one one map\n"
    assert [r["text"] for r in standin.requests] == ["there was one one map\n"]


def test_standin_ctrl_c_during_a_request_to_a_silent_server_ends_mtnorm(tmp_path):
    """Stand-in LanguageTool that never answers: Ctrl-C must end mtnorm without waiting for the request."""
    import signal
    import subprocess
    import sys
    import time

    marker = tmp_path / "arrived"
    with StandIn(hang_marker=marker) as server:
        doc = tmp_path / "doc.txt"
        doc.write_text("".join(f"line {i} with one one word in it\n" for i in range(40)), encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-m", "normalizer", "fix", str(doc), "--grammar", "languagetool", "--languagetool-url", server.url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(1200):
            if marker.exists():
                break
            time.sleep(0.05)
        assert marker.exists()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)  # the request itself would wait 120 s
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err


def test_bad_concurrency_in_the_configuration_file_is_a_usage_error(tmp_path):
    from normalizer.cli.config import load_config

    path = tmp_path / "mtnorm.toml"
    path.write_text('languagetool_concurrency = "many"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="languagetool_concurrency must be a whole number"):
        load_config(path)
    path.write_text('grammar = "off"\nlanguagetool_concurrency = 4\n', encoding="utf-8")
    assert load_config(path) == {"grammar": "off", "languagetool_concurrency": 4}


def test_match_length_spanning_astral_characters_is_converted():
    """The length, not only the offset, is in UTF-16 units: a span holding two emoji is 4 units, 2 characters."""
    text = "x 😀😀 y 🇷🇺z"
    rule = {"id": "WHITESPACE_RULE", "category": {"id": "TYPOGRAPHY"}}
    payload = {
        "matches": [
            {"offset": 2, "length": 4, "replacements": [{"value": "!"}], "rule": rule},
            {"offset": 9, "length": 5, "replacements": [], "rule": rule},
            {"offset": 3, "length": 1, "replacements": [], "rule": rule},  # inside a surrogate pair: dropped
        ]
    }
    [first, second] = parse_matches(text, payload, "test")
    assert text[first.start : first.end] == "😀😀"
    assert text[second.start : second.end] == "🇷🇺z"


def test_standin_lt_edits_map_back_to_the_input_after_earlier_stages_changed_lengths(standin):
    """Stand-in LanguageTool: earlier stages lengthen the text (entity, spacing); LT's edit still points into the input."""
    text = "At Hmeymim  they saw one one plane 😀 and one one more\n"
    result = lt_normalizer(standin.url).normalize(text)
    assert result.text == "At Khmeimim they saw one plane 😀 and one more\n"
    lt_edits = [e for e in result.edits if e.rule.startswith("LT:")]
    assert [text[e.start : e.end] for e in lt_edits] == ["one one", "one one"]
