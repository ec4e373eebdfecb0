"""``mtnorm serve`` over HTTP: a real uvicorn server on 127.0.0.1, real clients (httpx, curl)."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import time

import pytest

pytest.importorskip("starlette", reason="the serve extra: pip install -e '.[serve]'")
pytest.importorskip("uvicorn", reason="the serve extra: pip install -e '.[serve]'")

import httpx  # noqa: E402

from normalizer import Normalizer  # noqa: E402

from .conftest import seed_paths  # noqa: E402
from .serve_process import ServerProcess  # noqa: E402

LIMIT = 100_000
MARKER = "Zebulon Quaggafritz"  # a text that must never reach the server's log
EMOJI_TEXT = (
    "\U0001f600\U0001f600 Talks in Iglinsky area of de-escalation \U0001f680\U0001f680\U0001f680 with"
    " Donald trump . \U0001f1f7\U0001f1fa"
)


@pytest.fixture(scope="module")
def server():
    with ServerProcess("--max-request-bytes", str(LIMIT)) as running:
        yield running


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=60) as http:
        yield http


@functools.cache
def _normalizer(only: str | None = None, skip: str | None = None) -> Normalizer:
    return Normalizer(only=only, skip=skip)


def expected(text: str, only: str | None = None, skip: str | None = None):
    return _normalizer(only, skip).normalize(text)


def test_one_text_gives_the_text_and_its_edits_in_input_offsets(client) -> None:
    text = "the Meeting between Donald trump and Putin in Iglinsky area of de-escalation ."
    answer = client.post("/v1/normalize", json={"text": text})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    body = answer.json()
    want = expected(text)
    assert body["text"] == want.text and body["changed"] is True
    assert [(e["start"], e["end"], e["class"], e["rule"], e["after"]) for e in body["edits"]] == [
        (e.start, e.end, e.kind, e.rule, e.replacement) for e in want.edits
    ]
    assert all(text[e["start"] : e["end"]] == e["before"] for e in body["edits"])
    assert {"entity", "sentence-case", "spacing"} <= {e["class"] for e in body["edits"]}


def test_many_texts_come_back_in_order(client) -> None:
    texts = [p.read_text(encoding="utf-8") for p in seed_paths()]
    body = client.post("/v1/normalize", json={"texts": texts, "edits": False}).json()
    assert [r["text"] for r in body["results"]] == [expected(t).text for t in texts]
    assert all("edits" not in r for r in body["results"])


def test_only_and_skip_narrow_the_classes(client) -> None:
    text = "the Meeting with Donald trump ."
    only = client.post("/v1/normalize", json={"text": text, "only": ["entity"]}).json()
    assert only["text"] == expected(text, only="entity").text == "the Meeting with Donald Trump ."
    skip = client.post("/v1/normalize", json={"text": text, "skip": "entity,spacing"}).json()
    assert skip["text"] == expected(text, skip="entity,spacing").text
    assert {e["class"] for e in skip["edits"]} == {"sentence-case"}


def test_disable_switches_rules_off_and_an_unknown_rule_is_a_400(client) -> None:
    text = "the Meeting with Donald trump ."
    body = client.post("/v1/normalize", json={"text": text, "disable": ["lexicon:entities.donald-trump"]}).json()
    assert "Donald trump" in body["text"]
    assert body["text"] == Normalizer(disable="lexicon:entities.donald-trump").normalize(text).text
    answer = client.post("/v2/check", data={"text": text, "language": "en", "disabledRules": "spacing"}).json()
    assert "spacing" not in {m["rule"]["category"]["id"] for m in answer["matches"]}
    unknown = client.post("/v1/normalize", json={"text": text, "disable": ["spacing.no-such-rule"]})
    assert unknown.status_code == 400 and "no-such-rule" in unknown.json()["error"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"text": "a"', "not JSON at line 1"),
        (b"\xff\xfe", "not JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"text": 5}', "'text' must be a string, not a number"),
        (b'{"texts": "abc"}', "'texts' must be a list"),
        (b'{"texts": ["a", null]}', "'texts'[1] must be a string, not null"),
        (b'{"text": "a", "texts": []}', "exactly one of"),
        (b'{"text": "a", "lexicon": "x.yaml"}', "unknown field 'lexicon'"),
        (b'{"text": "a", "only": "entities"}', "unknown class entities"),
        (b'{"text": "a", "skip": 3}', "'skip' must be a list of strings"),
        (b'{"text": "a", "edits": "yes"}', "'edits' must be true or false"),
    ],
)
def test_bad_requests_get_400_with_a_message(client, body: bytes, message: str) -> None:
    answer = client.post("/v1/normalize", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert message in answer.json()["error"]


def test_a_body_over_the_limit_gets_413_json(client) -> None:
    answer = client.post("/v1/normalize", json={"text": "a" * LIMIT})
    assert answer.status_code == 413
    assert answer.json() == {"error": f"request body larger than the limit of {LIMIT} bytes", "status": 413}


def test_a_chunked_body_over_the_limit_gets_413_too(client) -> None:
    def chunks():  # no Content-Length: the limit is enforced while reading
        yield b'{"text": "'
        for _ in range(LIMIT // 1000 + 1):
            yield b"a" * 1000
        yield b'"}'

    answer = client.post("/v1/normalize", content=chunks(), headers={"content-type": "application/json"})
    assert answer.status_code == 413 and "limit" in answer.json()["error"]


def test_health_rules_and_unknown_routes(client) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and "entity" in health["classes"] and health["lexicon_entries"] > 0
    rules = client.get("/v1/rules").json()
    assert [c["id"] for c in rules["classes"]][:3] == ["encoding", "boilerplate", "entity"]
    by_id = {r["id"]: r for r in rules["rules"]}
    assert {"spacing.double-space", "sentence-case.sentence-start", "lexicon:entities.idlib"} <= set(by_id)
    assert by_id["spacing.double-space"]["enabled"] and by_id["spacing.double-space"]["class"] == "spacing"
    assert client.get("/nowhere").status_code == 404
    assert client.get("/v1/normalize").json()["status"] == 405


def test_languagetool_check_answers_matches_in_utf16_units(client) -> None:
    answer = client.post("/v2/check", data={"text": EMOJI_TEXT, "language": "en-US"})
    assert answer.status_code == 200
    body = answer.json()
    units = EMOJI_TEXT.encode("utf-16-le")
    found = {
        units[2 * m["offset"] : 2 * (m["offset"] + m["length"])].decode("utf-16-le"): (
            m["replacements"][0]["value"],
            m["rule"]["category"]["id"],
        )
        for m in body["matches"]
    }
    assert found == {
        "Iglinsky": ("Idlib", "entity"),
        "Donald trump": ("Donald Trump", "entity"),
        " ": ("", "spacing"),
    }
    assert body["language"]["code"] == "en-US"


def test_languagetool_categories_switch_classes(client) -> None:
    text = "the Meeting with Donald trump ."
    skipped = client.post("/v2/check", data={"text": text, "language": "en", "disabledCategories": "entity"}).json()
    assert "entity" not in {m["rule"]["category"]["id"] for m in skipped["matches"]}
    only = client.post(
        "/v2/check", data={"text": text, "language": "en", "enabledCategories": "entity", "enabledOnly": "true"}
    ).json()
    assert [m["rule"]["category"]["id"] for m in only["matches"]] == ["entity"]


def test_languagetool_check_by_get_and_errors(client) -> None:
    got = client.get("/v2/check", params={"text": "Donald trump", "language": "en-GB"}).json()
    assert [m["replacements"][0]["value"] for m in got["matches"]] == ["Donald Trump"]
    assert client.post("/v2/check", data={"text": "a"}).status_code == 400
    german = client.post("/v2/check", data={"text": "a", "language": "de-DE"})
    assert german.status_code == 400 and "English only" in german.json()["error"]
    assert "exactly one of" in client.post("/v2/check", data={"language": "en"}).json()["error"]
    assert [lang["longCode"] for lang in client.get("/v2/languages").json()][:2] == ["en", "en-US"]


def test_languagetool_annotated_data(client) -> None:
    data = json.dumps(
        {
            "annotation": [
                {"text": "Talks in "},
                {"markup": "<i>"},
                {"text": "Iglinsky"},
                {"markup": "</i>"},
                {"text": " area of de-escalation."},
            ]
        }  # fmt: skip
    )
    body = client.post("/v2/check", data={"data": data, "language": "en-US"}).json()
    (match,) = body["matches"]
    assert (match["offset"], match["length"], match["replacements"][0]["value"]) == (12, 8, "Idlib")


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_with_emoji(server) -> None:
    """The README's curl example, with astral characters: offsets count UTF-16 units as LanguageTool's do."""
    out = subprocess.run(
        ["curl", "-sS", "--data-urlencode", f"text={EMOJI_TEXT}", "--data", "language=en-US", f"{server.url}/v2/check"],
        capture_output=True,
        check=True,
    )
    matches = json.loads(out.stdout)["matches"]
    idlib = next(m for m in matches if m["replacements"][0]["value"] == "Idlib")
    assert idlib["offset"] == EMOJI_TEXT.index("Iglinsky") + 2  # two emoji before it: one extra unit each
    trump = next(m for m in matches if m["replacements"][0]["value"] == "Donald Trump")
    assert trump["offset"] == EMOJI_TEXT.index("Donald") + 5
    out = subprocess.run(
        [
            "curl",
            "-sS",
            "-H",
            "content-type: application/json",
            "--data-binary",
            json.dumps({"text": EMOJI_TEXT}),
            f"{server.url}/v1/normalize",
        ],  # fmt: skip
        capture_output=True,
        check=True,
    )
    body = json.loads(out.stdout)
    assert body["text"] == expected(EMOJI_TEXT).text
    assert any(EMOJI_TEXT[e["start"] : e["end"]] == "Iglinsky" for e in body["edits"])  # /v1 counts code points


def test_raw_utf8_form_bodies_are_read_as_utf8(client) -> None:
    body = "language=en-US&text=Caf\u00e9 with Donald trump".encode()
    answer = client.post("/v2/check", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
    (match,) = answer.json()["matches"]
    assert (match["offset"], match["replacements"][0]["value"]) == (10, "Donald Trump")


def test_no_document_text_in_the_log(server, client) -> None:
    client.post("/v1/normalize", json={"text": f"{MARKER} met Donald trump"})
    client.post("/v1/normalize", content=f'{{"text": "{MARKER}'.encode(), headers={"content-type": "application/json"})
    client.get("/v2/check", params={"text": MARKER, "language": "en"})
    client.post("/v2/check", data={"text": MARKER, "language": "xx"})
    time.sleep(0.5)  # the log line is written after the answer is sent
    log = server.log()
    assert "POST /v1/normalize 200" in log and "GET /v2/check 200" in log and "POST /v2/check 400" in log
    assert MARKER not in log and "Quaggafritz" not in log
