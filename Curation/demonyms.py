#!/usr/bin/env python3
"""Generates Dictionaries/demonyms.yaml from the hand-written Curation/demonyms.tsv.

    python3 Curation/demonyms.py > Dictionaries/demonyms.yaml

The table gives, per country and language, the forms a curator wrote; this script adds
the regular inflections (plurals, feminines, German adjective endings, Russian adjective
case forms) by the rules below, and writes one `extend:` entry per country with a
`demonyms:` mapping of language to forms. Standard library only; the output depends on
the table alone, so a test regenerates it and compares.

Rules (a form starting with "!" is taken as written, with nothing added):
- en: a noun in -hman/-hwoman adds -men ("Frenchmen"); a form ending in -ese, -ss, -sh, -ch, -s, -x, -z, -i of
  an adjective only ("Swiss", "Polish", "Chinese") adds nothing; others add -s.
- fr: "m/f" gives the feminine, else: -e stays, -ien/-éen add -ne, others add -e;
  plurals add -s unless ending in -s or -x.
- es: "m/f" gives the feminine, else -o → -a, -és → -esa, -án → -ana, -ín → -ina, -ol
  → -ola, a vowel or -í/-ú stays; plurals: an unstressed vowel adds -s, -í/-ú add -es,
  a consonant adds -es (the stress mark of -és/-án/-ín/-ís dropped: "ingleses").
- it: -o → -a, -i, -e (-co/-go: both -ci/-chi and -gi/-ghi; -ca/-ga → -che/-ghe);
  -e → -i; -a (belga, cipriota) → -i, -e.
- pt: "m/f" gives the feminine, else -o → -a, -ês → -esa; plurals: a vowel adds -s,
  -ês → -eses/-esas.
- de: a form in small letters is an adjective: -e, -en, -er, -es, -em added; a
  capitalised one is a noun: -er → the same plural, -erin, -erinnen; -e → -en, -in,
  -innen; -i → -is; others → -en, -in, -innen ("Jemenit").
- ru: -ский/-цкий adjectives add the case forms of every gender and the plural; other
  forms are nouns as written.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "demonyms.tsv")


def english(form):
    # Frenchman, Dutchwoman (not German).
    if form.endswith("man") and len(form) > 4 and form[-4] == "h":
        return [form, form[:-3] + "men"]
    if form.endswith(("ese", "ss", "sh", "ch", "s", "x", "z")) or form in ("Swiss",):
        return [form]
    return [form, form + "s"]


def plural_s(form):
    return [form] if form.endswith(("s", "x")) else [form + "s"]


def french(form):
    masculine, feminine = split(form, lambda m: m if m.endswith("e") else m + "ne" if m.endswith(("ien", "éen")) else m + "e")
    return unique([masculine, feminine] + plural_s(masculine) + plural_s(feminine))


UNSTRESS = {"és": "es", "án": "an", "ín": "in", "ís": "is", "ón": "on"}


def spanish_feminine(m):
    if m.endswith("o"):
        return m[:-1] + "a"
    for stressed, plain in (("és", "esa"), ("án", "ana"), ("ín", "ina")):
        if m.endswith(stressed):
            return m[:-2] + plain
    if m.endswith("ol"):
        return m + "a"
    return m


def spanish_plural(form):
    if form.endswith(("a", "e", "i", "o", "u", "é")):
        return form + "s"
    if form.endswith(("í", "ú")):
        return form + "es"
    for stressed, plain in UNSTRESS.items():
        if form.endswith(stressed):
            return form[:-len(stressed)] + plain + "es"
    return form + "es"


def spanish(form):
    masculine, feminine = split(form, spanish_feminine)
    return unique([masculine, feminine, spanish_plural(masculine), spanish_plural(feminine)])


def italian(form):
    if form.endswith("o"):
        stem = form[:-1]
        forms = [form, stem + "a"]
        if stem.endswith(("c", "g")):
            forms += [stem + "i", stem + "hi", stem + "he"]
        else:
            forms += [stem + "i", stem + "e"]
        return unique(forms)
    if form.endswith("e"):
        return [form, form[:-1] + "i"]
    if form.endswith("a"):
        stem = form[:-1]
        return unique([form, stem + "i", stem + ("he" if stem.endswith(("c", "g")) else "e")])
    return [form]


def portuguese(form):
    def feminine(m):
        if m.endswith("o"):
            return m[:-1] + "a"
        if m.endswith("ês"):
            return m[:-2] + "esa"
        return m

    def plural(f):
        if f.endswith("ês"):
            return f[:-2] + "eses"
        if f.endswith(("a", "e", "i", "o", "u")):
            return f + "s"
        return None

    masculine, feminine_form = split(form, feminine)
    return unique([masculine, feminine_form] + [p for p in (plural(masculine), plural(feminine_form)) if p])


def german(form):
    if form[0].islower():
        return [form] + [form + ending for ending in ("e", "en", "er", "es", "em")]
    if "/" in form:
        masculine, feminine = form.split("/")
        return unique([masculine, masculine + ("n" if masculine.endswith("e") else ""), feminine, feminine + "nen"])
    if form.endswith("er"):
        return [form, form + "n", form + "in", form + "innen"]
    if form.endswith("e"):
        return [form, form + "n", form[:-1] + "in", form[:-1] + "innen"]
    if form.endswith("i"):
        return [form, form + "s"]
    return [form, form + "en", form + "in", form + "innen"]


RUSSIAN_ADJECTIVE = ["ий", "ая", "ое", "ие", "ого", "ому", "им", "ом", "ой", "ую", "их", "ими"]


def russian(form):
    if form.endswith(("ский", "цкий")):
        stem = form[:-2]
        return [stem + ending for ending in RUSSIAN_ADJECTIVE]
    return [form]


def split(form, feminine):
    if "/" in form:
        masculine, written = form.split("/", 1)
        return masculine, written
    return form, feminine(form)


def unique(forms):
    seen = []
    for form in forms:
        if form not in seen:
            seen.append(form)
    return seen


RULES = {"en": english, "fr": french, "es": spanish, "it": italian, "pt": portuguese, "de": german, "ru": russian}


def expand(language, written):
    if written.startswith("!"):
        return [written[1:]]
    return RULES[language](written)


def main():
    table = {}
    order = []
    with open(SOURCE, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 3 or fields[1] not in RULES:
                sys.exit(f"{SOURCE}:{number}: expected id, language (one of {', '.join(RULES)}) and forms")
            entity, language, forms = fields
            if entity not in table:
                table[entity] = {}
                order.append(entity)
            names = table[entity].setdefault(language, [])
            for written in (part.strip() for part in forms.split(",")):
                for form in expand(language, written):
                    if form not in names:
                        names.append(form)
    out = sys.stdout
    out.write("# Demonyms and adjectives of countries, territories and regions (\"Armenian\", \"arménienne\",\n")
    out.write("# \"armenisch\", \"армянский\"): words that refer to a country without naming it. The resolver\n")
    out.write("# never reads one as a name, and they stop approximate matches (docs/matching.md).\n")
    out.write("# GENERATED by Curation/demonyms.py from Curation/demonyms.tsv (written by hand by Nomina's\n")
    out.write("# curators, 2026-12-04); edit the table and regenerate, do not edit this file.\n")
    out.write("source: Curation/demonyms.tsv (hand-written), inflections by Curation/demonyms.py\n")
    out.write("entities:\n")
    for entity in order:
        out.write(f"  - extend: {entity}\n    demonyms:\n")
        for language in RULES:
            if language in table[entity]:
                names = ", ".join(quote(name) for name in table[entity][language])
                out.write(f"      {language}: [{names}]\n")


def quote(name):
    return f'"{name}"' if any(c in name for c in ",:[]{}#&*!|>'\"%@`") or name[0] in "-?" else name


if __name__ == "__main__":
    main()
