#!/usr/bin/env python3
"""Builds Nomina's development set for the resolver (devset.tsv).

Reads the bundled dictionaries as `nomina export` prints them, and writes labelled
queries in categories:

  typo           English names with one random edit (delete, substitute, transpose, double)
  romanisation   spelling variants of romanisation (q/k, y/i/j, w/v, ph/f, dzh/zh/j, doubled letters)
  formatting     case changes, dropped hyphens, extra spaces, curly apostrophes
  script         names in other scripts and languages (an alias with a language tag)
  official       "Republic of X"-style long forms built from designators
  pair           two countries joined by a dash, "and" or a slash
  negative-word  common English words
  negative-person  person names that are not in the dictionaries (not the people of people.yaml)
  negative-city  city names that are not entities

Usage (from the repository root):
    swift run nomina export > /tmp/nomina-export.jsonl
    python3 Tests/Evaluation/generate.py /tmp/nomina-export.jsonl > Tests/Evaluation/devset.tsv

Columns: category, query, expected id (empty for negatives), expected members (comma
separated, for pairs). pycountry and iso-codes are not used: they stay an independent check.
"""
import json
import random
import sys

WORDS = """able about above accept account across act action add address after again against age agency agent ago
agree ahead air all allow almost alone along already also always among amount analysis and animal another answer any
anyone appear apply area argue arm around arrive art article artist ask assume attack attention audience author
authority available avoid away baby back bad bag ball bank bar base beat beautiful because become bed before begin
behavior behind believe benefit best better between beyond big bill billion bit black blood blue board body book born
both box boy break bring brother budget build building business buy call camera campaign cancer candidate capital car
card care career carry case catch cause cell center central century certain chair challenge chance change character
charge check child choice choose church citizen city civil claim class clear close coach cold collection college color
come commercial common community company compare computer concern condition conference consider consumer contain
continue control cost could country couple course court cover create crime cultural culture cup current customer cut
dark data daughter day dead deal death debate decade decide decision deep defense degree describe design despite
detail determine develop difference different difficult dinner direction director discover discuss discussion disease
doctor dog door down draw dream drive drop drug during each early east easy economic economy edge education effect
effort eight either election else employee end energy enjoy enough enter entire environment especially establish
evening event ever every evidence exactly example executive exist expect experience expert explain eye face fact
factor fail fall family far fast father fear federal feel feeling few field fight figure fill film final finally
financial find fine finger finish fire firm first fish five floor fly focus follow food foot force foreign forget
form former forward four free friend from front full fund future game garden gas general generation girl give glass
goal good government great green ground group grow growth guess gun guy hair half hand hang happen happy hard have
head health hear heart heat heavy help her here herself high history hit hold home hope hospital hot hotel hour house
however huge human hundred husband idea identify image imagine impact important improve include increase indeed
indicate industry information inside instead institution interest international interview into investment involve
issue item itself job join just keep key kid kill kind kitchen know knowledge land language large last late later
laugh law lawyer lay lead leader learn least leave left leg legal less letter level lie life light like likely line
list listen little live local long look lose loss lot love low machine magazine main maintain major majority make man
manage management manager many market marriage material matter maybe mean measure media medical meet meeting member
memory mention message method middle might military million mind minute miss mission model modern moment money month
more morning most mother mouth move movement movie much music must myself name nation national natural nature near
nearly necessary need network never news newspaper next nice night none nor north note nothing notice number occur
offer office officer official often oil old once one only onto open operation opportunity option order organization
other others outside over own owner page pain painting paper parent part participant particular partner party pass
past patient pattern pay peace people per perform performance perhaps period person personal phone physical pick
picture piece place plan plant play player point police policy political politics poor popular population position
positive possible power practice prepare present president pressure pretty prevent price private probably problem
process produce product production professional professor program project property protect prove provide public pull
purpose push quality question quickly quite race radio raise range rate rather reach read ready real reality realize
really reason receive recent recently recognize record red reduce reflect region relate relationship religious remain
remember remove report represent require research resource respond response rest result return reveal rich right rise
risk road rock role room rule run safe same save say scene school science scientist score sea season seat second
section security see seek seem sell send senior sense series serious serve service set seven several shake share she
shoot short shot should shoulder show side sign significant similar simple simply since sing single sister sit site
situation six size skill skin small smile social society soldier some somebody someone something sometimes son song
soon sort sound source south southern space speak special specific speech spend sport spring staff stage stand
standard star start state statement station stay step still stock stop store story strategy street strong structure
student study stuff style subject success successful such suddenly suffer suggest summer support sure surface system
table take talk task tax teach teacher team technology television tell ten tend term test than thank that their them
themselves then theory there these they thing think third this those though thought thousand threat three through
throughout throw thus time today together tonight too top total tough toward town trade traditional training travel
treat treatment tree trial trip trouble true truth try turn two type under understand unit until upon usually value
various very victim view violence visit voice vote wait walk wall want war watch water way weapon wear week weight
well west western what whatever wheel when where whether which while white whole whom whose why wide wife will win
wind window wish with within without woman wonder word work worker world worry would write writer wrong yard yeah
year yes yet young yourself ceasefire talks agreement minister president border region conflict troops peace
statement negotiations foreign ministry spokesperson parties sides mediation""".split()

