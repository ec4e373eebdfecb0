"""mtnorm's result in the shape of LanguageTool's ``/v2/check`` answer.

Existing LanguageTool clients (language-tool-python, editor plug-ins, the Java
API client) read ``matches``: ``offset``/``length`` in UTF-16 code units (Java
string indices: an emoji counts 2), ``replacements``, ``rule.id``,
``rule.category``, ``message`` and ``context``. A client applies each match
to the text it sent, independently; mtnorm's edits are in input offsets but
each stage saw the previous stage's output, so two edits can overlap there (a
character removed, then the spaces around it joined). Matches are therefore
the *change regions* of the result (`reports.html.regions`, the same ones the
HTML report marks): non-overlapping input spans, each with the output text
that replaces it and the edits that made it. A client that applies every
match's first replacement gets exactly ``mtnorm fix``'s output.
``rule.category.id`` is the artifact class.

Annotated text (the ``data`` parameter: ``{"annotation": [{"text": ...},
{"markup": ..., "interpretAs": ...}]}``) is normalized as the text parts plus
each markup's ``interpretAs``; offsets in the answer count the markup too, as
LanguageTool's do, and a region that would change markup or reach across it is
not reported (a client cannot apply it to the text parts alone).
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..edits import Edit
from ..pipeline import Result
from ..reports.html import Region, regions
from ..version import __version__
from .requests import BadRequest

CONTEXT_CHARS = 40  # LanguageTool's default context size, each side
SENTENCE_CHARS = 300

#: LanguageTool's issue types (localization quality issue types) closest to each artifact class.
ISSUE_TYPES = {
    "encoding": "typographical",
    "boilerplate": "non-conformance",
    "entity": "misspelling",
    "term-case": "typographical",
    "sentence-case": "typographical",
    "spacing": "whitespace",
    "grammar": "grammar",
}

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "English (Australian)", "code": "en", "longCode": "en-AU"},
    {"name": "English (Canadian)", "code": "en", "longCode": "en-CA"},
    {"name": "English (New Zealand)", "code": "en", "longCode": "en-NZ"},
    {"name": "English (South African)", "code": "en", "longCode": "en-ZA"},
]
_BY_CODE = {lang["longCode"].lower(): lang for lang in LANGUAGES}


def language(code: str | None) -> dict[str, str]:
    """The language entry for a request's ``language`` (English only; ``auto`` is English)."""
    if not code:
        raise BadRequest("missing 'language' parameter (mtnorm checks English: en, en-US, en-GB, ... or auto)")
    key = code.strip().lower()
    if key == "auto" or key.startswith("auto"):
        return _BY_CODE["en-us"]
    if key in _BY_CODE:
        return _BY_CODE[key]
    if key.split("-")[0] == "en":
        return _BY_CODE["en"]
    raise BadRequest(f"language '{code}' is not supported: mtnorm checks English only (see GET /v2/languages)")


class Utf16:
    """Python (code point) offsets of one text to UTF-16 code units, as Java counts them."""

    def __init__(self, text: str) -> None:
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, index: int) -> int:
        return index + bisect_left(self.astral, index)


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


@dataclass(frozen=True)
class Segment:
    """A run of the normalized (plain) text and where it sits in the text the client sent."""

    plain_start: int
    plain_end: int
    sent_start: int
    is_text: bool


def parse_annotation(data: str) -> tuple[str, str, list[Segment]]:
    """``(text as sent, plain text, segments)`` of LanguageTool's annotated-text JSON."""
    try:
        parsed = json.loads(data)
    except json.JSONDecodeError as exc:
        raise BadRequest(f"'data' is not JSON: {exc.msg} at column {exc.colno}") from None
    items = parsed.get("annotation") if isinstance(parsed, dict) else None
    if not isinstance(items, list):
        raise BadRequest('\'data\' must be {"annotation": [{"text": ...} or {"markup": ..., "interpretAs": ...}, ...]}')
    sent: list[str] = []
    plain: list[str] = []
    segments: list[Segment] = []
    sent_pos = plain_pos = 0
    for number, item in enumerate(items):
        if not isinstance(item, dict) or not (("text" in item) ^ ("markup" in item)):
            raise BadRequest(f"'data' annotation item {number}: needs exactly one of 'text' or 'markup'")
        if "text" in item:
            shown, read, is_text = item["text"], item["text"], True
        else:
            shown, read, is_text = item["markup"], item.get("interpretAs", ""), False
        if not isinstance(shown, str) or not isinstance(read, str):
            raise BadRequest(f"'data' annotation item {number}: values must be strings")
        segments.append(Segment(plain_pos, plain_pos + len(read), sent_pos, is_text))
        sent.append(shown)
        plain.append(read)
        sent_pos += len(shown)
        plain_pos += len(read)
    return "".join(sent), "".join(plain), segments


