"""The HTML report: exact change regions, escaping, and the page as a real browser shows it.

The browser tests drive the Debian ``chromium`` through ``chromedriver`` (selenium),
headless, with a fresh profile, and read the DOM the browser built from the file.
"""

from __future__ import annotations

import os
import re
import struct
from pathlib import Path

import pytest

from normalizer import ARTIFACT_CLASSES, Normalizer
from normalizer.reports.html import CLASS_COLOURS, ReportDocument, regions, render_report, write_report

from .conftest import seed_paths

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

EVIL_NAME = "<img src=x onerror=\"document.title='owned'\">.txt"
EVIL_TEXT = (
    "Hello  <script>document.title='pwned';window.mtnormPwned=1</script> the  world.\n"
    'caf\u00c3\u00a9\u200b &amp; <b onmouseover="alert(1)">bold</b>\n'
)
LONG_TEXT = "".join(f"Line {n} is plain and clean.\n" for n in range(40)) + "the end  is here.\n"


@pytest.fixture(scope="module")
def documents(normalizer: Normalizer) -> list[ReportDocument]:
    docs = []
    for path in seed_paths():
        result = normalizer.normalize(path.read_text(encoding="utf-8"))
        if result.changed:
            docs.append(ReportDocument(path.name, result))
    docs.append(ReportDocument(EVIL_NAME, normalizer.normalize(EVIL_TEXT)))
    docs.append(ReportDocument("long.txt", normalizer.normalize(LONG_TEXT)))
    assert len(docs) >= 4
    return docs


def _rebuild(text: str, regs) -> tuple[str, str]:
    before, after, pos = [], [], 0
    for r in regs:
        before.append(text[pos : r.start] + r.before)
        after.append(text[pos : r.start] + r.after)
        pos = r.end
    return "".join(before) + text[pos:], "".join(after) + text[pos:]


def test_regions_rebuild_input_and_output_and_explain_every_edit(documents: list[ReportDocument]) -> None:
    for doc in documents:
        result = doc.result
        regs = regions(result)
        assert regs, doc.name
        assert _rebuild(result.input, regs) == (result.input, result.text)
        assert all(r.edits for r in regs), doc.name
        assert sorted((e for r in regs for e in r.edits), key=id) == sorted(result.edits, key=id)
        for r in regs:
            assert result.input[r.start : r.end] == r.before
            assert all(r.start <= e.start <= r.end for e in r.edits)


def test_an_edit_inside_an_earlier_stages_replacement_shares_its_region(normalizer: Normalizer) -> None:
    # ftfy repairs "Ã©" to "é" (encoding), then the invisible-character rule removes U+200B:
    # two stages, adjacent spans, one place in the text.
    result = normalizer.normalize("caf\u00c3\u00a9\u200b ok\n")
    regs = regions(result)
    assert [(r.before, r.after) for r in regs] == [("\u00c3\u00a9\u200b", "é")]
    assert len(regs[0].edits) == len(result.edits) >= 2


def test_a_result_without_stage_maps_falls_back_to_a_character_diff(normalizer: Normalizer) -> None:
    from normalizer import Result
    from normalizer.edits import OffsetMap

    real = normalizer.normalize("the  meeting of Donald trump ended.\n")
    bare = Result(real.input, real.text, real.edits, OffsetMap())  # no stages: the replay cannot match
    regs = regions(bare)
    assert _rebuild(bare.input, regs) == (bare.input, bare.text)
    assert sorted((e for r in regs for e in r.edits), key=id) == sorted(bare.edits, key=id)
    assert "Donald Trump" in render_report([ReportDocument("bare.txt", bare)])


def test_the_page_escapes_document_text_and_names(documents: list[ReportDocument]) -> None:
    page = render_report(documents)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;document.title=" in page
    assert "&lt;img src=x onerror=" in page
    assert "http://" not in page and "https://" not in page  # nothing external
    assert page.count('<section class="doc"') == len(documents)


def test_no_changed_document_gives_a_page_that_says_so() -> None:
    page = render_report([])
    assert '<p class="empty">No document changed.</p>' in page


def test_write_report_replaces_the_file_atomically(tmp_path: Path, documents: list[ReportDocument]) -> None:
    target = tmp_path / "out" / "report.html"
    write_report(target, documents[:1])
    first = target.read_text(encoding="utf-8")
    write_report(target, documents)
    assert target.read_text(encoding="utf-8") == render_report(documents) != first
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]


