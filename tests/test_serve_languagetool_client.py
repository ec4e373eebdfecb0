"""language-tool-python, unchanged, as the client of ``mtnorm serve``'s LanguageTool API.

The client is pointed at a real server on 127.0.0.1 (``remote_server=``): it
asks ``/v2/languages``, then ``/v2/check``, and builds its `Match` objects from
our JSON. ``correct()`` applies the first replacement of every match, so on
each seed it must give exactly what ``mtnorm fix`` writes.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("starlette", reason="the serve extra: pip install -e '.[serve]'")
pytest.importorskip("uvicorn", reason="the serve extra: pip install -e '.[serve]'")

import language_tool_python  # noqa: E402

from normalizer import ARTIFACT_CLASSES, Normalizer  # noqa: E402

from .conftest import seed_paths  # noqa: E402
from .serve_process import ServerProcess  # noqa: E402


@pytest.fixture(scope="module")
def tool():
    with ServerProcess() as server:
        client = language_tool_python.LanguageTool("en-US", remote_server=server.url)
        try:
            yield client
        finally:
            client.close()


@pytest.fixture(scope="module")
def fixed_seeds(tmp_path_factory):
    """``mtnorm fix seeds -o OUT``: the command's own output for every seed."""
    out = tmp_path_factory.mktemp("fixed")
    seeds = seed_paths()[0].parent
    subprocess.run([sys.executable, "-m", "normalizer", "fix", str(seeds), "-o", str(out), "-j", "1", "-q"], check=True)
    return out


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.name)
def test_correct_equals_mtnorm_fix_on_each_seed(tool, fixed_seeds, seed) -> None:
    text = seed.read_text(encoding="utf-8")
    fixed = (fixed_seeds / seed.name).read_bytes().decode("utf-8")
    assert fixed != text  # every seed has something to repair
    assert tool.correct(text) == fixed


def test_check_lists_mtnorm_edits(tool) -> None:
    seed = seed_paths()[0]
    text = seed.read_text(encoding="utf-8")
    result = Normalizer().normalize(text)
    matches = tool.check(text)
    assert len(matches) == len(result.edits)  # no two edits of this seed touch the same place
    assert [(m.offset, m.error_length, m.rule_id, m.category) for m in matches] == [
        (e.start, e.end - e.start, e.rule, e.kind) for e in result.edits
    ]
    assert {m.category for m in matches} <= set(ARTIFACT_CLASSES)
    assert all(m.replacements and m.message for m in matches)


def test_offsets_after_emoji_land_on_the_right_words(tool) -> None:
    """language-tool-python converts LanguageTool's UTF-16 offsets back to Python's; they must be UTF-16."""
    text = "\U0001f600\U0001f600 Talks in Iglinsky area of de-escalation \U0001f680 with Donald trump ."
    matches = tool.check(text)
    assert [text[m.offset : m.offset + m.error_length] for m in matches] == ["Iglinsky", "Donald trump", " "]
    assert tool.correct(text) == Normalizer().normalize(text).text
