"""`mtnorm lexicon check`: every problem as file:line, and the specs of the bundled lexicons."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from normalizer.curation.check import check_lexicons
from normalizer.knowledge.regex_safety import backtracking_risk


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return path


def _mtnorm(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "normalizer", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_bundled_lexicons_pass_check_and_every_spec_runs():
    """A broken spec or a conflict in lexicons/*.yaml fails CI here."""
    report = check_lexicons()
    assert [str(p) for p in report.problems] == []
    assert report.files >= 5
    total = report.specs
    assert total >= 50  # every example of every entry and boilerplate rule was run


def test_cli_check_on_bundled_lexicons_exits_0():
    done = _mtnorm("lexicon", "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: ")


BROKEN = """
class: entity
entries:
  - canonical: Alpha
    variants: [Beta, Alpha]
    colour: red
  - canonical: Beta
    variants: [Alpha]
  - canonical: Gamma
    variants: [Delta]
  - canonical: Epsilon
    variants: [Delta]
  - canonical: Zeta
    regex: '(z+)+q'
  - canonical: Eta
    regex: '(unclosed'
  - canonical: Gamma
    variants: [Delta]
  - canonical: Theta
    variants: [thetta]
    examples:
      - {from: "a thetta b", to: "a Thetta b"}
      - {keep: "thetta"}
"""


def test_check_reports_all_problems_with_file_and_line(tmp_path):
    path = _write(tmp_path, "bad.yaml", BROKEN)
    report = check_lexicons([path], with_defaults=False)
    found = {(p.line, p.message.split(":")[0].split(" ")[0]) for p in report.problems}
    lines = sorted(p.line for p in report.problems)
    assert all(p.path == str(path) for p in report.problems)
    messages = "\n".join(str(p) for p in report.problems)
    assert f"{path}:4: variant 'Alpha' is the canonical form itself" in messages
    assert f"{path}:5: unknown key 'colour'" in messages
    assert f"{path}:3: cycle: 'Alpha' → 'Beta'" in messages
    assert f"{path}:13: regex '(z+)+q': nested repetition" in messages
    assert f"{path}:15: regex '(unclosed' does not compile" in messages
    assert f"{path}:16: duplicate entry id 'bad.gamma'" in messages
    assert "variant 'Delta' maps to 'Epsilon' here and to 'Gamma'" in messages
    assert f"{path}:21: spec fails: 'a thetta b' gave 'a Theta b', expected 'a Thetta b'" in messages
    assert f"{path}:22: keep fails: 'thetta' gave 'Theta'" in messages
    assert len(found) >= 9 and lines == sorted(lines)


def test_cli_check_exit_2_with_one_line_per_problem(tmp_path):
    bad = _write(tmp_path, "bad.yaml", BROKEN)
    syntax = _write(tmp_path, "syntax.yaml", "entries:\n  - canonical: X\n    variants: [a, b\n")
    done = _mtnorm("lexicon", "check", str(bad), str(syntax), str(tmp_path / "missing.yaml"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{syntax}:4: YAML syntax:" in done.stderr
    assert f"{tmp_path / 'missing.yaml'}: no such lexicon file" in done.stderr
    assert f"{bad}:13: regex" in done.stderr


def test_same_variant_two_canonicals_is_fine_when_contexts_decide(tmp_path):
    """Decision (docs/lexicons.md): at most one of the entries may be context-free."""
    ok = _write(
        tmp_path,
        "ok.yaml",
        """
        entries:
          - canonical: US
            variants: [us]
            followed_by: '\\s+Army'
            examples: [{from: the us Army, to: the US Army}]
          - id: us-weekly
            canonical: Us
            variants: [us]
            followed_by: '\\s+Weekly'
            examples: [{from: read us Weekly, to: read Us Weekly}]
          - canonical: USA
            variants: [us]
            examples: [{from: go us, to: go USA}]
        """,
    )
    report = check_lexicons([ok], with_defaults=False)
    assert [str(p) for p in report.problems] == []
    assert report.specs == 3


def test_two_context_free_canonicals_for_one_spelling_is_a_conflict(tmp_path):
    path = _write(
        tmp_path,
        "two.yaml",
        """
        entries:
          - {canonical: Khmeimim, variants: [Hmeymim]}
          - {canonical: Hmeimim, variants: [Hmeymim], case_sensitive: false}
        """,
    )
    problems = [str(p) for p in check_lexicons([path], with_defaults=False).problems]
    assert problems == [
        f"{path}:3: variant 'Hmeymim' maps to 'Hmeimim' here and to 'Khmeimim' at {path}:2; give one of them a context condition"
    ]


def test_chain_is_reported(tmp_path):
    path = _write(
        tmp_path,
        "chain.yaml",
        """
        entries:
          - {canonical: Hmeimim, variants: [Hmeymim]}
          - {canonical: Khmeimim, variants: [Hmeimim]}
        """,
    )
    problems = [str(p) for p in check_lexicons([path], with_defaults=False).problems]
    assert len(problems) == 1 and problems[0].startswith(f"{path}:2: chain: canonical 'Hmeimim' is itself a variant")


def test_user_file_specs_run_with_bundled_lexicons_loaded(tmp_path):
    """A user spec that a bundled entry would break fails, as it would in a real run."""
    path = _write(
        tmp_path,
        "user.yaml",
        """
        entries:
          - canonical: Gazprom
            variants: [gazprom]
            examples: [{keep: "the us Republican gazprom"}]
        """,
    )
    with_defaults = [p.message for p in check_lexicons([path]).problems]
    alone = [p.message for p in check_lexicons([path], with_defaults=False).problems]
    assert len(with_defaults) == 1 and "gave 'the US Republican Gazprom'" in with_defaults[0]
    assert len(alone) == 1 and "gave 'the us Republican Gazprom'" in alone[0]


@pytest.mark.parametrize(
    ("pattern", "risky"),
    [
        (r"(a+)+$", True),
        (r"(\w+\s?)*x", True),
        (r"(?:a*)*", True),
        (r"Tags:(?:\s*[;,])+", False),  # each round must consume a ; or ,
        (r"(?:a++)+", False),  # possessive: no backtracking
        (r"\bthe\s+(?:[\w-]+\s+){0,2}", False),  # bounded outer repetition
        (r"Maxim\s+", False),
    ],
)
def test_backtracking_risk(pattern, risky):
    assert (backtracking_risk(pattern) is not None) is risky


def test_loader_reads_entries_streamed_with_class_given_after_them(tmp_path):
    from normalizer.knowledge.lexicon import load_lexicons

    path = _write(tmp_path, "late.yaml", "entries:\n  - {canonical: X, variants: [y]}\nclass: term-case\n")
    assert [(e.canonical, e.kind, e.line) for e in load_lexicons([path]).entries] == [("X", "term-case", 2)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("entries: []\n---\nentries: []\n", ":2: YAML syntax: expected a single document"),
        ("entries:\n  - {canonical: X, variants: [y]}\nentries: []\n", ":3: key 'entries' given twice"),
        ("class: person\nentries: []\n", ":1: class must be one of entity, term-case"),
    ],
)
def test_loader_file_level_errors(tmp_path, body, message):
    path = _write(tmp_path, "f.yaml", body)
    problems = [str(p) for p in check_lexicons([path], with_defaults=False).problems]
    assert len(problems) == 1 and problems[0].startswith(f"{path}{message}"), problems


def test_cli_check_accepts_a_folder(tmp_path):
    _write(tmp_path, "a.yaml", "entries:\n  - {canonical: Khmeimim, variants: [Hmeymim]}\n")
    _write(tmp_path, "b.yaml", "entries:\n  - {canonical: Hmeimim, variants: [Hmeymim]}\n")
    done = _mtnorm("lexicon", "check", "--no-default-lexicons", str(tmp_path))
    assert done.returncode == 2
    assert f"{tmp_path / 'b.yaml'}:2: variant 'Hmeymim' maps to 'Hmeimim' here and to 'Khmeimim'" in done.stderr


def test_shipped_lexicons_read_whole_as_they_read_streamed():
    """The shipped files are composed whole by libyaml (`lexicon_yaml._whole`, faster at start-up), and kept in
    the per-user cache; any other file is streamed. The three give the same entries (lines, patterns,
    examples), lists and word sets."""
    from normalizer.knowledge import lexicon as lex
    from normalizer.knowledge import lexicon_yaml as ly

    for path in lex.default_lexicon_paths():
        whole = ly._whole(path.read_text(encoding="utf-8"), ly._Reader(str(path), trusted=True), lex.Lexicon(sources=[str(path)]))
        streamed = ly._stream(
            path.read_text(encoding="utf-8"), ly._Reader(str(path), trusted=True), lex.Lexicon(sources=[str(path)])
        )
        cached = [lex.load_file(path) for _ in range(2)][-1]  # the first run stores it, the second reads it
        assert _readable(whole) == _readable(streamed) == _readable(cached), path.name
        assert whole.entries or whole.boilerplate or whole.casing or whole.grammar or whole.titles, path.name


def _readable(lexicon) -> str:
    """Everything a lexicon holds, its word sets in order (a set's order is its history, not its content)."""
    words = {key: sorted(values) for key, values in (*lexicon.casing.items(), *lexicon.grammar.items())}
    found = [q for e in lexicon.entries for q in (*e.regexes, *e.context.values())] + [r.pattern for r in lexicon.boilerplate]
    patterns = [(p.pattern, p.flags, p.where, p.trusted) for p in found]  # a pattern's repr shows only source and place
    titles, proper = sorted(lexicon.titles), sorted(lexicon.proper)
    return repr((lexicon.entries, lexicon.boilerplate, patterns, titles, proper, words, lexicon.sources))
