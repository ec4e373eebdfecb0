"""Text that belongs to the web page: lines named by the lexicon, and duplicated leads.

Removal is the most destructive edit mtnorm makes, so it happens only when a
lexicon rule names the whole line, or when a block of text is a duplicate of
another: an exact (or near-exact) copy of an earlier block, or a fragmentary
capture — a block that does not end like a sentence and whose word sequences
mostly occur in two or more other paragraphs, none of which covers it alone
(document 003's lead glued to a caption). A standfirst that repeats the first sentence of one paragraph (002)
is an ordinary part of a news page and stays.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate, chain, compress, repeat
from typing import TYPE_CHECKING

from ..edits import Edit, make_edit
from .base import Doc, Stage

if TYPE_CHECKING:
    from ..knowledge.lexicon import BoilerplateRule

SHINGLE = 4  # words per shingle
MIN_WORDS = 8  # shorter blocks are never treated as duplicates
NEAR_EXACT = 0.9  # Jaccard similarity to an earlier block that counts as a copy
FRAGMENT_COVERAGE = 0.5  # share of a fragment's shingles found in other blocks
FRAGMENT_SOURCES = 2  # ... in at least this many blocks: pieces of several paragraphs glued
MIN_SHARED = 2  # shingles a block must share to count as a source
MAX_POSTINGS = 50  # a shingle in more blocks than this is a stock phrase, not evidence
_SENTENCE_END = re.compile(r"[.!?…][”’\"')\]]*\s*$|[”\"]\s*$")
_WORD = re.compile(r"\w+")


class BoilerplateStage(Stage):
    name = "boilerplate"
    kinds = ("boilerplate",)
    runs_before_protection = True

    GATE_AFTER = 1000  # lines: compiling the one pattern of all rules costs what trying each rule on ~700 lines does

    def __init__(self) -> None:
        # the rules' matchers, made once per lexicon (the lexicon's rule list they were made from), and their
        # gate, made once the stage has read `GATE_AFTER` lines (a one-line file never pays for its compilation)
        self._made_for: list[BoilerplateRule] | None = None
        self._rules: list[tuple[BoilerplateRule, Callable[[str], object]]] = []
        self._gate: Callable[[str], object] | None = None
        self._lines_read = 0

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        spans = doc.lines
        removed: dict[int, tuple[str, str]] = {}
        if self._made_for is not doc.lexicon.boilerplate:
            self._rules = [(rule, rule.pattern.fullmatcher()) for rule in doc.lexicon.boilerplate]
            self._gate, self._lines_read = None, 0
            self._made_for = doc.lexicon.boilerplate
        if self._gate is None and self._lines_read < self.GATE_AFTER:
            self._lines_read += len(spans)
            if self._lines_read >= self.GATE_AFTER:
                self._gate = _any_rule(doc.lexicon.boilerplate)
        rules, gate = self._rules, self._gate
        for index, (start, end) in enumerate(spans):
            line = text[start:end].strip()
            if not line or (gate is not None and not gate(line)):
                continue
            for rule, fullmatch in rules:
                if fullmatch(line):
                    removed[index] = (f"lexicon:{rule.id}", f"boilerplate line: {rule.note or rule.id}")
                    break
        for first, last, rule_id, message in duplicate_blocks(text, spans, removed):
            for index in range(first, last + 1):
                removed[index] = (rule_id, message)
        return _deletions(text, spans, removed)


def _any_rule(rules: Sequence[BoilerplateRule]) -> Callable[[str], object] | None:
    """One pattern that matches a whole line where any of the rules does: most lines match none, and
    one search tells so instead of one per rule. Only when every rule is a trusted (shipped) ``re``
    pattern without groups and with the same flags."""
    patterns = [rule.pattern for rule in rules]
    if not patterns or not all(p.trusted and p.compiled.groups == 0 for p in patterns):
        return None
    flags = {p.compiled.flags for p in patterns}
    if len(flags) != 1:
        return None
    try:
        return re.compile("|".join(f"(?:{p.compiled.pattern})" for p in patterns), flags.pop()).fullmatch
    except re.error:  # a pattern with a global inline flag cannot sit inside another
        return None


def _blocks(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of non-blank lines, as (first line, last line)."""
    blocks, first = [], None
    for index, (start, end) in enumerate(spans):
        blank = not text[start:end].strip()
        if not blank and first is None:
            first = index
        if blank and first is not None:
            blocks.append((first, index - 1))
            first = None
    if first is not None:
        blocks.append((first, len(spans) - 1))
    return blocks


