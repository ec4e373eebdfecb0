"""``mtnorm lexicon suggest``: candidate lexicon entries mined from a corpus, for review.

A monitoring team learns its corpus's mangled names one complaint at a time;
the corpus itself already shows most of them. Three kinds of evidence:

* **close spellings** of one name — capitalized words whose transliteration
  keys are equal (``kh``→``h``, ``y``→``i``, doubled letters, ``-iy``/``-y``
  endings: Hmeymim/Khmeimim, Asad/Assad, Iglinsky/Iglinskiy) or one edit apart
  (rapidfuzz Levenshtein on the keys; words that only add a suffix, such as
  Syria/Syrian, are left out);
* **a name written in lower case** — a word English does not know (wordfreq)
  seen in lower case right after a capitalized name word, or seen both
  capitalized mid-sentence and in lower case (``Alexander chaiko``);
* **acronyms and designations in lower case** — ``s-400``, ``su-35S`` next to
  ``SU-35S``, ``us`` before an acronym or a capitalized word where ``US``
  occurs elsewhere.

Nothing here is applied: the output is YAML stubs (loadable by the lexicon
loader) with counts and example lines as comments, strongest evidence first.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..batch.files import iter_sources  # the file walk every command uses (sorted, *.txt under folders)
from ..io import DEFAULT_MAX_BYTES, read_text
from ..knowledge.lexicon import Lexicon

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DESIGNATION = re.compile(r"(?<![\w-])([^\W\d_]{1,3})-(\d{1,4}[^\W\d_]{0,3})(?![\w-])")
_POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;]\s+|[“\"«(]\s*)$")
_KNOWN_ZIPF = 2.0  # wordfreq Zipf frequency at which a lower-case word is ordinary English
_COMMON_ZIPF = 4.0  # ... at which two close spellings are two ordinary words, not one name
_FUSED_ZIPF = 3.5  # both halves of a fused word are this common
_ARTICLES = frozenset({"a", "an", "the"})  # a pronoun or preposition never follows an article
MIN_NAME_LENGTH = 4
FUZZY_MIN_LENGTH = 7


@dataclass
class Candidate:
    """One proposed entry: the spelling to keep, the ones to rewrite, and why."""

    canonical: str
    variants: list[str]
    kind: str  # entity | term-case
    reason: str
    counts: dict[str, int]
    examples: list[str] = field(default_factory=list)
    covered: list[str] = field(default_factory=list)  # rule ids of lexicon entries that already handle it

    @property
    def weight(self) -> int:
        return sum(self.counts.values())


def translit_key(word: str) -> str:
    """A spelling-insensitive key for romanized Russian and Arabic names."""
    key = word.lower().replace("’", "'")
    key = key.replace("kh", "h").replace("ck", "k").replace("y", "i")
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"(?:ii|ij|ei)$", "i", key)


@dataclass
class _Corpus:
    """Word occurrences with their line, so every candidate can show where it was seen."""

    caps_mid: Counter[str] = field(default_factory=Counter)  # capitalized, not sentence-initial
    words: Counter[str] = field(default_factory=Counter)
    after_name: Counter[str] = field(default_factory=Counter)  # lower case, right after a capitalized word
    acronym_slot: Counter[str] = field(default_factory=Counter)  # short lower-case word where an acronym goes
    after_article: Counter[str] = field(default_factory=Counter)
    before_acronym: Counter[str] = field(default_factory=Counter)
    acronyms: Counter[str] = field(default_factory=Counter)  # ALL-CAPS words between lower-case words
    designations: Counter[str] = field(default_factory=Counter)
    where: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def seen(self, word: str, location: str, line: str, start: int, end: int) -> None:
        if len(self.where[word]) < 2:
            left = max(0, start - 40)
            snippet = ("…" if left else "") + line[left : end + 40].strip() + ("…" if end + 40 < len(line) else "")
            self.where[word].append(f"{location}: {snippet}")

    def add_line(self, line: str, location: str) -> None:
        previous: re.Match[str] | None = None
        tokens = list(_WORD.finditer(line))
        for i, m in enumerate(tokens):
            word = _POSSESSIVE.sub("", m.group())
            self.words[word] += 1
            self.seen(word, location, line, m.start(), m.end())
            initial = _SENTENCE_START.search(line, 0, m.start()) is not None
            if word[0].isupper() and not initial:
                self.caps_mid[word] += 1
            if previous is not None and line[previous.end() : m.start()] == " ":
                prev = previous.group()
                if word.islower() and prev[0].isupper() and prev[1:].islower() and not initial:
                    self.after_name[word] += 1
            if 2 <= len(word) <= 4 and word.islower() and i + 1 < len(tokens):
                following = tokens[i + 1].group()
                after_article = previous is not None and previous.group().lower() in _ARTICLES
                if (after_article and following[0].isupper()) or (following.isupper() and len(following) >= 3):
                    self.acronym_slot[word] += 1
                    self.after_article[word] += after_article
                    self.before_acronym[word] += following.isupper()
            if word.isupper() and 2 <= len(word) <= 5:
                neighbours = [t.group() for t in tokens[max(0, i - 1) : i] + tokens[i + 1 : i + 2]]
                if neighbours and not any(n.isupper() for n in neighbours):
                    self.acronyms[word] += 1
            previous = m
        for m in _DESIGNATION.finditer(line):
            self.designations[m.group()] += 1
            self.seen(m.group(), location, line, m.start(), m.end())


def _read_corpus(paths: Sequence[str], max_bytes: int) -> _Corpus:
    corpus = _Corpus()
    for source in iter_sources(paths):
        text = read_text(source.path, max_bytes)
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                corpus.add_line(line, f"{source.path}:{number}")
    return corpus


def _zipf(word: str) -> float:
    """wordfreq's Zipf frequency of an English word. wordfreq is imported here, on first use:
    it takes 0.2 s, which no other command should pay at start-up."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _is_english(word: str) -> bool:
    return _zipf(word.lower()) >= _KNOWN_ZIPF


