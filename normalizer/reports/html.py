"""One self-contained HTML page that shows a person what a run changed.

A reviewer wants to see the edits *in* the text, not a listing of offsets, so
each changed document is printed with every change marked where it happened:
the original span struck through, the replacement next to it, coloured by its
artifact class, with rule ids and messages on hover (``title``). The page has
no external resources and no script (a Content-Security-Policy forbids both),
so it can be mailed or attached to a ticket and opened anywhere; every piece
of document text is HTML-escaped.

Where the marks go: a `Result` carries each stage's edits in that stage's own
coordinates (``result.offsets.stages``). Replaying them tells, for every input
character, whether it survives untouched and where it lands in the output.
The runs of consumed input and fresh output between two survivors are the
change regions; the edits whose input spans fall in a region annotate it. This
is exact, unlike a character diff, and costs one pass per stage.
"""

from __future__ import annotations

import difflib
import html
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..edits import ARTIFACT_CLASSES, Edit
from ..io import atomic_write
from ..pipeline import Result
from ..version import __version__

#: One colour per artifact class (Okabe–Ito based: tells classes apart for most colour-blind readers).
CLASS_COLOURS: dict[str, str] = {
    "encoding": "#d55e00",
    "boilerplate": "#cc79a7",
    "entity": "#0072b2",
    "term-case": "#56b4e9",
    "sentence-case": "#009e73",
    "spacing": "#e69f00",
    "grammar": "#6a3d9a",
}
_OTHER_COLOUR = "#666666"

#: Unchanged stretches longer than this many lines are folded (in a <details>, still in the page).
CONTEXT_LINES = 3


@dataclass(frozen=True)
class ReportDocument:
    """One changed document: its display name and the normalizer's result."""

    name: str
    result: Result


@dataclass
class Region:
    """``input[start:end]`` became ``after``; ``edits`` are the edits that did it."""

    start: int
    end: int
    before: str
    after: str
    edits: list[Edit] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        present = {e.kind for e in self.edits}
        ordered = [k for k in ARTIFACT_CLASSES if k in present]
        return ordered + sorted(present - set(ordered))


def _survivors(result: Result) -> list[tuple[int, int, int]]:
    """Runs of input characters no edit touched: ``(input start, output start, length)``, in order.

    Runs rather than characters, so a stage costs O(runs + edits), not O(text).
    """
    runs = [(0, 0, len(result.input))] if result.input else []
    for stage in getattr(result.offsets, "stages", ()):
        edits = stage.edits
        moved: list[tuple[int, int, int]] = []
        k = 0
        shift = 0  # length change of the edits wholly before ``pos`` (an insertion at pos is before it)
        for i, o, n in runs:
            pos, end = o, o + n
            while pos < end:
                while k < len(edits) and edits[k].end <= pos:
                    shift += len(edits[k].replacement) - (edits[k].end - edits[k].start)
                    k += 1
                if k < len(edits) and edits[k].start <= pos:  # inside an edit: consumed
                    pos = min(end, edits[k].end)
                    continue
                stop = min(end, edits[k].start) if k < len(edits) else end
                moved.append((i + pos - o, pos + shift, stop - pos))
                pos = stop
        runs = moved
    return runs


def _exact_regions(result: Result) -> list[Region] | None:
    """Change regions from replaying the stage edits; None if the replay disagrees with the output."""
    source, target = result.input, result.text
    found = []
    prev_i = prev_o = 0
    for i, o, n in [*_survivors(result), (len(source), len(target), 0)]:
        if i < prev_i or o < prev_o or target[o : o + n] != source[i : i + n]:
            return None
        if i > prev_i or o > prev_o:
            found.append(Region(prev_i, i, source[prev_i:i], target[prev_o:o]))
        prev_i, prev_o = i + n, o + n
    return found


def _diff_regions(result: Result) -> list[Region]:
    """Fallback for results without usable stage maps: a character diff."""
    matcher = difflib.SequenceMatcher(None, result.input, result.text, autojunk=False)
    return [
        Region(a1, a2, result.input[a1:a2], result.text[b1:b2]) for op, a1, a2, b1, b2 in matcher.get_opcodes() if op != "equal"
    ]


def regions(result: Result) -> list[Region]:
    """The change regions of a result, in input order, each with the edits that explain it."""
    found = _exact_regions(result)
    if found is None:
        found = _diff_regions(result)
    starts = [r.start for r in found]
    for edit in result.edits:
        k = bisect_right(starts, edit.start) - 1
        candidates = [j for j in (k, k + 1) if 0 <= j < len(found)]
        best = next((j for j in candidates if found[j].start <= edit.start <= found[j].end), None)
        if best is None and found:
            best = min(range(len(found)), key=lambda j: abs(found[j].start - edit.start))
        if best is not None:
            found[best].edits.append(edit)
    return found


