#!/usr/bin/env python3
"""Independent evaluation sets for Nomina: tune.tsv and report.tsv.

Sources (none bundled with Nomina, none read by Nomina's dictionary generators):
  * countrynames 1.17.0 (OpenSanctions, MIT): its data.yaml, ~27,000 country-name variants by code.
  * Romanisations made here from the Chinese, Japanese and Russian names in that data.yaml:
    pypinyin (MIT) toneless pinyin, pykakasi (GPL-3.0, used as a tool only) Hepburn romaji,
    and BGN/PCGN 1947 Russian (the table below, written from the public standard).
  * negatives.tsv: hand-written common words, demonyms and person names (this folder).
  * exclusions.tsv: the reviewed list of data.yaml entries that are not names of the country.

Nomina's Dictionaries/countries.tsv is read ONLY for its id and alpha2 columns, to map
countrynames' ISO alpha-2 codes to Nomina entity ids; no name is taken from it.
No pycountry, no iso-codes.

Python: a venv with countrynames==1.17.0 (brings pyyaml), pypinyin, pykakasi (no other packages).
Run from the repository root:  /tmp/nomina-eval/bin/python Tests/Evaluation/independent/generate.py
Deterministic: same inputs, same files.
"""
import collections
import hashlib
import os
import re
import sys
import unicodedata

import countrynames
import yaml
import pykakasi
from pypinyin import lazy_pinyin

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(os.path.dirname(countrynames.__file__), "data.yaml")

# countrynames codes that are not ISO 3166-1 alpha-2 but have an entity in Nomina's gazetteer.
EXTRA_CODES = {
    "XK": ("kosovo", "user-assigned code for Kosovo"),
    "EU": ("european-union", "the European Union"),
    "AZ-NK": ("nagorno-karabakh", "Nagorno-Karabakh"),
    "UA-CRI": ("crimea", "Crimea"),
    "MD-PMR": ("transnistria", "Transnistria"),
    "GE-AB": ("abkhazia", "Abkhazia"),
    "X-SO": ("south-ossetia", "South Ossetia"),
    "CY-TRNC": ("northern-cyprus", "Northern Cyprus"),
}
# Relabels: code -> (id, reason). Each is counted in the printed report.
RELABEL_CODES = {
    "ZR": ("COD", "Zaire: the former name of the same state (ISO 3166-1 ZR was replaced by CD in 1997)"),
}

SCRIPTS = {  # first word of the Unicode character name -> ISO 15924
    "LATIN": "Latn", "CYRILLIC": "Cyrl", "ARABIC": "Arab", "GREEK": "Grek", "HEBREW": "Hebr",
    "CJK": "Hani", "HIRAGANA": "Jpan", "KATAKANA": "Jpan", "HANGUL": "Hang", "DEVANAGARI": "Deva",
    "BENGALI": "Beng", "GURMUKHI": "Guru", "GUJARATI": "Gujr", "ORIYA": "Orya", "TAMIL": "Taml",
    "TELUGU": "Telu", "KANNADA": "Knda", "MALAYALAM": "Mlym", "SINHALA": "Sinh", "THAI": "Thai",
    "LAO": "Laoo", "TIBETAN": "Tibt", "MYANMAR": "Mymr", "GEORGIAN": "Geor", "ARMENIAN": "Armn",
    "ETHIOPIC": "Ethi", "KHMER": "Khmr", "CHEROKEE": "Cher", "TIFINAGH": "Tfng", "VAI": "Vaii",
    "YI": "Yiii", "MONGOLIAN": "Mong", "SYRIAC": "Syrc", "THAANA": "Thaa", "NKO": "Nkoo",
    "CANADIAN": "Cans", "OL": "Olck", "ADLAM": "Adlm", "CHAKMA": "Cakm", "JAVANESE": "Java",
}

# Official/long forms in Latin script: designator words of many languages, or the inverted "X, Republic of".
OFFICIAL = re.compile(
    r"\b(republic|kingdom|federation|federal|state|states|commonwealth|principality|grand duchy|sultanate|emirates?|"
    r"union|democratic|people'?s|islamic|socialist|plurinational|bolivarian|confederation|dominion|territory|"
    r"rep[uú]blica|republik|republiek|r[ée]publique|repubblica|rzeczpospolita|republika|respublika|respublikasi|"
    r"cumhuriyeti|jamhuri|jamhuuriyadda|jumhuriyat|reino|royaume|k[oö]nigreich|koninkrijk|regno|kongeriket|kongeriget|"
    r"federa[cç][aã]o|federazione|f[ée]d[ée]ration|federaci[oó]n|f[oö]deration|federativa|estado|[ée]tat|staat|stato|"
    r"principaut[ée]|f[uü]rstentum|principado|principato|sultanat|[ée]mirat|conf[ée]d[ée]ration|eidgenossenschaft|"
    r"mamlakat|dawlat|estados|[ée]tats|vereinigte|unidos|unis|zjednoczone)\b", re.IGNORECASE)