def _to_sent(region: Region, segments: Sequence[Segment] | None) -> tuple[int, int] | None:
    """The region's span in the text as sent, or None if it changes or crosses markup."""
    if segments is None:
        return region.start, region.end
    for seg in segments:
        if seg.is_text and seg.plain_start <= region.start and region.end <= seg.plain_end:
            if region.start == region.end and not seg.plain_start < region.start < seg.plain_end:
                continue  # an insertion at a markup border: on which side is ambiguous
            shift = seg.sent_start - seg.plain_start
            return region.start + shift, region.end + shift
    return None


def check_response(
    result: Result,
    lang: dict[str, str],
    *,
    sent_text: str | None = None,
    segments: Sequence[Segment] | None = None,
) -> dict[str, Any]:
    """LanguageTool's JSON answer for one checked text."""
    sent = result.input if sent_text is None else sent_text
    to16 = Utf16(sent)
    matches = []
    for region in (part for whole in regions(result) for part in _split(whole, result.input)):
        region = _visible(region, result.input)
        span = _to_sent(region, segments)
        if span is not None:
            matches.append(_match(region, _explaining(region, result.edits), span, sent, to16))
    return {
        "software": {
            "name": "mtnorm",
            "version": __version__,
            "buildDate": "",
            "apiVersion": 1,
            "premium": False,
            "status": "",
        },
        "warnings": {"incompleteResults": False},
        "language": {
            "name": lang["name"],
            "code": lang["longCode"],
            "detectedLanguage": {"name": lang["name"], "code": lang["longCode"], "confidence": 1.0},
        },
        "matches": matches,
    }


def _split(region: Region, text: str) -> list[Region]:
    """One match per edit where the region is just edits side by side (``Donald trump .``: a name
    and a space), so each keeps its own rule and class; one match for edits that built on each other."""
    edits = sorted(region.edits, key=lambda e: (e.start, e.end))
    pairs = zip(edits, edits[1:], strict=False)
    if len(edits) < 2 or any(a.end > b.start or a.start == a.end == b.start for a, b in pairs):
        return [region]
    parts = [Region(e.start, e.end, e.before, e.replacement, [e]) for e in edits]
    rebuilt = "".join(
        text[prev.end if prev else region.start : part.start] + part.after
        for prev, part in zip([None, *parts], parts, strict=False)
    )
    if any(text[p.start : p.end] != p.before for p in parts) or rebuilt + text[parts[-1].end : region.end] != region.after:
        return [region]
    return parts


def _visible(region: Region, text: str) -> Region:
    """A pure insertion shown over the character after it (or before it, at the end):
    LanguageTool clients underline a span and expect ``length`` > 0."""
    if region.start != region.end or not text:
        return region
    if region.end < len(text):
        end = region.end + 1
        return Region(region.start, end, text[region.start : end], region.after + text[region.end], region.edits)
    start = region.start - 1
    return Region(start, region.end, text[start : region.end], text[start] + region.after, region.edits)


def _explaining(region: Region, edits: Sequence[Edit]) -> list[Edit]:
    """The region's edits; for a region found by the character-diff fallback, the nearest edit."""
    if region.edits:
        return list(region.edits)
    return [min(edits, key=lambda e: abs(e.start - region.start))]


def _match(region: Region, edits: list[Edit], span: tuple[int, int], sent: str, to16: Utf16) -> dict[str, Any]:
    start, end = span
    first = edits[0]
    message = "; ".join(dict.fromkeys(e.message or f"{e.kind}: {e.before!r} → {e.replacement!r}" for e in edits))
    left_from = max(0, start - CONTEXT_CHARS)
    right_to = min(len(sent), end + CONTEXT_CHARS)
    prefix = ("..." if left_from > 0 else "") + sent[left_from:start]
    context = prefix + sent[start:right_to] + ("..." if right_to < len(sent) else "")
    return {
        "message": message,
        "shortMessage": first.kind,
        "replacements": [{"value": region.after}],
        "offset": to16(start),
        "length": to16(end) - to16(start),
        "context": {
            "text": _one_line(context),
            "offset": utf16_len(prefix),
            "length": to16(end) - to16(start),
        },
        "sentence": _one_line(_line_around(sent, start, end)),
        "type": {"typeName": "Other"},
        "rule": {
            "id": first.rule,
            "description": first.message or first.rule,
            "issueType": ISSUE_TYPES.get(first.kind, "uncategorized"),
            "category": {"id": first.kind, "name": first.kind},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
        "mtnorm": {"edits": [{"rule": e.rule, "class": e.kind} for e in edits]},
    }


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def _line_around(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line[:SENTENCE_CHARS]