_SYMBOLS = {" ": "␣", "\t": "⇥", "\u00a0": "⍽"}


def _visible(text: str, *, keep_newlines: bool) -> str:
    """Escaped text where invisible characters are shown (a struck zero-width space must be seen)."""
    whitespace_only = text.strip() == ""
    out = []
    for ch in text:
        if ch == "\n":
            if whitespace_only:
                out.append("↵\n" if keep_newlines else "↵")
            else:
                out.append("\n")
        elif whitespace_only and ch in _SYMBOLS:
            out.append(_SYMBOLS[ch])
        elif ch != " " and unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn"):
            out.append(f"⟨U+{ord(ch):04X}⟩")
        else:
            out.append(ch)
    return html.escape("".join(out), quote=True)


def _fold(text: str) -> str:
    """Escaped unchanged text; long stretches keep a few lines of context and fold the rest."""
    lines = text.split("\n")
    if len(lines) <= 2 * CONTEXT_LINES + 3:
        return html.escape(text, quote=True)
    head = "\n".join(lines[: CONTEXT_LINES + 1])
    middle = "\n".join(lines[CONTEXT_LINES + 1 : -CONTEXT_LINES - 1]) + "\n"
    tail = "\n".join(lines[-CONTEXT_LINES - 1 :])
    hidden = len(lines) - 2 * CONTEXT_LINES - 2
    return (
        f"{html.escape(head, quote=True)}\n"
        f'<details class="fold"><summary>{hidden} unchanged lines</summary>{html.escape(middle, quote=True)}</details>'
        f"{html.escape(tail, quote=True)}"
    )


def _title(region: Region) -> str:
    lines = []
    for e in region.edits:
        line = f"{e.kind} · {e.rule}"
        if e.message:
            line += f": {e.message}"
        lines.append(line)
    if not lines:
        lines.append("change")
    return "\n".join(lines)


def _mark(region: Region) -> str:
    kinds = region.kinds
    primary = kinds[0] if kinds else "other"
    rules = " ".join(dict.fromkeys(e.rule for e in region.edits))
    parts = [
        f'<span class="edit k-{html.escape(primary)}" data-kind="{html.escape(primary)}" '
        f'data-kinds="{html.escape(" ".join(kinds))}" data-rules="{html.escape(rules)}" '
        f'title="{html.escape(_title(region), quote=True)}">'
    ]
    if region.before:
        parts.append(f"<del>{_visible(region.before, keep_newlines=False)}</del>")
    if region.after:
        parts.append(f"<ins>{_visible(region.after, keep_newlines=True)}</ins>")
    parts.append("</span>")
    return "".join(parts)


def render_text(result: Result) -> str:
    """The document's text as HTML with every change region marked."""
    out = []
    pos = 0
    for region in regions(result):
        out.append(_fold(result.input[pos : region.start]))
        out.append(_mark(region))
        pos = region.end
    out.append(_fold(result.input[pos:]))
    return "".join(out)


def _counts(result: Result) -> dict[str, int]:
    counts: dict[str, int] = {}
    for edit in result.edits:
        counts[edit.kind] = counts.get(edit.kind, 0) + 1
    return counts


def _classes(counts: Iterable[dict[str, int]]) -> list[str]:
    present: set[str] = set()
    for c in counts:
        present.update(c)
    return list(ARTIFACT_CLASSES) + sorted(present - set(ARTIFACT_CLASSES))


def _css(classes: Sequence[str]) -> str:
    rules = [
        "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:70rem;"
        "padding:1rem 1.5rem;color:#1b1b1b;background:#fff}",
        "h1{font-size:1.5rem;margin:.2rem 0 .6rem}h2{font-size:1.15rem;margin:0 0 .4rem;word-break:break-all}",
        "table{border-collapse:collapse;margin:.4rem 0 1rem}th,td{border:1px solid #ddd;padding:.2rem .5rem;"
        "text-align:right}th:first-child,td:first-child{text-align:left}thead th{background:#f4f4f4}",
        ".legend{display:flex;flex-wrap:wrap;gap:.4rem 1rem;list-style:none;padding:0;margin:.4rem 0 1rem}",
        ".swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;vertical-align:-2px;margin-right:.3rem}",
        ".doc{border-top:2px solid #e3e3e3;padding-top:.8rem;margin-top:1.2rem}",
        ".chips{list-style:none;padding:0;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.3rem .9rem}",
        "pre.text{white-space:pre-wrap;word-wrap:break-word;font:14px/1.6 ui-monospace,'DejaVu Sans Mono',"
        "Menlo,monospace;background:#fbfbf8;border:1px solid #e6e6e0;padding:.8rem;border-radius:4px}",
        ".edit{border-bottom:2px solid;border-radius:2px;padding:0 1px;cursor:help}",
        ".edit del{text-decoration:line-through;text-decoration-thickness:2px;color:#7a1f1f;opacity:.8}",
        ".edit ins{text-decoration:none;font-weight:600}",
        ".edit del+ins{margin-left:2px}",
        "details.fold{display:block;color:#555}details.fold summary{cursor:pointer;color:#888;font-style:italic}",
        ".muted{color:#666}a{color:#0b5cad}",
    ]
    for kind in [*classes, "other"]:
        colour = CLASS_COLOURS.get(kind, _OTHER_COLOUR)
        rules.append(f".k-{kind}{{border-bottom-color:{colour};background-color:{colour}26}}")
        rules.append(f".sw-{kind}{{background:{colour}}}")
    return "\n".join(rules)