RUSSIAN_ONLY = re.compile(r"^[а-яёА-ЯЁ \-]+$")
RU_VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
BGN = {  # BGN/PCGN 1947 romanisation of Russian (lower case; е and ё handled in bgn_pcgn)
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "\u201d",
    "ы": "y", "ь": "\u2019", "э": "e", "ю": "yu", "я": "ya",
}


def bgn_pcgn(text):
    """BGN/PCGN: е -> ye and ё -> yë word-initially and after a vowel, й, ъ or ь; else e, ë."""
    out = []
    previous = ""
    for ch in text:
        low = ch.lower()
        if low in "её":
            after = previous == "" or not previous.isalpha() or previous in RU_VOWELS or previous.lower() in "йъь"
            base = ("ye" if after else "e") if low == "е" else ("yë" if after else "ë")
        elif low in BGN:
            base = BGN[low]
        else:
            base = ch
        if ch != low and base:  # capital: capitalise the first letter of the romanisation
            base = base[0].upper() + base[1:]
        out.append(base)
        previous = ch
    return "".join(out)


def script_of(text):
    counts = collections.Counter()
    for ch in text:
        if ch.isalpha():
            first = unicodedata.name(ch, "UNKNOWN").split()[0]
            if first == "MODIFIER":  # ʻ, ʼ and the like: no script of their own
                continue
            counts[SCRIPTS.get(first, first.title()[:4])] += 1
    if not counts:
        return "Zyyy"
    if counts["Jpan"]:
        return "Jpan"  # kana with or without kanji
    non_latin = [s for s, _ in counts.most_common() if s != "Latn"]
    return non_latin[0] if non_latin else "Latn"


def strip_stress(text):
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text) if c != "\u0301"))


def stable(text):
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)


def read_tsv(path):
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip() and not line.startswith("#")]


def alpha2_to_id():
    mapping = {}
    for fields in read_tsv(os.path.join(ROOT, "Dictionaries", "countries.tsv")):
        match = re.search(r"alpha2=([A-Z]{2})", fields[8] if len(fields) > 8 else "")
        if match:
            mapping[match.group(1)] = fields[0]
    return mapping


