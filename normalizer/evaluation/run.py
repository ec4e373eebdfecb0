"""Pairing RAW, REF and HYP files, and one evaluation run over them.

Files are paired by their path relative to the RAW folder (or taken as given
when RAW is a file). A missing reference is an error naming the file; a
missing HYP file counts as no edits, as in ``score.py``. Without HYP the
normalizer given runs on each RAW file and its own edits carry their class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, UsageError
from ..io import DEFAULT_MAX_BYTES, read_text
from ..pipeline import Normalizer
from .classify import read_table
from .score import Judged, judge_file

TABLE_SUFFIX = ".edits.tsv"


@dataclass(frozen=True)
class Pair:
    """One RAW file, its reference (None for clean text) and the output to judge (None: normalize RAW)."""

    name: str
    raw: Path
    ref: Path | None
    hyp: Path | None


@dataclass
class Evaluation:
    """All judged edits of a run, the words read and the files seen."""

    judged: list[Judged] = field(default_factory=list)
    words: int = 0
    files: list[str] = field(default_factory=list)

    def of(self, verdict: str) -> list[Judged]:
        return [j for j in self.judged if j.verdict == verdict]


def pair_files(raw: str, ref: str | None, hyp: str | None) -> list[Pair]:
    """RAW/REF/HYP paired by relative path; all files, or all folders."""
    raw_path = Path(raw)
    if not raw_path.exists():
        raise InputError(raw, "no such file or directory")
    for other, what in ((ref, "REF"), (hyp, "HYP")):
        if other is not None and Path(other).exists() and Path(other).is_dir() != raw_path.is_dir():
            raise UsageError(f"eval: RAW {raw} and {what} {other} must both be files or both be folders")
        if other is not None and not Path(other).exists():
            raise InputError(other, "no such file or directory")
    if raw_path.is_dir():
        names = sorted(p.relative_to(raw_path).as_posix() for p in raw_path.rglob("*.txt") if p.is_file() and not p.is_symlink())
        if not names:
            raise InputError(raw, "no *.txt files in this folder")
        return [Pair(n, raw_path / n, Path(ref) / n if ref else None, Path(hyp) / n if hyp else None) for n in names]
    return [Pair(raw_path.name, raw_path, Path(ref) if ref else None, Path(hyp) if hyp else None)]


def table_for(ref: Path) -> Path:
    """Where a reference's edit table lives: ``name.edits.tsv`` beside ``name.txt``."""
    return ref.with_name(ref.name.removesuffix(".txt") + TABLE_SUFFIX)


def evaluate(
    pairs: Sequence[Pair],
    normalizer: Normalizer | None,
    lexicon_classes: dict[str, str],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Evaluation:
    """Judge every pair; with no HYP file for a pair, ``normalizer`` makes the output."""
    result = Evaluation()
    for pair in pairs:
        raw_text = read_text(pair.raw, max_bytes)
        ref_text = None
        table = None
        if pair.ref is not None:
            if not pair.ref.exists():
                raise InputError(str(pair.ref), f"no reference for {pair.name}")
            ref_text = read_text(pair.ref, max_bytes)
            if table_for(pair.ref).is_file():
                table = read_table(table_for(pair.ref))
        system_edits = None
        if pair.hyp is not None:
            hyp_text = read_text(pair.hyp, max_bytes) if pair.hyp.exists() else raw_text
        elif normalizer is not None:
            run = normalizer.normalize(raw_text)
            hyp_text, system_edits = run.text, run.edits
        else:
            hyp_text = raw_text
        judged, words = judge_file(
            pair.name,
            raw_text,
            ref_text,
            hyp_text,
            lexicon_classes=lexicon_classes,
            system_edits=system_edits,
            table=table,
        )
        result.judged.extend(judged)
        result.words += words
        result.files.append(pair.name)
    return result
