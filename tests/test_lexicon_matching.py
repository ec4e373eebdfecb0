"""The scale-free matcher: same results as a regular-expression alternation, Unicode-safe offsets."""

from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

import pytest

from normalizer import Normalizer
from normalizer.knowledge.lexicon import load_file
from normalizer.knowledge.matching import EntryMatcher, fold

from .conftest import seed_paths


def _lexicon(tmp_path: Path, body: str, name: str = "lex.yaml"):
    """One file as the loader reads it, without refusing entries that fight: the matcher's semantics is tested on those too."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return load_file(path)


def _alternation_oracle(entries, text):
    """The foundation's matcher, kept here as the reference semantics (one regex per case mode)."""
    out = []
    for sensitive in (True, False):
        table = {}
        for entry in entries:
            if entry.case_sensitive == sensitive:
                for v in entry.variants:
                    table.setdefault(v if sensitive else v.casefold(), []).append(entry)
        if not table:
            continue
        variants = {v for e in entries if e.case_sensitive == sensitive for v in e.variants}
        body = "|".join(re.escape(v) for v in sorted(variants, key=lambda v: (-len(v), v)))
        pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", 0 if sensitive else re.IGNORECASE)
        for m in pattern.finditer(text):
            key = m.group() if sensitive else m.group().casefold()
            for entry in table[key]:
                if entry.context_allows(text, m.start(), m.end()):
                    out.append((m.start(), m.end(), entry.id))
                    break
    return sorted(out)


@pytest.mark.parametrize("automaton_max_keys", [0, 1_000], ids=["hash-table scan", "automaton scan"])
def test_bundled_lexicons_match_like_the_alternation_on_seeds_and_variants(normalizer, automaton_max_keys):
    entries = normalizer.lexicon.entries
    texts = [p.read_text(encoding="utf-8") for p in seed_paths()]
    texts += [t.lower() for t in texts] + [t.upper() for t in texts]
    matcher = EntryMatcher(entries, automaton_max_keys)
    for text in texts:
        assert sorted((s, e, x.id) for s, e, x in matcher.find(text)) == _alternation_oracle(entries, text)


@pytest.mark.parametrize("automaton_max_keys", [0, 1_000], ids=["hash-table scan", "automaton scan"])
def test_random_lexicon_and_text_match_like_the_alternation(tmp_path, automaton_max_keys):
    """Prefixes, multi-word and punctuation-led variants, both case modes, random text; both scans."""
    rng = random.Random(3)
    words = ["ab", "abc", "Ab", "x-1", "x-1b", "“Q", "Жук", "жук", "é", "ab abc", "abc ab", "Ab-c"]
    body = ["entries:"]
    for i, w in enumerate(words):
        flag = ", case_sensitive: false" if i % 3 == 0 else ""
        body.append(f'  - {{id: e{i}, canonical: "Z{i}", variants: ["{w}"]{flag}}}')
    lexicon = _lexicon(tmp_path, "\n".join(body) + "\n")
    pieces = [*words, " ", " ", "-", "_", "1", "ß", "İ", "\n", ".", "abcd", "AB"]
    matcher = EntryMatcher(lexicon.entries, automaton_max_keys)
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        got = sorted((s, e, x.id) for s, e, x in matcher.find(text))
        assert got == _alternation_oracle(lexicon.entries, text), text


@pytest.mark.parametrize(
    "text",
    [
        "İstanbul: assad met Assad",  # 'İ'.lower() is two characters
        "ΣΣ İİİ straße assad",  # ß folds to ss under casefold
        "Müller und assad",
    ],
)
def test_case_insensitive_offsets_do_not_shift(tmp_path, text):
    lexicon = _lexicon(tmp_path, "entries:\n  - {canonical: Assad, variants: [asad, assad], case_sensitive: false}\n")
    assert len(fold(text)) == len(text)
    found = [(s, e) for s, e, _ in EntryMatcher(lexicon.entries).find(text)]
    assert found and all(text[s:e].lower() == "assad" for s, e in found)
    result = Normalizer(only="entity", lexicon=lexicon).normalize(text)
    assert result.text == re.sub(r"(?i)\bassad\b", "Assad", text)


