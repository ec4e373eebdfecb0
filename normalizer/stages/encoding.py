"""Broken characters: mojibake, entities, control characters, odd spaces, broken quote pairs.

ftfy does the decoding repairs with an explicit configuration. Its default
``uncurl_quotes=True`` would straighten every curly quote, a change ARTIFACTS.md
forbids (57 unwanted edits on the seeds), so it is off. ftfy works line by line
here and only on lines that can need it, and its result is diffed back into
small edits so ``explain`` shows each repaired character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from ..edits import Edit, make_edit
from ..quotes import quote_pairs
from ..text import lines_holding
from .base import Doc, Stage

if TYPE_CHECKING:
    from ftfy import ExplanationStep

#: ftfy's settings (`ftfy.TextFixerConfig` fields), made into a config by `_ftfy` on first use
FTFY_SETTINGS: dict[str, object] = dict(
    unescape_html=True,
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=True,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=True,
    normalization="NFC",
    explain=True,
)


@lru_cache(maxsize=1)
def _ftfy() -> Callable[[str], tuple[str, list[ExplanationStep] | None]]:
    """ftfy, imported on the first line that can need it: most text is plain ASCII and typographic
    punctuation (`_NEEDS_FTFY`), and importing ftfy is about a third of mtnorm's start-up."""
    import ftfy

    config = ftfy.TextFixerConfig(**FTFY_SETTINGS)  # type: ignore[arg-type]
    return lambda line: ftfy.fix_and_explain(line, config=config)


DIFF_LIMIT = 4000  # characters; see _diff_edits

# Text that is plain ASCII with no entity, escape or control character cannot need ftfy. Nor can
# the typographic punctuation – — ‘ ’ “ ” …: in cp1252/1251/1250 these are UTF-8 continuation
# bytes and in MacRoman lead bytes with no continuation, so no re-decoding can succeed; they are
# NFC-stable and no other fixer of FTFY_CONFIG touches them (tests/test_fast_paths.py pins it).
# One character class first (an alternation of two is tried at every position): any other character,
# or an ``&`` that starts an entity.
_NEEDS_FTFY = re.compile(r"[^\x09\x0a\x20-\x25\x27-\x7e–—‘’“”…](?:(?<!&)|(?<=&)[#\w]+;)")


class FtfyStage(Stage):
    """Mojibake, HTML entities, control characters (ftfy, per line)."""

    name = "encoding"
    kinds = ("encoding",)
    runs_before_protection = True
    EXAMPLES = [
        ("cafÃ© au lait", "café au lait"),
        ("Tom &amp; Jerry said &#39;hi&#39;", "Tom & Jerry said 'hi'"),
        ("the “quoted” words stay curly", "the “quoted” words stay curly"),
        ("itâ€™s fine", "it’s fine"),
        ("bell\x07 rings", "bell rings"),
    ]

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        edits: list[Edit] = []
        if "\r" in text:
            for m in re.finditer(r"\r\n?", text):
                edits.append(
                    make_edit(text, m.start(), m.end(), "\n", "encoding", "encoding.line-break", "Windows or old Mac line break")
                )
        for start, end in _lines_needing_ftfy(text):
            line = text[start:end]
            fixed, steps = _ftfy()(line)
            fixed, steps = _settled(fixed, steps)
            if fixed == line:
                continue
            done = ", ".join(dict.fromkeys(step[1] for step in steps or []))
            edits.extend(
                _diff_edits(
                    text,
                    start,
                    line,
                    fixed,
                    f"broken characters repaired (ftfy: {done})" if done else "broken characters repaired",
                )
            )
        return edits


