"""The casing case file (tests/data/casing_cases.tsv): every case, repair or trap, must come out as written.

At least 80 cases, at least half of them traps that must stay unchanged; the
file's header says how it is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normalizer import Normalizer

CASES_FILE = Path(__file__).parent / "data" / "casing_cases.tsv"


def load_cases() -> list[tuple[int, str, str, str]]:
    cases = []
    for number, line in enumerate(CASES_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert len(fields) == 3, f"{CASES_FILE.name}:{number}: want input, expected, note"
        source, expected, note = (f.replace("\\n", "\n") for f in fields)
        cases.append((number, source, source if expected == "=" else expected, note))
    return cases


CASES = load_cases()


@pytest.fixture(scope="module")
def casing_normalizer() -> Normalizer:
    return Normalizer(only="sentence-case,term-case")


def test_the_case_file_is_large_and_mostly_traps():
    traps = sum(1 for _, source, expected, _ in CASES if source == expected)
    assert len(CASES) >= 80
    assert traps * 2 >= len(CASES)


@pytest.mark.parametrize(("number", "source", "expected", "note"), CASES, ids=[f"line{c[0]}" for c in CASES])
def test_casing_case(casing_normalizer, number, source, expected, note):
    assert casing_normalizer.normalize(source).text == expected, f"{CASES_FILE.name}:{number} {note}"
