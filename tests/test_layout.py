"""The layout holds: the stage registry is the one list the docs follow."""

from __future__ import annotations

import re

from normalizer.stages import STAGES

from .conftest import ROOT


def test_design_doc_lists_the_stages_in_registry_order():
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| \d+ \| `(\w+)` \(stages/(\w+)\.py\)", design, flags=re.MULTILINE)
    assert table == [(stage.__name__, stage.__module__.rsplit(".", 1)[1]) for stage in STAGES]
