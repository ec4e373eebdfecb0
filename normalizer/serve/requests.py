"""What a request may ask for, checked before any work: a bad request is a 400 with a message.

``POST /v1/normalize`` takes ``{"text": "..."}`` or ``{"texts": ["...", ...]}``
and, optionally, ``only``, ``skip`` (artifact classes) and ``disable`` (rule
ids), each a list of strings or one comma-separated string, and ``edits``
(false: texts only). The lexicons are chosen when the server starts, not per
request: compiling them is the expensive part and is done once per worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import MtnormError
from ..options import parse_classes

V1_FIELDS = ("text", "texts", "only", "skip", "disable", "edits")


class BadRequest(Exception):
    """The client's mistake: answered 400 with this message (never with the text sent)."""


@dataclass(frozen=True)
class RequestOptions:
    """Per-request switches; requests with the same switches share one normalizer."""

    only: frozenset[str] | None = None
    skip: frozenset[str] = frozenset()
    disable: frozenset[str] = frozenset()

    @classmethod
    def build(cls, only: Any = None, skip: Any = None, disable: Any = None) -> RequestOptions:
        try:
            only_set = parse_classes(_names(only, "only"), "only")
            skip_set = parse_classes(_names(skip, "skip"), "skip") or frozenset()
        except MtnormError as exc:
            raise BadRequest(str(exc)) from None
        disable_set = set(_names(disable, "disable") or [])
        return cls(None if only_set is None else frozenset(only_set), frozenset(skip_set), frozenset(disable_set))


@dataclass(frozen=True)
class NormalizeRequest:
    texts: list[str]
    batch: bool  # "texts" was given: answer with "results"
    options: RequestOptions
    with_edits: bool


def parse_normalize(body: Any) -> NormalizeRequest:
    if not isinstance(body, dict):
        raise BadRequest(f"the body must be a JSON object, not {_type(body)}")
    unknown = sorted(set(body) - set(V1_FIELDS))
    if unknown:
        raise BadRequest(f"unknown field {', '.join(map(repr, unknown))} (known: {', '.join(V1_FIELDS)})")
    if ("text" in body) == ("texts" in body):
        raise BadRequest("give exactly one of 'text' (a string) or 'texts' (a list of strings)")
    if "text" in body:
        if not isinstance(body["text"], str):
            raise BadRequest(f"'text' must be a string, not {_type(body['text'])}")
        texts, batch = [body["text"]], False
    else:
        texts, batch = body["texts"], True
        if not isinstance(texts, list):
            raise BadRequest(f"'texts' must be a list of strings, not {_type(texts)}")
        for i, item in enumerate(texts):
            if not isinstance(item, str):
                raise BadRequest(f"'texts'[{i}] must be a string, not {_type(item)}")
    with_edits = body.get("edits", True)
    if not isinstance(with_edits, bool):
        raise BadRequest(f"'edits' must be true or false, not {_type(with_edits)}")
    options = RequestOptions.build(body.get("only"), body.get("skip"), body.get("disable"))
    return NormalizeRequest(texts, batch, options, with_edits)


def _names(value: Any, field: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise BadRequest(f"'{field}' must be a list of strings or a comma-separated string, not {_type(value)}")


def _type(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def form_names(values: Iterable[str]) -> list[str]:
    """LanguageTool's comma-separated parameters (``disabledCategories=a,b``)."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]