def _words(text: str, spans: Sequence[tuple[int, int]], first: int, last: int) -> list[str]:
    """The block's words, lower-cased: the block lowered in one call, then its words, where that gives
    the words' own lower case (no character changes whether it is ``\\w`` when lowered, but a capital
    sigma lowers by its context and İ to two characters); else each word lowered."""
    block = text[spans[first][0] : spans[last][1]]
    lowered = block.lower()
    if len(lowered) == len(block) and "Σ" not in block:
        return _WORD.findall(lowered)
    return [w.lower() for w in _WORD.findall(block)]


def _shingles(words: list[str]) -> set[int]:
    """The hashes of a block's word 4-grams (a set: a phrase said twice in one block counts once)."""
    return set(map(hash, zip(*(words[k:] for k in range(SHINGLE)), strict=False)))


class _Distinct:
    """The distinct block contents (first occurrences), as flat arrays: a 100 MB file holds millions of shingles.

    Block ``b``'s shingle hashes are ``hashes[starts[b]:starts[b + 1]]`` (8
    bytes each, where a frozenset of Python ints costs about 70, and one
    buffer for all: no heap of small objects left behind), and the ids of its
    usable shingles (`_Postings`) ``usable_keys[usable_starts[b]:usable_starts[b + 1]]``.
    """

    def __init__(self) -> None:
        self.first = array("q")
        self.last = array("q")
        self.ends_sentence = bytearray()
        self.hashes = array("q")
        self.starts = array("q", [0])
        self.usable_keys = array("i")
        self.usable_starts = array("q", [0])

    def __len__(self) -> int:
        return len(self.first)

    def add(self, first: int, last: int, shingles: set[int], ends_sentence: bool) -> None:
        self.first.append(first)
        self.last.append(last)
        self.ends_sentence.append(ends_sentence)
        self.hashes.extend(shingles)
        self.starts.append(len(self.hashes))

    def size(self, block: int) -> int:
        return self.starts[block + 1] - self.starts[block]

    def shingles(self, block: int) -> array[int]:
        return self.hashes[self.starts[block] : self.starts[block + 1]]

    def block_ids(self) -> Iterator[int]:
        """The block of each entry of ``hashes``, in order."""
        return chain.from_iterable(repeat(block, self.size(block)) for block in range(len(self)))

    def usable(self, block: int) -> array[int]:
        return self.usable_keys[self.usable_starts[block] : self.usable_starts[block + 1]]

    def set_usable(self, postings: _Postings) -> None:
        """Each block's usable shingle ids: ``postings`` (shingle -> blocks) turned around."""
        counts = [0] * len(self)
        for block in postings.blocks:
            counts[block] += 1
        self.usable_starts = array("q", accumulate(counts, initial=0))
        self.usable_keys = array("i", [0]) * len(postings.blocks)
        fill = self.usable_starts[:-1]
        for key in range(len(postings.hashes)):
            for block in postings.of(key):
                self.usable_keys[fill[block]] = key
                fill[block] += 1


class _Postings:
    """Usable shingles (in 2..`MAX_POSTINGS` distinct blocks): shingle id -> hash, and the blocks it occurs in, ascending.

    Built a hash bucket at a time (`_index`), so the whole document's shingles
    never sit in one dictionary: a shingle of one block only, or a stock phrase,
    leaves nothing behind.
    """

    def __init__(self) -> None:
        self.hashes = array("q")
        self.starts = array("q", [0])
        self.blocks = array("i")

    def add(self, shingle: int, blocks: list[int]) -> int:
        self.hashes.append(shingle)
        self.blocks.extend(blocks)
        self.starts.append(len(self.blocks))
        return len(self.hashes) - 1

    def count(self, key: int) -> int:
        return self.starts[key + 1] - self.starts[key]

    def of(self, key: int) -> array[int]:
        return self.blocks[self.starts[key] : self.starts[key + 1]]


_BUCKET_CHARS = 1 << 16  # one hash bucket per this many characters of text (a few thousand shingles each)
_ROUNDS = 4  # the buckets are filled and counted in this many rounds: a quarter of the postings in buckets at a time