def test_whole_words_are_unicode_aware(tmp_path):
    """Cyrillic and accented Latin letters are word characters: no match inside Asadов or Asadé."""
    lexicon = _lexicon(tmp_path, "entries:\n  - {canonical: Assad, variants: [Asad]}\n")
    n = Normalizer(only="entity", lexicon=lexicon)
    assert n.normalize("Asadов Asadé éAsad Asad_1").text == "Asadов Asadé éAsad Asad_1"
    assert n.normalize("(Asad), «Asad» Asad-led").text == "(Assad), «Assad» Assad-led"


def test_whole_word_false_matches_inside_words(tmp_path):
    lexicon = _lexicon(tmp_path, "entries:\n  - {canonical: Khmeimim, variants: [Hmeymim], whole_word: false}\n")
    assert Normalizer(only="entity", lexicon=lexicon).normalize("pro-Hmeymimskaya").text == "pro-Khmeimimskaya"


def test_multi_word_variant_wins_over_its_part(tmp_path):
    lexicon = _lexicon(
        tmp_path,
        """
        entries:
          - {canonical: Munich Security Conference, variants: [Munich security conference]}
          - {canonical: Munich, variants: [munich], case_sensitive: false}
        """,
    )
    n = Normalizer(only="entity", lexicon=lexicon)
    assert n.normalize("at the Munich security conference").text == "at the Munich Security Conference"


def test_user_file_overrides_bundled_entry_by_full_id(tmp_path):
    user = tmp_path / "user.yaml"
    user.write_text("entries:\n  - {id: entities.chaiko, canonical: Tchaiko, variants: [chaiko]}\n", encoding="utf-8")
    n = Normalizer(only="entity", lexicons=[user])
    assert n.normalize("Alexander chaiko").text == "Alexander Tchaiko"
    assert sum(e.id == "entities.chaiko" for e in n.lexicon.entries) == 1


def test_context_free_entry_fighting_a_bundled_one_is_refused_an_override_by_id_is_not(tmp_path):
    """Same spelling, no contexts, two canonicals: refused on load (docs/lexicons.md); replacing by id is explicit."""
    from normalizer.errors import LexiconError

    user = tmp_path / "mine.yaml"
    user.write_text("entries:\n  - {canonical: Khmeimim Airbase, variants: [Hmeymim]}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"mine\.yaml:2: variant 'Hmeymim' maps to 'Khmeimim Airbase' here"):
        Normalizer(only="entity", lexicons=[user])
    user.write_text("entries:\n  - {id: entities.khmeimim, canonical: Khmeimim Airbase, variants: [Hmeymim]}\n")
    assert Normalizer(only="entity", lexicons=[user]).normalize("at Hmeymim.").text == "at Khmeimim Airbase."


def test_no_default_lexicons_leaves_bundled_out(tmp_path):
    assert Normalizer(only="entity", default_lexicons=False).normalize("Alexander chaiko").text == "Alexander chaiko"


def test_fold_is_the_same_per_character_with_or_without_long_lowercase_characters():
    word = "Straße ſ ΟΔΟΣ Ǆ"
    assert fold(word) == fold("İ" + word)[1:]
    assert fold("İ") == "i" and fold("İİ abc") == "ii abc"


def test_dotted_capital_i_matches_a_case_insensitive_variant(tmp_path):
    lexicon = _lexicon(tmp_path, "entries:\n  - {canonical: Istanbul, variants: [istanbul], case_sensitive: false}\n")
    n = Normalizer(only="entity", lexicon=lexicon)
    assert n.normalize("İSTANBUL and ıstanbul; istanbul").text == "Istanbul and ıstanbul; Istanbul"
