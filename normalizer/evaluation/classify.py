"""The artifact class of a token edit: from the normalizer, from a reference's
``.edits.tsv``, or by rules.

A system run knows the class of every character edit it made (`Result.edits`);
a token edit takes the class of the character edits inside its span. A
reference may come with an ``.edits.tsv`` (``line, class, before, after,
note``, as in the shared reference) naming the class of each of its edits.
When neither is there (``--hyp`` outputs, references without a table), the
same rules classify both sides, so a class means the same on either side.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ftfy

from ..edits import ARTIFACT_CLASSES, Edit
from ..errors import InputError
from .align import TokenEdit
from .tokens import NEWLINE, Token

_SENTENCE_END = re.compile(r"[.!?:][\"”’')\]]*$")
_GRAMMAR_WORDS = {"a", "an", "the"}


@dataclass(frozen=True)
class TableRow:
    """One row of an ``.edits.tsv``: the reference's own account of one edit."""

    line: int
    kind: str
    before: str
    after: str


def read_table(path: Path) -> list[TableRow]:
    """Rows of an ``.edits.tsv``; a bad row is an `InputError` naming file and line."""
    rows: list[TableRow] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            for number, fields in enumerate(reader, start=1):
                if number == 1 and fields[:2] == ["line", "class"]:
                    continue
                if not fields or not "".join(fields).strip():
                    continue
                if len(fields) < 2 or not fields[0].strip().isdigit():
                    raise InputError(str(path), f"line {number}: expected 'line<TAB>class<TAB>before<TAB>after'")
                kind = fields[1].strip()
                if kind not in ARTIFACT_CLASSES:
                    raise InputError(str(path), f"line {number}: unknown class {kind!r}")
                padded = [*fields, "", ""]
                rows.append(TableRow(int(fields[0]), kind, padded[2], padded[3]))
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8") from None
    return rows


def char_span(raw: Sequence[Token], edit: TokenEdit) -> tuple[int, int]:
    """The RAW characters an edit covers (an insertion: the point before token ``i1``)."""
    if edit.i2 > edit.i1:
        return raw[edit.i1].start, raw[edit.i2 - 1].end
    point = raw[edit.i1].start if edit.i1 < len(raw) else raw[-1].end
    return point, point


def lines_of(raw: Sequence[Token], edit: TokenEdit) -> tuple[int, int]:
    """First and last RAW line an edit touches."""
    if edit.i2 > edit.i1:
        return raw[edit.i1].line, raw[edit.i2 - 1].line
    line = raw[min(edit.i1, len(raw) - 1)].line
    return line, line


class EditIndex:
    """The normalizer's character edits of one file, found by place without scanning them all."""

    REACH = 3  # characters: how far a token edit may be from the character edit that explains it

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.edits = sorted(edits, key=lambda e: (e.start, e.end))
        self.starts = [e.start for e in self.edits]
        self.max_end: list[int] = []
        for e in self.edits:
            self.max_end.append(max(e.end, self.max_end[-1] if self.max_end else e.end))

    def near(self, start: int, end: int) -> list[Edit]:
        """Edits that overlap ``[start, end)`` or lie within `REACH` characters of it."""
        hi = bisect_right(self.starts, end + self.REACH)
        lo = hi
        while lo > 0 and self.max_end[lo - 1] >= start - self.REACH:
            lo -= 1
        return [e for e in self.edits[lo:hi] if e.end >= start - self.REACH]


def from_result(raw: Sequence[Token], edit: TokenEdit, index: EditIndex) -> str | None:
    """The class of the normalizer edit that overlaps this token edit most (nearest if none overlaps)."""
    start, end = char_span(raw, edit)
    best: tuple[float, str] | None = None
    for e in index.near(start, end):
        overlap = min(end, max(e.end, e.start + 1)) - max(start, e.start)
        gap = max(e.start - end, start - e.end, 0)
        score = overlap if overlap > 0 else -gap - 0.5
        if best is None or score > best[0]:
            best = (score, e.kind)
    if best is None or best[0] < -EditIndex.REACH:
        return None
    return best[1]