def _swatch(kind: str) -> str:
    return f'<span class="swatch sw-{html.escape(kind)}"></span>'


def render_report(documents: Iterable[ReportDocument], *, title: str = "mtnorm report") -> str:
    """The whole page as a string (one section per document, in the order given)."""
    docs = list(documents)
    counts = [_counts(d.result) for d in docs]
    classes = _classes(counts)
    totals = {k: sum(c.get(k, 0) for c in counts) for k in classes}
    touched = {k: sum(1 for c in counts if c.get(k)) for k in classes}
    esc = html.escape

    legend = "".join(
        f'<li class="legend-item" data-kind="{esc(k)}">{_swatch(k)}{esc(k)} '
        f'<span class="muted">(<span class="total" data-kind="{esc(k)}">{totals[k]}</span>)</span></li>'
        for k in classes
    )
    overall_rows = "".join(
        f'<tr data-kind="{esc(k)}"><td>{_swatch(k)}{esc(k)}</td><td class="docs">{touched[k]}</td>'
        f'<td class="count">{totals[k]}</td></tr>'
        for k in classes
    )
    overall_rows += (
        f'<tr class="all"><th>all classes</th><th class="docs">{len(docs)}</th><th class="count">{sum(totals.values())}</th></tr>'
    )
    header_cells = "".join(f'<th title="{esc(k)}">{_swatch(k)}{esc(k)}</th>' for k in classes)
    toc_rows = []
    sections = []
    for n, (doc, c) in enumerate(zip(docs, counts, strict=True), start=1):
        anchor = f"doc-{n}"
        cells = "".join(f'<td data-kind="{esc(k)}">{c.get(k, 0) or ""}</td>' for k in classes)
        toc_rows.append(
            f'<tr><td><a href="#{anchor}">{esc(doc.name)}</a></td>{cells}<td class="count">{sum(c.values())}</td></tr>'
        )
        chips = "".join(
            f'<li class="chip" data-kind="{esc(k)}">{_swatch(k)}{esc(k)} <b class="count">{c[k]}</b></li>'
            for k in classes
            if c.get(k)
        )
        sections.append(
            f'<section class="doc" id="{anchor}" data-name="{esc(doc.name, quote=True)}">'
            f"<h2>{esc(doc.name)}</h2>"
            f'<ul class="chips">{chips}<li class="muted">{sum(c.values())} edits · '
            f"{len(doc.result.input)} → {len(doc.result.text)} characters</li></ul>"
            f'<pre class="text">{render_text(doc.result)}</pre></section>'
        )
    body_docs = (
        f'<table class="docs"><thead><tr><th>document</th>{header_cells}<th>edits</th></tr></thead>'
        f"<tbody>{''.join(toc_rows)}</tbody></table>{''.join(sections)}"
        if docs
        else '<p class="empty">No document changed.</p>'
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>\n{_css(classes)}\n</style></head>\n<body>"
        f"<h1>{esc(title)}</h1>"
        f'<p class="muted">mtnorm {esc(__version__)} · {len(docs)} changed documents · '
        f"{sum(totals.values())} edits. Struck text is the original, bold text its replacement; "
        "hover a mark for its rule.</p>"
        f'<ul class="legend">{legend}</ul>'
        f'<table class="overall"><thead><tr><th>class</th><th>documents</th><th>edits</th></tr></thead>'
        f"<tbody>{overall_rows}</tbody></table>"
        f"{body_docs}</body></html>\n"
    )


def write_report(path: str | Path, documents: Iterable[ReportDocument], *, title: str = "mtnorm report") -> None:
    """Render and write the page atomically (a temporary file renamed into place)."""
    atomic_write(path, render_report(documents, title=title))
