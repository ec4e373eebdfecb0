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
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..edits import Edit, make_edit
from ..text import lines
from .base import Doc, Stage

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

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        spans = list(lines(text))
        removed: dict[int, tuple[str, str]] = {}
        for index, (start, end) in enumerate(spans):
            line = text[start:end].strip()
            if not line:
                continue
            for rule in doc.lexicon.boilerplate:
                if rule.pattern.fullmatch(line):
                    removed[index] = (f"lexicon:{rule.id}", f"boilerplate line: {rule.note or rule.id}")
                    break
        for first, last, rule_id, message in duplicate_blocks(text, spans, removed):
            for index in range(first, last + 1):
                removed[index] = (rule_id, message)
        return _deletions(text, spans, removed)


def _blocks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
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


@dataclass
class _Block:
    """One distinct block content (its first occurrence): shingles as hashes, nothing else kept."""

    first: int
    last: int
    shingles: frozenset[int]
    ends_sentence: bool


def _words(text: str, spans: list[tuple[int, int]], first: int, last: int) -> list[str]:
    return [w.lower() for w in _WORD.findall(text, spans[first][0], spans[last][1])]


def duplicate_blocks(text: str, spans: list[tuple[int, int]], skip: Mapping[int, object]) -> Iterator[tuple[int, int, str, str]]:
    """Yield (first line, last line, rule, message) of blocks that duplicate others.

    A block whose words repeat an earlier block's exactly is settled by a hash
    table, in constant time, however many copies there are: it goes with the
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
    blocks: list[_Block] = []
    first_seen: dict[tuple[int, int], list[int]] = {}  # (hash, length) of a block's words -> its blocks
    copies: list[tuple[int, int, int]] = []  # (first line, last line, block it repeats exactly)
    for first, last in candidates:
        words = _words(text, spans, first, last)
        if len(words) < MIN_WORDS:
            continue
        same = first_seen.setdefault((hash(tuple(words)), len(words)), [])
        earlier = next((k for k in same if _words(text, spans, blocks[k].first, blocks[k].last) == words), None)
        if earlier is not None:
            copies.append((first, last, earlier))
            continue
        same.append(len(blocks))
        shingles = frozenset(map(hash, zip(*(words[k:] for k in range(SHINGLE)), strict=False)))
        body_end = spans[last][1]
        blocks.append(_Block(first, last, shingles, bool(_SENTENCE_END.search(text, spans[first][0], body_end))))
    if len(blocks) + len(copies) < 2:
        return
    index: dict[int, list[int]] = defaultdict(list)
    for i, block in enumerate(blocks):
        for shingle in block.shingles:
            index[shingle].append(i)

    def shared_with(i: int) -> Counter[int]:
        counts: Counter[int] = Counter()
        for shingle in blocks[i].shingles:
            postings = index[shingle]
            if 1 < len(postings) <= MAX_POSTINGS:
                counts.update(postings)
        counts.pop(i, None)
        return counts

    def usable(shingle: int) -> bool:  # shared with another block, and not a stock phrase
        return 1 < len(index[shingle]) <= MAX_POSTINGS

    copy_of: dict[int, int] = {}  # dropped distinct block -> the earlier block it copies
    for i, block in enumerate(blocks):
        for j in _near_candidates(i, block, index, usable):
            if j in copy_of:
                continue
            other = blocks[j]
            small, large = sorted((len(block.shingles), len(other.shingles)))
            if small < NEAR_EXACT * large * (1 - 1e-9):
                continue  # sizes too far apart: shared / union <= small / large < NEAR_EXACT
            shared = sum(1 for shingle in block.shingles & other.shingles if usable(shingle))
            union = len(block.shingles) + len(other.shingles) - shared
            if shared / max(1, union) >= NEAR_EXACT:
                copy_of[i] = j
                yield block.first, block.last, "boilerplate.duplicate", f"copy of the block at line {other.first + 1}"
                break
    for first, last, earlier in copies:
        original = blocks[copy_of.get(earlier, earlier)]
        yield first, last, "boilerplate.duplicate", f"copy of the block at line {original.first + 1}"
    dropped = set(copy_of)
    for i, block in enumerate(blocks):
        if i in dropped or block.ends_sentence:
            continue
        sources = [j for j, n in shared_with(i).items() if j not in dropped and blocks[j].ends_sentence and n >= MIN_SHARED]
        if len(sources) < FRAGMENT_SOURCES:
            continue
        parts = [block.shingles & blocks[j].shingles for j in sources]
        coverage = len(set().union(*parts)) / max(1, len(block.shingles))
        best_single = max(len(part) for part in parts) / max(1, len(block.shingles))
        # a patchwork: together the sources cover it, no single one does (a headline
        # repeating its own lead is covered by that lead alone, and stays)
        if coverage >= FRAGMENT_COVERAGE and best_single < FRAGMENT_COVERAGE:
            dropped.add(i)
            yield (
                block.first,
                block.last,
                "boilerplate.scraped-fragment",
                f"fragment repeating other paragraphs ({coverage:.0%} of it)",
            )


def _near_candidates(i: int, block: _Block, index: dict[int, list[int]], usable) -> list[int]:
    """Earlier blocks that can be near-exact copies of ``block``, in order (prefix filtering).

    A copy shares at least ``NEAR_EXACT`` of the union of shingles, so at least
    ``t`` = ``NEAR_EXACT * len(block.shingles)`` usable shingles (the bound is
    taken one lower, against rounding). Any block sharing ``t`` of the block's
    ``n`` usable shingles shares one of any ``n - t + 1`` of them: the rarest are
    looked up, so the work per block does not grow with how often its common
    phrases recur elsewhere in the document.
    """
    shared = [shingle for shingle in block.shingles if usable(shingle)]
    least = max(1, int(NEAR_EXACT * len(block.shingles)) - 1)
    if len(shared) < least:
        return []
    shared.sort(key=lambda shingle: (len(index[shingle]), shingle))
    return sorted({j for shingle in shared[: len(shared) - least + 1] for j in index[shingle] if j < i})


def _deletions(text: str, spans: list[tuple[int, int]], removed: dict[int, tuple[str, str]]) -> list[Edit]:
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
