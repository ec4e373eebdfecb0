"""``mtnorm fix FILE`` loads only what a one-file run needs (issue 15: start-up is most of such a run).

Figures are in ``benchmarks/startup.py``; these tests check the behaviour behind them in a fresh
interpreter: the output is the cleaned text, and modules only other paths use were never imported.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

#: imported only by the paths named: a process pool, a user lexicon's pattern, a configuration file,
#: a non-ASCII word of the fused-word and sentence-case rules
NOT_FOR_ONE_FILE = ("multiprocessing", "concurrent.futures", "regex", "configparser", "tomllib", "ctypes", "wordfreq")

CODE = """
import sys
from normalizer.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
from normalizer.casing import _unigram_case_table
loaded = [m for m in {modules!r} if m in sys.modules]
print("loaded:", loaded, "case dict:", _unigram_case_table.cache_info().currsize and _unigram_case_table()._index is not None)
sys.exit(code)
"""


def test_fix_one_file_to_stdout_imports_no_pool_no_regex_no_config_parser(tmp_path: Path):
    source = tmp_path / "one.txt"
    source.write_text("the Meeting between the two delegations ended in june, and nothing was agreed.\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", CODE.format(modules=NOT_FOR_ONE_FILE), "fix", str(source)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    cleaned, report = run.stdout.splitlines()
    assert cleaned == "The meeting between the two delegations ended in June, and nothing was agreed."
    assert report == "loaded: [] case dict: False"


def test_fused_words_and_cut_off_words_are_judged_without_wordfreq(tmp_path: Path):
    """The fused-words rule weighs how rare ``andcalled`` is, and sentence-case whether a paragraph's
    first word (``ter``) is used in English at all: both from the shipped tables, not wordfreq's
    0.6 s import (tests/test_casing_table.py checks the tables against wordfreq)."""
    source = tmp_path / "one.txt"
    text = "The talks ended in June andcalled for a truce.\n\nter the meeting, nothing was agreed.\n"
    source.write_text(text, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", CODE.format(modules=("wordfreq",)), "fix", str(source)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    *cleaned, report = run.stdout.splitlines()
    assert cleaned == ["The talks ended in June and called for a truce.", "", "ter the meeting, nothing was agreed."]
    assert report.startswith("loaded: [] ")