# Person names that are not entities. Heads of state and government and foreign ministers
# in people.yaml (2022 on) are entities, so they are not listed here.
PEOPLE = """James Smith|Maria Garcia|Robert Johnson|Li Wei|Anna Ivanova|Mohammed Ali|Sofia Rossi|Hans Müller|Yuki Tanaka|
Olga Petrova|Carlos Silva|Fatima Zahra|Pierre Dubois|Emma Wilson|Ahmed Hassan|Chen Jing|Ivan Petrov|
Laura Martínez|Kim Min-jun|Giulia Bianchi|Thomas Anderson|Sarah Connor|John Doe|Jane Roe|Tom Hanks|
Paris Hilton|Elon Musk|Angela Merkel|Jacinda Ardern|Kofi Annan|Ban Ki-moon|Sergei Shoigu|
Hikmet Hajiyev|Zakir Hasanov""".replace("\n", "").split("|")

CITIES = """Springfield|Chicago|Manchester|Lyon|Marseille|Munich|Hamburg|Osaka|Kyoto|Shanghai|Guangzhou|Mumbai|
Kolkata|Karachi|Lahore|Istanbul|Izmir|Saint Petersburg|Novosibirsk|Kharkiv|Lviv|Odessa|Gyumri|Ganja|Sumgait|
Barcelona|Valencia|Seville|Porto|Milan|Naples|Turin|Zurich|Geneva|Rotterdam|Antwerp|Krakow|Gdansk|Toronto|
Vancouver|Montreal|Sydney|Melbourne|Auckland|Cape Town|Durban|Johannesburg|Casablanca|Alexandria|Aleppo|Basra|
Mosul|Tabriz|Isfahan|Shiraz|Medina|Jeddah|Dubai|Abu Dhabi|Doha|Houston|Dallas|Boston|Seattle|Denver|Phoenix|
Atlanta|Detroit|Miami|Orlando|Las Vegas|São Paulo|Rio de Janeiro|Buenos Aires|Córdoba|Medellín|Guadalajara|
Monterrey|Tijuana|Lagos|Kano|Nairobi|Mombasa|Addis Ababa|Dar es Salaam|Kampala|Kigali|Accra|Dakar|Abidjan""".replace("\n", "").split("|")

ROMANISATION = [("k", "q"), ("c", "k"), ("y", "i"), ("i", "y"), ("j", "dzh"), ("j", "zh"), ("w", "v"), ("v", "w"),
                ("f", "ph"), ("ph", "f"), ("ou", "u"), ("u", "ou"), ("s", "z"), ("z", "s"), ("x", "ks"), ("kh", "h")]


def typo(rng, name):
    chars = list(name)
    position = rng.randrange(1, len(chars) - 1)
    op = rng.randrange(4)
    if op == 0:
        del chars[position]
    elif op == 1:
        chars[position] = rng.choice("aeioulnrst")
    elif op == 2:
        chars[position], chars[position + 1] = chars[position + 1], chars[position]
    else:
        chars.insert(position, chars[position])
    return "".join(chars)


def romanise(rng, name):
    lower = name.lower()
    options = [(a, b) for a, b in ROMANISATION if a in lower]
    if not options:
        return None
    a, b = rng.choice(options)
    index = lower.find(a)
    return name[:index] + (b if name[index].islower() else b.capitalize()) + name[index + len(a):]


def main():
    rng = random.Random(2026)
    entities = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    countries = [e for e in entities if e["kind"] in ("country", "territory")]
    named = [e for e in entities if e["kind"] != "pair"]
    rows = []

    def add(category, query, expected="", members=()):
        rows.append((category, query, expected, ",".join(members)))

    for entity in rng.sample(named, min(250, len(named))):
        name = entity["name"]
        if len(name) >= 7:
            add("typo", typo(rng, name), entity["id"])
        variant = romanise(rng, name)
        if variant and variant != name:
            add("romanisation", variant, entity["id"])
        style = rng.randrange(4)
        formatted = [name.upper(), name.replace("-", " "), "  " + name.replace(" ", "  ") + " ", name.replace("'", "\u2019")][style]
        add("formatting", formatted, entity["id"])
        others = [a for a in entity["aliases"] if a["lang"] not in (None, "en")]
        for alias in rng.sample(others, min(2, len(others))):
            add("script", alias["name"], entity["id"])
    for entity in rng.sample(countries, 60):
        form = rng.choice(["Republic of {}", "The Republic of {}", "{} Republic", "State of {}", "Kingdom of {}"])
        add("official", form.format(entity["name"]), entity["id"])
    pairs = {tuple(sorted(e["members"])): e["id"] for e in entities if e["kind"] == "pair"}
    sovereign = [e for e in countries if e["kind"] == "country"]
    for _ in range(120):
        a, b = rng.sample(sovereign, 2)
        joiner = rng.choice(["–", "-", " and ", "/"])
        expected = pairs.get(tuple(sorted((a["id"], b["id"]))), a["id"] + "+" + b["id"])
        members = (a["id"], b["id"]) if "+" in expected else tuple(next(e for e in entities if e["id"] == expected)["members"])
        add("pair", a["name"] + joiner + b["name"], expected, members)
    for word in rng.sample(WORDS, 400):
        add("negative-word", rng.choice([word, word.capitalize()]))
    for person in PEOPLE:
        add("negative-person", person)
    for city in CITIES:
        add("negative-city", city)

    print("# Nomina resolver development set. Generated by Tests/Evaluation/generate.py (seed 2026)")
    print("# from `nomina export`; do not edit by hand.")
    print("# category\tquery\texpected\tmembers")
    for row in rows:
        print("\t".join(row))


if __name__ == "__main__":
    main()