def _fused(word: str) -> bool:
    """Two ordinary words run together (``andcalled``): a spacing problem, not a name."""
    return any(_zipf(word[:i]) >= _FUSED_ZIPF and _zipf(word[i:]) >= _FUSED_ZIPF for i in range(3, len(word) - 2))


def _close_spellings(corpus: _Corpus) -> list[Candidate]:
    from rapidfuzz.distance import Levenshtein  # only this command needs it: not imported at start-up

    names = [w for w, n in corpus.caps_mid.items() if len(w) >= MIN_NAME_LENGTH and w[1:].islower()]
    groups: dict[str, set[str]] = defaultdict(set)
    for word in names:
        groups[translit_key(word)].add(word)
    keys = sorted(k for k in groups if len(k) >= FUZZY_MIN_LENGTH)
    parent = {k: k for k in groups}

    def root(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    for i, a in enumerate(keys):  # one edit apart, but not one word plus a suffix (Syria/Syrian)
        for b in keys[i + 1 :]:
            if abs(len(a) - len(b)) > 1 or a[:3] != b[:3] or a.startswith(b) or b.startswith(a):
                continue
            if Levenshtein.distance(a, b, score_cutoff=1) <= 1:
                parent[root(b)] = root(a)
    merged: dict[str, set[str]] = defaultdict(set)
    for key, words in groups.items():
        merged[root(key)] |= words
    out = []
    for words in merged.values():
        if len(words) < 2 or all(_zipf(w.lower()) >= _COMMON_ZIPF for w in words):
            continue
        counts = {w: corpus.words[w] for w in words}
        canonical = max(sorted(words), key=lambda w: counts[w])
        out.append(_candidate(corpus, canonical, words, "entity", "close spellings of one name", counts))
    return out


def _lower_case_names(corpus: _Corpus) -> list[Candidate]:
    out = []
    for word, n in corpus.words.items():
        if not word.islower() or len(word) < MIN_NAME_LENGTH or _is_english(word) or _fused(word):
            continue
        title = word[0].upper() + word[1:]
        if corpus.after_name[word] == 0 and corpus.caps_mid[title] == 0:
            continue
        counts = {title: corpus.words[title], word: n}
        reason = "a name written in lower case (unknown to English, next to a capitalized name)"
        out.append(_candidate(corpus, title, {title, word}, "entity", reason, counts))
    return out


def _acronyms(corpus: _Corpus) -> list[Candidate]:
    out = []
    groups: dict[str, set[str]] = defaultdict(set)
    for spelling in corpus.designations:
        groups[spelling.upper()].add(spelling)
    for upper, spellings in groups.items():
        lowered = [s for s in spellings if s.split("-")[0].islower()]
        if not lowered and len(spellings) < 2:
            continue
        counts = {s: corpus.designations[s] for s in spellings}
        canonical = max(sorted(spellings - set(lowered)) or [upper], key=lambda s: counts.get(s, 0))
        reason = "a designation written in more than one case"
        out.append(_candidate(corpus, canonical, spellings | {canonical}, "term-case", reason, counts))
    for word, n in corpus.acronym_slot.items():
        upper = word.upper()
        if corpus.acronyms[upper] > 0 or (corpus.after_article[word] > 0 and corpus.before_acronym[word] > 0):
            counts = {upper: corpus.acronyms[upper], word: n}
            reason = f"an acronym in lower case ({n}× where an acronym goes); needs context conditions"
            out.append(_candidate(corpus, upper, {upper, word}, "term-case", reason, counts))
    return out


def _candidate(
    corpus: _Corpus, canonical: str, words: Iterable[str], kind: str, reason: str, counts: dict[str, int]
) -> Candidate:
    variants = sorted(w for w in words if w != canonical)
    examples = [loc for w in variants for loc in corpus.where.get(w, [])[:1]]
    return Candidate(canonical, variants, kind, reason, {k: v for k, v in counts.items() if v}, examples)


def suggest(corpus: _Corpus, limit: int = 15) -> list[Candidate]:
    """The candidates, strongest evidence first, at most ``limit``."""
    found = _close_spellings(corpus) + _lower_case_names(corpus) + _acronyms(corpus)
    unique: dict[str, Candidate] = {}
    for candidate in found:
        key = candidate.canonical.casefold()
        if key in unique:
            unique[key].variants = sorted(set(unique[key].variants) | set(candidate.variants))
        else:
            unique[key] = candidate
    ranked = sorted(unique.values(), key=lambda c: (-c.weight, c.canonical))
    return ranked[:limit]


def suggest_from_paths(
    paths: Sequence[str], limit: int = 15, max_bytes: int = DEFAULT_MAX_BYTES, lexicon: Lexicon | None = None
) -> list[Candidate]:
    candidates = suggest(_read_corpus(paths, max_bytes), limit)
    return [annotate(c, lexicon) for c in candidates] if lexicon is not None else candidates


def annotate(candidate: Candidate, lexicon: Lexicon) -> Candidate:
    """Prefer a spelling the lexicon already has as canonical; note entries that already cover it."""
    spellings = {candidate.canonical, *candidate.variants}
    known = [e.canonical for e in lexicon.entries if e.canonical in spellings]
    if known and candidate.canonical not in known:
        candidate.canonical = known[0]
        candidate.variants = sorted(spellings - {known[0]})
    candidate.covered = sorted({f"lexicon:{e.id}" for e in lexicon.entries if set(e.variants) & spellings})
    return candidate


def render_yaml(candidates: Sequence[Candidate]) -> str:
    """YAML stubs the lexicon loader accepts, evidence as comments above each entry."""
    lines = [
        "# Candidate entries mined by `mtnorm lexicon suggest`. Review each one: keep the right",
        "# canonical form, delete wrong variants, add context conditions and examples, then move",
        "# the entry into a lexicon file and run `mtnorm lexicon check`.",
        "entries:",
    ]
    if not candidates:
        lines[-1] = "entries: []"
    for c in candidates:
        counts = ", ".join(f"{w} ×{n}" for w, n in sorted(c.counts.items(), key=lambda p: (-p[1], p[0])))
        lines.append(f"  # {c.reason}: {counts}")
        if c.covered:
            lines.append(f"  #   already in the lexicon: {', '.join(c.covered)}")
        lines += [f"  #   {example}" for example in c.examples]
        lines.append(f"  - canonical: {json.dumps(c.canonical, ensure_ascii=False)}")
        lines.append(f"    variants: [{', '.join(json.dumps(v, ensure_ascii=False) for v in c.variants)}]")
        lines.append(f"    class: {c.kind}")
    return "\n".join(lines) + "\n"
