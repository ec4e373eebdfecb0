"""Documents the speed benchmarks and the before/after check run on.

Everything is built at run time from the bundled seeds, golden references and
test cases, and from the shared WMT files read where they lie (``--data``,
default /work/shared/data): nothing from the shared data is copied into the
project. Injected casing artifacts (a lower-case acronym, month or title
modifier; a displaced capital) are made by rules from those texts, so the
casing code paths that clean text never reaches are exercised too.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path("/work/shared/data")
CHUNK = 5_000  # characters: the "typical document" size
TITLE_MODIFIERS = ("Defense", "Defence", "Foreign", "Prime", "Interior", "Deputy", "Vice", "Finance", "Health", "Press")
MONTHS = "January February March April May June July August September October November December".split()


def wmt_files(data: Path = DATA) -> list[Path]:
    """The shared English MT files (WMT22 reference and systems, realmt-dev) that exist here."""
    wmt = data / "wmt22-ruen"
    files = [wmt / "ref.A.en", wmt / "hyp.Online-B.en", wmt / "hyp.Online-Y.en"]
    files += sorted((data / "realmt-dev").glob("wmt21.*.txt"))
    return [p for p in files if p.is_file()]


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """``text`` cut at line ends into pieces of about ``size`` characters."""
    out, current, length = [], [], 0
    for line in text.splitlines(keepends=True):
        current.append(line)
        length += len(line)
        if length >= size:
            out.append("".join(current))
            current, length = [], 0
    if current:
        out.append("".join(current))
    return out


def seeds() -> list[tuple[str, str]]:
    return [(f"seed/{p.name}", p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]


def five_kb_documents(data: Path = DATA) -> list[tuple[str, str]]:
    """The seeds plus 5 KB chunks of the WMT22 files: the "typical document" workload."""
    docs = seeds()
    for path in wmt_files(data)[:3]:
        docs += [(f"{path.name}#{i}", c) for i, c in enumerate(chunks(path.read_text(encoding="utf-8")))]
    return docs


def inject(text: str, rng: random.Random) -> Iterator[str]:
    """Variants of ``text`` with one casing artifact each, made by rule (lower-case acronym,
    month or title modifier; displaced capital at a paragraph or sentence start)."""
    acronyms = [m for m in re.finditer(r"(?<= )[A-Z]{2,5}(?=[ ,.])", text)]
    if acronyms:
        m = rng.choice(acronyms)
        yield text[: m.start()] + m.group().lower() + text[m.end() :]
    months = [m for m in re.finditer(r"\b(?:in|on|since|by|until) (" + "|".join(MONTHS) + r")\b", text)]
    if months:
        m = rng.choice(months)
        yield text[: m.start(1)] + m.group(1).lower() + text[m.end(1) :]
    titles = [m for m in re.finditer(r"(?<=[a-z] )(?:" + "|".join(TITLE_MODIFIERS) + r")(?= [A-Z])", text)]
    if titles:
        m = rng.choice(titles)
        yield text[: m.start()] + m.group().lower() + text[m.end() :]
    starts = [m for m in re.finditer(r"(?:^|(?<=[.!?] ))(The|A|In|On|This) ([a-z]{3,})\b", text, re.MULTILINE)]
    for m in rng.sample(starts, min(2, len(starts))):
        first, second = m.group(1), m.group(2)
        yield text[: m.start()] + first.lower() + " " + second.capitalize() + text[m.end() :]


def odd_document() -> str:
    """Characters that change length when lowered, final sigma, CRLF, mojibake, entities, no-break spaces."""
    return (
        "İstanbul and ΣΟΦΟΣ σοφος. The talks ended.\r\nthe Meeting resumed in june.\r\n"
        "cafÃ© au lait &amp; itâ€™s fine\u00a0here. nato met NATO.\r\n"
        "  indented code line nato\n\tanother\n“ quoted ” text , and $ 5 .\n"
    )


def check_corpus(data: Path = DATA, quick: bool = False) -> Iterator[tuple[str, str, str]]:
    """(name, options, text): every document of the before/after check.

    ``options`` is "" (the default pipeline) or "casing" (only the two casing classes).
    ``quick``: only the three WMT22 files of the shared data.
    Names that start with ``bug:`` are inputs whose output the speed issue changes on purpose.
    """
    rng = random.Random(15)
    seed_docs = seeds()
    for name, text in seed_docs:
        yield name, "", text
    for path in sorted((ROOT / "golden" / "reference").glob("*.txt")):
        yield f"golden-reference/{path.name}", "", path.read_text(encoding="utf-8")
    for i, line in enumerate((ROOT / "tests" / "data" / "casing_cases.tsv").read_text(encoding="utf-8").splitlines()):
        if line.strip() and not line.startswith("#"):
            yield f"casing_cases/{i}", "casing", line.split("\t")[0].replace("\\n", "\n")
    from normalizer.stages.encoding import CharacterStage, FtfyStage
    from normalizer.stages.grammar import GrammarStage
    from normalizer.stages.sentence_case import SentenceCaseStage
    from normalizer.stages.spacing import SpacingStage
    from normalizer.stages.term_case import TermCaseStage

    for stage in (FtfyStage, CharacterStage, TermCaseStage, SentenceCaseStage, SpacingStage, GrammarStage):
        for i, (before, _) in enumerate(stage.EXAMPLES):
            yield f"examples/{stage.name}/{i}", "", before
    joined = "\n\n".join(t for _, t in seed_docs)
    yield "seeds x1", "", joined
    yield "bug: seeds x50", "", "\n\n".join([joined] * 50)
    yield "bug: seeds x51", "", "\n\n".join([joined] * 51)
    yield "odd characters", "", odd_document()
    for path in wmt_files(data)[: 3 if quick else None]:
        text = path.read_text(encoding="utf-8")
        yield path.name, "", text
        for i, chunk in enumerate(chunks(text)):
            yield f"{path.name}#{i}", "", chunk
            for j, variant in enumerate(inject(chunk, rng)):
                yield f"{path.name}#{i}/inj{j}", "", variant
                yield f"{path.name}#{i}/inj{j}", "casing", variant
        if path.name == "ref.A.en":
            yield "ref.A.en crlf", "", text.replace("\n", "\r\n")
            yield "ref.A.en one line", "", " ".join(text.split("\n"))[:60_000]
            yield "ref.A.en no spaces", "", "".join(text.split())[:3_000]