def _index(
    text: str, spans: Sequence[tuple[int, int]], candidates: list[tuple[int, int]]
) -> tuple[_Distinct, list[tuple[int, int, int]], _Postings]:
    """The distinct blocks, the exact copies (first line, last line, block they repeat), and the usable shingles.

    A block whose words repeat an earlier block's exactly is settled by a hash
    table, however many copies there are; only distinct contents enter the
    shingle index. The usable shingles are found without a dictionary over all
    of them: the (hash, block) postings go to buckets by the hash's low bits, a
    round of buckets at a time, and each bucket is counted on its own.
    """
    distinct = _Distinct()
    first_seen: dict[tuple[int, int], list[int]] = {}  # (hash, length) of a block's words -> its blocks
    copies: list[tuple[int, int, int]] = []
    for first, last in candidates:
        words = _words(text, spans, first, last)
        if len(words) < MIN_WORDS:
            continue
        same = first_seen.setdefault((hash(tuple(words)), len(words)), [])
        earlier = next((k for k in same if _words(text, spans, distinct.first[k], distinct.last[k]) == words), None)
        if earlier is not None:
            copies.append((first, last, earlier))
            continue
        same.append(len(distinct))
        ends_sentence = bool(_SENTENCE_END.search(text, spans[first][0], spans[last][1]))
        distinct.add(first, last, _shingles(words), ends_sentence)
    del first_seen
    postings = _Postings()
    buckets = 1 << (len(text) // _BUCKET_CHARS).bit_length()
    if buckets == 1:  # a short text: one bucket, its postings read block by block (no copy of them)
        shared = _shared(Counter(distinct.hashes))
        for block in range(len(distinct)):
            for shingle in shared.keys() & distinct.shingles(block):
                shared[shingle].append(block)
        _keep(shared, postings)
        distinct.set_usable(postings)
        return distinct, copies, postings
    rounds = min(_ROUNDS, buckets)
    for round_ in range(rounds):
        for hashes, blocks in _round_buckets(distinct, buckets, rounds, round_):
            shared = _shared(Counter(hashes))
            if shared:
                for shingle, block in zip(hashes, blocks, strict=True):
                    found = shared.get(shingle)
                    if found is not None:
                        found.append(block)
                _keep(shared, postings)
    distinct.set_usable(postings)
    return distinct, copies, postings


def _round_buckets(distinct: _Distinct, buckets: int, rounds: int, round_: int) -> Iterator[tuple[array[int], array[int]]]:
    """(hashes, blocks) of each bucket of one round (bucket ``hash & (buckets - 1)``, round ``bucket % rounds``)."""
    mask, step = buckets - 1, rounds.bit_length() - 1
    bucket_hashes = [array("q") for _ in range(buckets // rounds)]
    bucket_blocks = [array("i") for _ in range(buckets // rounds)]
    # a bucket's round is its low bits, those of the hash's lowest byte: the round's shingles are picked in
    # C (`compress`), and Python sees only them (each round read every shingle before)
    chosen = _in_round(distinct.hashes, rounds, round_)
    for shingle, block in zip(compress(distinct.hashes, chosen), compress(distinct.block_ids(), chosen), strict=True):
        bucket = (shingle & mask) >> step
        bucket_hashes[bucket].append(shingle)
        bucket_blocks[bucket].append(block)
    for b in range(len(bucket_hashes)):
        hashes, blocks = bucket_hashes[b], bucket_blocks[b]
        bucket_hashes[b] = bucket_blocks[b] = array("q")  # each bucket is let go once counted
        yield hashes, blocks
        del hashes, blocks


def _in_round(hashes: array[int], rounds: int, round_: int) -> bytes:
    """For each hash, 1 when ``hash % rounds == round_`` (``rounds`` a power of two), else 0: a byte for
    each, from the lowest byte of each 8-byte hash (no list of Python ints)."""
    lowest = 0 if sys.byteorder == "little" else hashes.itemsize - 1  # the byte of a hash that holds its low bits
    return bytes(memoryview(hashes).cast("B")[lowest :: hashes.itemsize]).translate(_round_table(rounds, round_))


@lru_cache(maxsize=64)
def _round_table(rounds: int, round_: int) -> bytes:
    """A `bytes.translate` table: 1 for a lowest byte in the round, 0 for the others (up to 256 rounds)."""
    assert 0 < rounds <= 256 and rounds & (rounds - 1) == 0
    return bytes(int(b % rounds == round_) for b in range(256))


def _shared(counts: Counter[int]) -> dict[int, list[int]]:
    """The usable shingles among these counts (in 2..`MAX_POSTINGS` distinct blocks), each with an empty list of blocks."""
    return {shingle: [] for shingle, n in counts.items() if 1 < n <= MAX_POSTINGS}


def _keep(shared: dict[int, list[int]], postings: _Postings) -> None:
    """Add usable shingles and their blocks to ``postings``."""
    for shingle, found in shared.items():
        postings.add(shingle, found)


def duplicate_blocks(
    text: str, spans: Sequence[tuple[int, int]], skip: Mapping[int, object]
) -> Iterator[tuple[int, int, str, str]]:
    """Yield (first line, last line, rule, message) of blocks that duplicate others.

    A block whose words repeat an earlier block's exactly goes with the
    verdict of that first occurrence (a copy of it, or of what it copies). Only
    distinct contents enter the shingle index, so a paragraph repeated a
    thousand times is one posting, not a thousand, and a shingle counts as a
    stock phrase when it occurs in more than `MAX_POSTINGS` *different* blocks.
    Candidate pairs come from that index, so the cost grows with the number of
    shared shingles, not with the square of the number of blocks.
    """
    candidates = [(first, last) for first, last in _blocks(text, spans) if first not in skip]
    if len(candidates) < 2:  # fast path: one paragraph cannot copy another (no words, no shingles)
        return
    blocks, copies, postings = _index(text, spans, candidates)
    del candidates
    if len(blocks) + len(copies) < 2:
        return

    copy_of: dict[int, int] = {}  # dropped distinct block -> the earlier block it copies
    for i in range(len(blocks)):
        mine: set[int] | None = None
        for j in _near_candidates(i, blocks, postings):
            if j in copy_of:
                continue
            small, large = sorted((blocks.size(i), blocks.size(j)))
            if small < NEAR_EXACT * large * (1 - 1e-9):
                continue  # sizes too far apart: shared / union <= small / large < NEAR_EXACT
            if mine is None:
                mine = set(blocks.usable(i))
            shared = len(mine.intersection(blocks.usable(j)))
            union = blocks.size(i) + blocks.size(j) - shared
            if shared / max(1, union) >= NEAR_EXACT:
                copy_of[i] = j
                yield blocks.first[i], blocks.last[i], "boilerplate.duplicate", f"copy of the block at line {blocks.first[j] + 1}"
                break
    for first, last, earlier in copies:
        original = copy_of.get(earlier, earlier)
        yield first, last, "boilerplate.duplicate", f"copy of the block at line {blocks.first[original] + 1}"
    dropped = set(copy_of)
    for i in range(len(blocks)):
        if i in dropped or blocks.ends_sentence[i]:
            continue
        counts: Counter[int] = Counter()
        for key in blocks.usable(i):
            counts.update(postings.of(key))
        counts.pop(i, None)
        sources = [j for j, n in counts.items() if j not in dropped and blocks.ends_sentence[j] and n >= MIN_SHARED]
        if len(sources) < FRAGMENT_SOURCES:
            continue
        whole = set(blocks.shingles(i))
        parts = [whole.intersection(blocks.shingles(j)) for j in sources]
        coverage = len(set().union(*parts)) / max(1, len(whole))
        best_single = max(len(part) for part in parts) / max(1, len(whole))
        # a patchwork: together the sources cover it, no single one does (a headline
        # repeating its own lead is covered by that lead alone, and stays)
        if coverage >= FRAGMENT_COVERAGE and best_single < FRAGMENT_COVERAGE:
            dropped.add(i)
            yield (
                blocks.first[i],
                blocks.last[i],
                "boilerplate.scraped-fragment",
                f"fragment repeating other paragraphs ({coverage:.0%} of it)",
            )


def _near_candidates(i: int, blocks: _Distinct, postings: _Postings) -> list[int]:
    """Earlier blocks that can be near-exact copies of block ``i``, in order (prefix filtering).

    A copy shares at least ``NEAR_EXACT`` of the union of shingles, so at least
    ``t`` = ``NEAR_EXACT * size`` usable shingles (the bound is taken one lower,
    against rounding). Any block sharing ``t`` of the block's ``n`` usable
    shingles shares one of any ``n - t + 1`` of them: the rarest are looked up,
    so the work per block does not grow with how often its common phrases
    recur elsewhere in the document.
    """
    shared = list(blocks.usable(i))
    least = max(1, int(NEAR_EXACT * blocks.size(i)) - 1)
    if len(shared) < least:
        return []
    shared.sort(key=lambda key: (postings.count(key), postings.hashes[key]))
    return sorted({j for key in shared[: len(shared) - least + 1] for j in postings.of(key) if j < i})


def _deletions(text: str, spans: Sequence[tuple[int, int]], removed: dict[int, tuple[str, str]]) -> list[Edit]:
    """Delete removed lines with the blank line that separated them from the text."""
    edits: list[Edit] = []
    n = len(spans)

    def blank(i: int) -> bool:
        return not text[spans[i][0] : spans[i][1]].strip()

    index = 0
    while index < n:
        if index not in removed:
            index += 1
            continue
        first = last = index
        while last + 1 < n and (last + 1 in removed or (blank(last + 1) and last + 2 in removed)):
            last += 1
        rule, message = removed[first]
        after = last + 1
        while after < n and blank(after):
            after += 1
        if after >= n:
            # at the end: take the separating line breaks before the block instead
            before = first - 1
            while before >= 0 and blank(before):
                before -= 1
            start = spans[before][1] if before >= 0 else 0
            end = len(text) - 1 if text.endswith("\n") and start < len(text) - 1 else len(text)
        else:
            start = spans[first][0]
            opens_text = first == 0 or blank(first - 1)
            end = spans[after][0] if opens_text else spans[last + 1][0]
        edits.append(make_edit(text, start, end, "", "boilerplate", rule, message))
        index = max(last + 1, after if after < n else n)
    return edits