def test_write_report_into_an_unwritable_folder_leaves_nothing(tmp_path: Path, documents) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "report.html").write_text("old", encoding="utf-8")
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            # root ignores directory permissions: make the rename fail instead (target is a directory)
            folder.chmod(0o700)
            (folder / "report.html").unlink()
            (folder / "report.html").mkdir()
            with pytest.raises(OSError):
                write_report(folder / "report.html", documents)
            assert sorted(p.name for p in folder.iterdir()) == ["report.html"]
            assert (folder / "report.html").is_dir()
        else:
            with pytest.raises(OSError):
                write_report(folder / "report.html", documents)
            assert (folder / "report.html").read_text(encoding="utf-8") == "old"
            assert sorted(p.name for p in folder.iterdir()) == ["report.html"]
    finally:
        folder.chmod(0o700)


# --- in a real browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """Headless Debian Chromium through chromedriver, with a fresh profile, quit at the end."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:  # a failure that says what to do, not selenium's trace (the README's test command installs them)
        pytest.fail(f"{', '.join(missing)} missing: run sh tests/setup-browser.sh (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,1400",
    ):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def page(browser, documents: list[ReportDocument], tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(path, documents, title="Run of the seeds")
    browser.get(path.as_uri())
    return browser


def _rgb(hex_colour: str) -> tuple[int, int, int, float]:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return (r, g, b, 1.0)


def _css_colour(value: str) -> tuple[int, int, int, float]:
    """``rgb(1, 2, 3)`` or ``rgba(1, 2, 3, 0.15)`` as the browser reports it."""
    numbers = re.fullmatch(r"rgba?\((.*)\)", value).group(1).split(",")
    r, g, b = (int(n) for n in numbers[:3])
    return (r, g, b, round(float(numbers[3]), 2) if len(numbers) == 4 else 1.0)


_UNSYMBOL = {"␣": " ", "⇥": "\t", "⍽": "\u00a0"}


def _unsymbol(text: str, part: str) -> str:
    """Undo the page's visible-whitespace symbols (the test texts contain none of these characters)."""
    text = re.sub(r"⟨U\+([0-9A-F]{4,6})⟩", lambda m: chr(int(m.group(1), 16)), text)
    text = text.replace("↵\n", "\n") if part == "ins" else text.replace("↵", "\n")
    return "".join(_UNSYMBOL.get(c, c) for c in text)


# Walk one document's <pre>: text outside marks belongs to both versions, <del> to the original,
# <ins> to the cleaned text, a folded stretch's summary to neither.
_WALK = """
const pre = arguments[0];
const parts = [];
function walk(node) {
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) { parts.push(['both', child.textContent]); continue; }
    if (child.tagName === 'SUMMARY') continue;
    if (child.tagName === 'DEL') { parts.push(['del', child.textContent]); continue; }
    if (child.tagName === 'INS') { parts.push(['ins', child.textContent]); continue; }
    walk(child);
  }
}
walk(pre);
return parts;
"""


def test_browser_shows_both_texts_exactly(page, documents: list[ReportDocument]) -> None:
    from selenium.webdriver.common.by import By

    pres = page.find_elements(By.CSS_SELECTOR, "section.doc pre.text")
    assert len(pres) == len(documents)
    for pre, doc in zip(pres, documents, strict=True):
        before, after = [], []
        for part, text in page.execute_script(_WALK, pre):
            if part in ("both", "del"):
                before.append(text if part == "both" else _unsymbol(text, "del"))
            if part in ("both", "ins"):
                after.append(text if part == "both" else _unsymbol(text, "ins"))
        assert "".join(before) == doc.result.input, doc.name
        assert "".join(after) == doc.result.text, doc.name


def test_browser_marks_carry_class_colour_and_rules(page, documents: list[ReportDocument]) -> None:
    from selenium.webdriver.common.by import By

    sections = page.find_elements(By.CSS_SELECTOR, "section.doc")
    for section, doc in zip(sections, documents, strict=True):
        assert section.find_element(By.TAG_NAME, "h2").text == doc.name
        marks = section.find_elements(By.CSS_SELECTOR, "span.edit")
        assert len(marks) == len(regions(doc.result))
        listed = []
        for mark in marks:
            kind = mark.get_attribute("data-kind")
            assert kind in ARTIFACT_CLASSES
            assert f"k-{kind}" in mark.get_attribute("class").split()
            colour = _rgb(CLASS_COLOURS[kind])
            assert _css_colour(mark.value_of_css_property("border-bottom-color")) == colour
            assert _css_colour(mark.value_of_css_property("background-color")) == (*colour[:3], 0.15)  # a tint
            title = mark.get_attribute("title")
            listed.extend(title.split("\n"))
            assert mark.find_elements(By.TAG_NAME, "del") or mark.find_elements(By.TAG_NAME, "ins")
            for deleted in mark.find_elements(By.TAG_NAME, "del"):
                assert deleted.value_of_css_property("text-decoration-line") == "line-through"
        expected = [f"{e.kind} · {e.rule}" + (f": {e.message}" if e.message else "") for e in doc.result.edits]
        assert sorted(listed) == sorted(expected), doc.name


def test_browser_legend_and_counts(page, documents: list[ReportDocument]) -> None:
    from selenium.webdriver.common.by import By

    items = page.find_elements(By.CSS_SELECTOR, "ul.legend li")
    assert [i.get_attribute("data-kind") for i in items] == list(ARTIFACT_CLASSES)
    totals: dict[str, int] = {}
    for doc in documents:
        for kind, n in doc.result.counts().items():
            totals[kind] = totals.get(kind, 0) + n
    for item in items:
        kind = item.get_attribute("data-kind")
        swatch = item.find_element(By.CLASS_NAME, "swatch")
        assert _css_colour(swatch.value_of_css_property("background-color")) == _rgb(CLASS_COLOURS[kind])
        assert item.find_element(By.CLASS_NAME, "total").text == str(totals.get(kind, 0))
        assert item.is_displayed()
    for row in page.find_elements(By.CSS_SELECTOR, "table.overall tbody tr[data-kind]"):
        kind = row.get_attribute("data-kind")
        assert row.find_element(By.CLASS_NAME, "count").text == str(totals.get(kind, 0))
        touched = sum(1 for d in documents if d.result.counts().get(kind))
        assert row.find_element(By.CLASS_NAME, "docs").text == str(touched)
    assert page.find_element(By.CSS_SELECTOR, "table.overall tr.all .count").text == str(sum(totals.values()))
    for section, doc in zip(page.find_elements(By.CSS_SELECTOR, "section.doc"), documents, strict=True):
        chips = {
            c.get_attribute("data-kind"): int(c.find_element(By.CLASS_NAME, "count").text)
            for c in section.find_elements(By.CSS_SELECTOR, "li.chip")
        }
        assert chips == doc.result.counts(), doc.name


def test_browser_ran_no_script_from_a_document(page) -> None:
    from selenium.webdriver.common.by import By

    assert page.title == "Run of the seeds"
    assert page.execute_script("return document.scripts.length") == 0
    assert page.execute_script("return typeof window.mtnormPwned") == "undefined"
    assert page.find_elements(By.TAG_NAME, "img") == []
    assert page.find_elements(By.CSS_SELECTOR, "pre b") == []
    evil = page.find_element(By.CSS_SELECTOR, "section.doc[data-name^='<img']")
    assert evil.find_element(By.TAG_NAME, "h2").text == EVIL_NAME
    text = evil.find_element(By.CSS_SELECTOR, "pre.text").text
    assert "<script>document.title='pwned';window.mtnormPwned=1</script>" in text
    assert '<b onmouseover="alert(1)">bold</b>' in text


def test_browser_folds_long_unchanged_stretches(page) -> None:
    from selenium.webdriver.common.by import By

    section = page.find_element(By.CSS_SELECTOR, "section.doc[data-name='long.txt']")
    fold = section.find_element(By.CSS_SELECTOR, "details.fold")
    assert fold.get_attribute("open") is None
    assert re.fullmatch(r"\d+ unchanged lines", fold.find_element(By.TAG_NAME, "summary").text)
    closed = fold.size["height"]
    assert "Line 20 is plain and clean.\n" in fold.get_attribute("textContent")  # in the page, folded
    fold.find_element(By.TAG_NAME, "summary").click()
    assert fold.get_attribute("open") is not None
    assert fold.size["height"] > 10 * closed  # 33 lines unfold under a one-line summary


def test_browser_screenshot(page, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    assert page.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert data[12:16] == b"IHDR" and width >= 800 and height >= 600
    assert len(data) > 20_000  # a page of coloured text, not a blank frame