def main():
    counts = collections.Counter()
    dropped_codes = collections.Counter()
    with open(DATA, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    ids = alpha2_to_id()

    exclusions = {}
    drop_from = {}
    for action, code, name, reason in read_tsv(os.path.join(HERE, "exclusions.tsv")):
        if action == "drop-from":
            drop_from[code] = name
        else:
            exclusions[(code, name)] = action
    used = set()

    rows = []  # (category, query, expected, language)

    def add(category, query, expected, language):
        rows.append((category, query, expected, language))

    hanzi, kana, russian = [], [], []
    for code, names in data.items():
        code = str(code)
        names = [str(n) for n in names]
        if code == "FAIL":
            for name in names:
                add("neg-cnfail", name, "", script_of(name))
            counts["rule FAIL section -> neg-cnfail"] += len(names)
            continue
        if code in RELABEL_CODES:
            expected = RELABEL_CODES[code][0]
            counts[f"rule relabel {code} -> {expected} ({RELABEL_CODES[code][1]})"] += len(names)
        elif code in EXTRA_CODES:
            expected = EXTRA_CODES[code][0]
            counts[f"rule non-ISO code {code} -> {expected}"] += len(names)
        elif code in ids:
            expected = ids[code]
        else:
            dropped_codes[code] += len(names)
            for name in names:  # demonyms listed for a dropped code still make negatives
                if exclusions.get((code, name)) == "demonym":
                    used.add(("demonym", code, name))
                    counts["rule exclusions.tsv demonym (code without entity)"] += 1
                    add("neg-demonym-cn", name, "", script_of(name))
            continue
        cut = drop_from.get(code)
        if cut is not None:
            used.add(("drop-from", code, cut))
            index = names.index(cut)
            counts[f"rule drop-from {code} {cut!r}"] += len(names) - index
            names = names[:index]
        for name in names:
            action = exclusions.get((code, name))
            if action:
                used.add((action, code, name))
                counts[f"rule exclusions.tsv {action}"] += 1
                if action == "demonym":
                    add("neg-demonym-cn", name, "", script_of(name))
                continue
            script = script_of(name)
            if re.fullmatch(r"[A-Z]{2,3}", name) or name.replace("-", "") == code.replace("-", ""):
                add("code", name, expected, script)
                counts["rule ISO-code-like (2-3 capitals or the section's code) -> code"] += 1
                continue
            if script == "Latn":
                add("official-latin" if OFFICIAL.search(name) else "latin", name, expected, "Latn")
            else:
                add("nonlatin", name, expected, script)
            plain = strip_stress(name)
            letters = [c for c in plain if c.isalpha()]
            if letters and all(script_of(c) == "Hani" for c in letters):
                hanzi.append((plain, expected))
            elif script == "Jpan":
                kana.append((plain, expected))
            elif letters and RUSSIAN_ONLY.match(plain):
                russian.append((plain, expected))
    missing = [key for key in exclusions if (exclusions[key], *key) not in used and key[0] not in dropped_codes]
    if missing:
        print(f"warning: {len(missing)} exclusions.tsv entries match nothing: {missing[:10]}", file=sys.stderr)

    # Romanisations of the data.yaml names (sources: pypinyin, pykakasi, the BGN/PCGN table).
    for han, expected in hanzi:
        syllables = [s for s in lazy_pinyin(han, v_to_u=True, errors=lambda x: [" "] * len(x)) if s.strip()]
        if not syllables:
            continue
        joined = "".join(syllables)
        add("pinyin-joined", joined[0].upper() + joined[1:], expected, "zh")
        add("pinyin-spaced", " ".join(syllables), expected, "zh")
        if stable(han) % 4 == 0:
            hyphen = "-".join(syllables)
            add("pinyin-hyphen", hyphen[0].upper() + hyphen[1:], expected, "zh")
    kakasi = pykakasi.kakasi()
    for text, expected in kana:
        words = []
        for part in kakasi.convert(text.replace("・", " ").replace("＝", " ")):
            words.extend(part["hepburn"].split())
        words = [w for w in words if re.search(r"[a-z]", w)]
        if not words:
            continue
        ascii_form = " ".join(w[0].upper() + w[1:] for w in words)
        add("romaji", ascii_form, expected, "ja")
        macron = re.sub("ou|oo", "ō", ascii_form)
        for double, long in (("uu", "ū"), ("aa", "ā"), ("ee", "ē")):
            macron = macron.replace(double, long)
        if macron != ascii_form:
            add("romaji-macron", macron, expected, "ja")
    for text, expected in russian:
        strict = bgn_pcgn(text)
        add("bgn-ru", strict, expected, "ru")
        simple = strict.replace("\u2019", "").replace("\u201d", "").replace("ë", "e").replace("Ë", "E")
        if simple != strict:
            add("bgn-ru-ascii", simple, expected, "ru")
    counts["romanised: Han-only names (pinyin)"] = len(hanzi)
    counts["romanised: names with kana (romaji)"] = len(kana)
    counts["romanised: Russian-alphabet Cyrillic names (BGN/PCGN)"] = len(russian)

    for kind, language, query in read_tsv(os.path.join(HERE, "negatives.tsv")):
        add("neg-" + kind, query, "", language)

    # Deduplicate; a query (case-folded) labelled with two different ids is a conflict: dropped.
    def key(query):
        return unicodedata.normalize("NFC", query).casefold().strip()
    labels = collections.defaultdict(set)
    for category, query, expected, _ in rows:
        if expected:
            labels[key(query)].add(expected)
    seen = set()
    final = []
    for row in rows:
        category, query, expected, language = row
        k = key(query)
        if not k:
            counts["rule empty query dropped"] += 1
            continue
        if expected and len(labels[k]) > 1:
            counts["rule conflict (same query, two ids) dropped"] += 1
            continue
        if not expected and labels.get(k):
            counts["rule negative that is also a positive query dropped"] += 1
            continue
        if (k, expected) in seen:
            counts["rule duplicate (same folded query and id) dropped"] += 1
            continue
        seen.add((k, expected))
        final.append(row)

    header = [
        "# Nomina independent evaluation set ({split} split). Generated by Tests/Evaluation/independent/generate.py;",
        "# do not edit by hand. Sources: countrynames 1.17.0 data.yaml (OpenSanctions, MIT), romanisations of its",
        "# Chinese/Japanese/Russian names (pypinyin, pykakasi Hepburn, BGN/PCGN), hand-written negatives.tsv,",
        "# filtered by exclusions.tsv. Split by a stable hash (SHA-1) of the expected id (negatives: of the query):",
        "# even -> tune, odd -> report. NEVER use these rows as dictionary data, and tune only on tune.tsv.",
        "# category\tquery\texpected\tmembers\tlanguage",
    ]
    splits = {"tune": [], "report": []}
    for category, query, expected, language in sorted(final, key=lambda r: (r[0], r[2], r[1])):
        split = "tune" if stable(expected or query) % 2 == 0 else "report"
        splits[split].append(f"{category}\t{query}\t{expected}\t\t{language}")
    for split, lines in splits.items():
        with open(os.path.join(HERE, f"{split}.tsv"), "w", encoding="utf-8") as handle:
            handle.write("\n".join(header).format(split=split) + "\n" + "\n".join(lines) + "\n")

    print(f"data.yaml: {sum(len(v) for v in data.values())} entries under {len(data)} codes")
    print(f"dropped, code has no entity in Nomina's gazetteer: {sum(dropped_codes.values())} rows: "
          + ", ".join(f"{c} {n}" for c, n in sorted(dropped_codes.items())))
    for rule, n in sorted(counts.items()):
        print(f"{n:6d}  {rule}")
    by_category = collections.Counter((r[0]) for r in final)
    for split, lines in splits.items():
        per = collections.Counter(line.split("\t")[0] for line in lines)
        print(f"{split}.tsv: {len(lines)} rows: " + ", ".join(f"{c} {per[c]}" for c in sorted(by_category)))


if __name__ == "__main__":
    main()