def _lines_needing_ftfy(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line holding a character `_NEEDS_FTFY` finds, in order, found by searching
    the whole text from the end of the last: the lines between are never searched one by one.
    A lone CR ends a line too (the line-break edits are the stage's own: ftfy's never swallow one);
    the break characters themselves are no line's."""
    pos = 0
    while (m := _NEEDS_FTFY.search(text, pos)) is not None:
        at = m.start()
        if text[at] == "\r":
            pos = at + 1
            continue
        start = text.rfind("\n", 0, at) + 1  # each search stops at the line's \n: linear
        start = text.rfind("\r", start, at) + 1 or start
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        cr = text.find("\r", at, end)
        end = end if cr < 0 else cr
        yield start, end
        pos = end


# a straight quote that closes a “ or opens a ”: (pattern with the quote as group 1, the curly mark whose
# pairing decides, its offset in the match, the curly form, message)
_QUOTE_PAIRS = (
    (re.compile(r'“[^“”"\n]*(")'), 0, "”", "opening “ closed by a straight quote"),
    (re.compile(r'(")[^“”"\n]*”'), -1, "“", "closing ” opened by a straight quote"),
)


class CharacterStage(Stage):
    """Odd spaces and invisible characters, and quote pairs broken by a straight quote."""

    name = "characters"
    kinds = ("encoding",)
    runs_before_protection = True
    EXAMPLES = [
        ("Shoigu.\u00a0Russia", "Shoigu. Russia"),
        ("ter\u200brorism", "terrorism"),
        ("anti\u00adterrorist", "antiterrorist"),
        ("10\u00a0000 people", "10\u00a0000 people"),
        ("on April\u00a03 near the Square”)\u00a0– the", "on April\u00a03 near the Square”)\u00a0– the"),
        ("Con lo spirito,\u00a0è come; [x]\u00a0©; NICIODATĂ\u00a0", "Con lo spirito,\u00a0è come; [x]\u00a0©; NICIODATĂ\u00a0"),
        ('he said “yes" and left', "he said “yes” and left"),
        ('he said "yes” and left', "he said “yes” and left"),
        ('"a" and “b”', '"a" and “b”'),
        ('“They called it "Legion.” he said', '“They called it "Legion.” he said'),
        ('“Choose "Legion, said the coach.”', '“Choose "Legion, said the coach.”'),
    ]

    # A no-break space between words is the writer's typography (`April\u00a03`); between two
    # sentences it is an artifact of the page (ARTIFACTS.md: inside words, and the seeds' `Shoigu.\u00a0Russia`).
    _ODD_SPACES = "\u00a0\u202f\u2007"
    _ODD_SPACE = re.compile(f"[{_ODD_SPACES}]" + r"(?<=[.!?].)(?=[“\"(]?[A-Z])")  # the space first: a fast scan
    _INVISIBLES = "\u200b\u2060\ufeff\u00ad"
    _INVISIBLE = re.compile(f"[{_INVISIBLES}]")

    def propose(self, doc: Doc) -> list[Edit]:
        text = doc.text
        if text.isascii():
            return []
        # each pattern only where one of its characters is: a search for one character skips along the text
        # in C, where a pattern that starts with a set of characters tests every character (a tenth of the time)
        edits = [
            make_edit(
                text, m.start(), m.end(), " ", "encoding", "encoding.odd-space", f"U+{ord(m.group()):04X} replaced by a space"
            )
            for m in (self._ODD_SPACE.finditer(text) if any(c in text for c in self._ODD_SPACES) else ())
        ]
        edits += [
            make_edit(text, m.start(), m.end(), "", "encoding", "encoding.invisible", f"invisible U+{ord(m.group()):04X} removed")
            for m in (self._INVISIBLE.finditer(text) if any(c in text for c in self._INVISIBLES) else ())
        ]
        for start, end in lines_holding(text, '"'):
            line = text[start:end]
            if line.count('"') % 2 == 0:
                continue
            _, unpaired = quote_pairs(text, start, end)
            for pattern, mark, quote, message in _QUOTE_PAIRS:
                for m in pattern.finditer(line):
                    curly = start + (m.start() if mark == 0 else m.end() - 1)
                    if curly not in unpaired:
                        continue  # the curly mark has its partner: the straight quote is nested inside
                    edits.append(
                        make_edit(text, start + m.start(1), start + m.end(1), quote, "encoding", "encoding.quote-pair", message)
                    )
        return edits


def _settled(fixed: str, steps: list | None) -> tuple[str, list | None]:
    """ftfy's repair of a line once the next stage's repairs (odd spaces, invisible characters) are made, until stable.

    ftfy reads a space next to a Latin-1 letter as a possible lost no-break byte, so a no-break space
    that the next stage turns into a space can make a line ftfy left alone decodable on a second run
    (``\xa0À\x86``: one run gives `` À†``, a second `` ˠ``). Repairing to the fixed point here keeps fix∘fix = fix.
    """
    for _ in range(3):
        spaced = CharacterStage._INVISIBLE.sub("", CharacterStage._ODD_SPACE.sub(" ", fixed))
        if spaced == fixed:
            break
        again, more = _ftfy()(spaced)
        if again == spaced:
            break
        fixed, steps = again, [*(steps or []), *(more or [])]
    return fixed, steps


def _diff_edits(text: str, offset: int, old: str, new: str, message: str) -> list[Edit]:
    """Smallest edits that turn ``old`` (at ``offset`` in ``text``) into ``new``.

    The common prefix and suffix are cut first; a changed middle longer than
    `DIFF_LIMIT` becomes one edit, because character diffs grow with the square
    of the length and a line can be megabytes long.
    """
    head = 0
    limit = min(len(old), len(new))
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]:
        tail += 1
    old_mid, new_mid = old[head : len(old) - tail], new[head : len(new) - tail]
    base = offset + head
    if len(old_mid) > DIFF_LIMIT or len(new_mid) > DIFF_LIMIT:
        return [make_edit(text, base, base + len(old_mid), new_mid, "encoding", "encoding.ftfy", message)]
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old_mid, new_mid, autojunk=False).get_opcodes():
        if op != "equal":
            out.append(make_edit(text, base + i1, base + i2, new_mid[j1:j2], "encoding", "encoding.ftfy", message))
    return out
