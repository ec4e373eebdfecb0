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
    first: int
    last: int
    body: str
    words: list[str]
    shingles: set[tuple[str, ...]]
    ends_sentence: bool


def duplicate_blocks(text: str, spans: list[tuple[int, int]], skip: Mapping[int, object]) -> Iterator[tuple[int, int, str, str]]:
    """Yield (first line, last line, rule, message) of blocks that duplicate others.

    Candidate pairs come from an index of shingles, so the cost grows with the
    number of shared shingles, not with the square of the number of blocks.
    """
    candidates = [(first, last) for first, last in _blocks(text, spans) if first not in skip]
    if len(candidates) < 2:  # fast path: one paragraph cannot copy another (no words, no shingles)
        return
    blocks = []
    for first, last in candidates:
        body = text[spans[first][0] : spans[last][1]]
        words = [w.lower() for w in _WORD.findall(body)]
        if len(words) < MIN_WORDS:
            continue
        shingles = {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
        blocks.append(_Block(first, last, body, words, shingles, bool(_SENTENCE_END.search(body))))
    if len(blocks) < 2:
        return
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, block in enumerate(blocks):
        for shingle in block.shingles:
            index[shingle].append(i)

    def shared_with(i: int) -> Counter[int]:
        counts: Counter[int] = Counter()
        for shingle in blocks[i].shingles:
            postings = index[shingle]
            if len(postings) <= MAX_POSTINGS:
                counts.update(j for j in postings if j != i)
        return counts

    dropped: set[int] = set()
    for i, block in enumerate(blocks):
        for j, shared in sorted(shared_with(i).items()):
            if j >= i or j in dropped:
                continue
            other = blocks[j]
            union = len(block.shingles) + len(other.shingles) - shared
            if block.words == other.words or shared / max(1, union) >= NEAR_EXACT:
                dropped.add(i)
                yield block.first, block.last, "boilerplate.duplicate", f"copy of the block at line {other.first + 1}"
                break
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