def from_table(raw: Sequence[Token], edit: TokenEdit, rows: Sequence[TableRow], text: str) -> str | None:
    """The class of the table row on the edit's lines that fits it best.

    Best is a row whose ``before`` occurs in RAW over the edit's characters
    (two rows on one line can share a word: ``foreign Minister of Russia`` and
    ``Minister of foreign Affairs``), then the row sharing most words with the
    edit, then the first row on the line.
    """
    first, last = lines_of(raw, edit)
    candidates = [r for r in rows if first <= r.line <= last]
    if not candidates:
        return None
    start, end = char_span(raw, edit)
    old = [_bare(t).lower() for t in edit.old if t != NEWLINE]
    new = [_bare(t).lower() for t in edit.new if t != NEWLINE]

    def covers(row: TableRow) -> bool:
        if not row.before.strip():
            return False
        at = text.find(row.before)
        while at != -1:
            if at < max(end, start + 1) and start < at + len(row.before):
                return True
            at = text.find(row.before, at + 1)
        return False

    def fit(row: TableRow) -> tuple[bool, int]:
        before, after = row.before.lower(), row.after.lower()
        return covers(row), sum(bool(t) and t in before for t in old) + sum(bool(t) and t in after for t in new)

    return max(candidates, key=fit).kind


def by_rules(raw: Sequence[Token], edit: TokenEdit, lexicon_classes: dict[str, str]) -> str:
    """A class from the shape of the edit alone, for edits nobody has labelled.

    Deleted (or added) whole lines are boilerplate; a word deleted or added
    inside a line, or an article swapped, is grammar;
    words glued or split are spacing; a change of case is sentence-case when it raises a
    sentence's first word, else takes the lexicon's class when the new word is
    a canonical form, else is sentence-case when it only lowers a displaced
    capital, else term-case; odd characters that
    change are encoding; any other change of a word is entity when the lexicon
    knows the new word, else grammar.
    """
    old, new = edit.old, edit.new
    words_old = [t for t in old if t != NEWLINE]
    words_new = [t for t in new if t != NEWLINE]
    if not words_old or not words_new:
        if not words_old and not words_new:  # only line breaks
            return "boilerplate" if not new else "spacing"
        if _whole_lines(raw, edit):
            return "boilerplate"
        return "grammar"  # a word dropped or added inside a line: doubled word, article
    if "".join(words_old) == "".join(words_new):
        return "spacing"
    joined_old, joined_new = " ".join(words_old), " ".join(words_new)
    if joined_old.lower() == joined_new.lower():
        if joined_new[:1].isupper() and joined_old[:1].islower() and _starts_sentence(raw, edit.i1):
            return "sentence-case"
        known = lexicon_classes.get(_bare(joined_new))
        if known:
            return known
        pairs = list(zip(joined_old, joined_new, strict=True))
        if not any(a.islower() and b.isupper() for a, b in pairs):
            return "sentence-case"  # only capitals lowered: the displaced capital
        return "term-case"
    if _bare(joined_old).lower() in _GRAMMAR_WORDS and _bare(joined_new).lower() in _GRAMMAR_WORDS:
        return "grammar"
    if _is_encoding(joined_old, joined_new):
        return "encoding"
    return lexicon_classes.get(_bare(joined_new), "entity" if joined_new[:1].isupper() else "grammar")


def _is_encoding(old: str, new: str) -> bool:
    """ftfy would make this very change, or it only drops invisible characters."""
    if not any(not c.isascii() or unicodedata.category(c) in ("Cc", "Cf") for c in old + new):
        return False
    if ftfy.fix_text(old, uncurl_quotes=False) == new:
        return True
    return "".join(c for c in old if unicodedata.category(c) not in ("Cc", "Cf")) == new


def _whole_lines(raw: Sequence[Token], edit: TokenEdit) -> bool:
    """A deletion of whole lines, or an insertion that brings its own line break."""
    if not edit.old:
        return NEWLINE in edit.new
    if NEWLINE in edit.old:
        return True
    before = edit.i1 == 0 or raw[edit.i1 - 1].text == NEWLINE
    after = edit.i2 >= len(raw) or raw[edit.i2].text == NEWLINE
    return before and after


def _bare(word: str) -> str:
    return word.strip(".,;:!?\"'“”‘’()[]")


def _starts_sentence(raw: Sequence[Token], index: int) -> bool:
    if index == 0:
        return True
    previous = raw[index - 1].text
    return previous == NEWLINE or bool(_SENTENCE_END.search(previous))


def lexicon_word_classes(entries: Sequence[object]) -> dict[str, str]:
    """Canonical forms (and their single words) of the lexicon → entity or term-case."""
    out: dict[str, str] = {}
    for entry in entries:
        canonical, kind = getattr(entry, "canonical", ""), getattr(entry, "kind", "")
        if kind not in ("entity", "term-case") or not canonical:
            continue
        for word in [canonical, *canonical.split()]:
            if not _bare(word).islower():
                out.setdefault(_bare(word), kind)
    return out
