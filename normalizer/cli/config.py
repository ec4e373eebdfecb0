"""Options from a configuration file, so a project can pin how mtnorm runs.

Looked up in this order, first found wins:
``--config FILE``; ``mtnorm.toml`` (top level or ``[tool.mtnorm]``);
``pyproject.toml`` ``[tool.mtnorm]``; ``setup.cfg`` ``[tool:mtnorm]`` — each in
the current folder. Options given on the command line override the file.
Relative lexicon paths are relative to the file that names them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..options import option_specs

KEYS = {name for name, _, flag in option_specs() if flag.config}


def find_config(start: Path | None = None) -> Path | None:
    folder = start or Path.cwd()
    for name, header in (("mtnorm.toml", ""), ("pyproject.toml", "[tool.mtnorm]"), ("setup.cfg", "[tool:mtnorm]")):
        path = folder / name
        if path.is_file() and header in path.read_text(encoding="utf-8", errors="replace"):
            return path
    return None


def load_config(path: str | Path | None) -> dict[str, Any]:
    """The options of a configuration file, validated; {} when there is none.

    The parsers are imported for the file found: most runs have none, and ``configparser`` alone compiles
    eight regular expressions on import (about 5 ms of every start-up)."""
    if path is None:
        found = find_config()
        if found is None:
            return {}
        path = found
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{name}: cannot read configuration: {exc.strerror or exc}") from None
    if path.suffix == ".toml":
        import tomllib

        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"{name}: TOML syntax: {exc}") from None
        section = data.get("tool", {}).get("mtnorm", data if path.name != "pyproject.toml" else {})
        section = {k: v for k, v in section.items() if k != "tool"}
    else:
        import configparser

        parser = configparser.ConfigParser()
        try:
            parser.read_string(raw, source=name)
        except configparser.Error as exc:
            raise UsageError(f"{name}: INI syntax: {exc}") from None
        title = next((s for s in ("tool:mtnorm", "mtnorm") if parser.has_section(s)), None)
        section = _from_ini(dict(parser[title])) if title else {}
    unknown = sorted(set(section) - KEYS)
    if unknown:
        raise UsageError(f"{name}: unknown mtnorm option {', '.join(unknown)} (known: {', '.join(sorted(KEYS))})")
    if "lexicons" in section:
        section["lexicons"] = [str((path.parent / p).resolve()) for p in _as_list(section["lexicons"])]
    specs = {key: flag for key, _, flag in option_specs()}
    for key, value in section.items():
        parse = specs[key].parse
        if parse is not None:
            try:
                section[key] = parse(value, key)
            except UsageError as exc:
                raise UsageError(f"{name}: {exc}") from None
    return section


def _from_ini(values: dict[str, str]) -> dict[str, Any]:
    """INI values are strings: booleans and numbers are read by the type of the option's default."""
    defaults = {key: default for key, default, _ in option_specs()}
    out: dict[str, Any] = {}
    for key, value in values.items():
        key = key.replace("-", "_")
        default = defaults.get(key)
        if isinstance(default, bool):
            out[key] = value.strip().lower() in ("1", "true", "yes", "on")
        elif isinstance(default, int):
            try:
                out[key] = int(value)
            except ValueError:
                out[key] = value.strip()  # reported by the option's parser, naming the key
        else:
            out[key] = value.strip()
    return out


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v for v in value.replace(",", "\n").split() if v]
    return [str(v) for v in value]
