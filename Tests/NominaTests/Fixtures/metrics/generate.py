#!/usr/bin/env python3
"""Reference values for Nomina's string metrics, computed by RapidFuzz.

Writes reference.jsonl: one JSON object per pair of strings, with the distances and
similarities of every metric Nomina implements. Run from this folder:

    pip install rapidfuzz==3.14.6
    python3 generate.py

The pairs are reproducible (fixed seed): random strings of length 0-100 over several
alphabets (a small one, so that strings share letters; ASCII; Cyrillic; Han; astral
emoji; combining marks), half of them related by random edits, transpositions and
token shuffles, so that the metrics are exercised near and far from their extremes.
"""
import json
import random

import rapidfuzz
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, DamerauLevenshtein, Indel, Jaro, JaroWinkler, Levenshtein

ALPHABETS = [
    "ab",
    "abcd ",
    "abcdefghijklmnopqrstuvwxyz  ",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -'.",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя ",
    "纳戈尔诺卡拉巴赫阿塞拜疆亚美尼亚 ",
    "aéèêëíîïóôöúùü\u0301\u0308 ",
    "\U0001F600\U0001F601\U0001F602\U00010400\U00010401xy ",
]


def random_string(rng, alphabet, length):
    return "".join(rng.choice(alphabet) for _ in range(length))


def mutate(rng, text, alphabet):
    chars = list(text)
    for _ in range(rng.randint(0, 6)):
        op = rng.randint(0, 4)
        position = rng.randint(0, len(chars)) if chars else 0
        if op == 0:
            chars.insert(position, rng.choice(alphabet))
        elif op == 1 and chars:
            del chars[min(position, len(chars) - 1)]
        elif op == 2 and chars:
            chars[min(position, len(chars) - 1)] = rng.choice(alphabet)
        elif op == 3 and len(chars) > 1:
            i = min(position, len(chars) - 2)
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif op == 4:
            tokens = "".join(chars).split(" ")
            rng.shuffle(tokens)
            chars = list(" ".join(tokens))
    return "".join(chars)[:100]


def main():
    rng = random.Random(20261129)
    with open("reference.jsonl", "w", encoding="utf-8") as out:
        for index in range(10_000):
            alphabet = ALPHABETS[index % len(ALPHABETS)]
            # Short strings are where edge cases live; long ones cross the 64-unit word.
            length = rng.choice([rng.randint(0, 8), rng.randint(0, 40), rng.randint(0, 100)])
            a = random_string(rng, alphabet, length)
            b = mutate(rng, a, alphabet) if index % 2 == 0 else random_string(rng, alphabet, rng.randint(0, 100))
            record = {
                "a": a,
                "b": b,
                "levenshtein": Levenshtein.distance(a, b),
                "osa": OSA.distance(a, b),
                "damerau": DamerauLevenshtein.distance(a, b),
                "indel": Indel.distance(a, b),
                "indel_normalized_similarity": Indel.normalized_similarity(a, b),
                "jaro": Jaro.similarity(a, b),
                "jaro_winkler": JaroWinkler.similarity(a, b),
                "token_sort_ratio": fuzz.token_sort_ratio(a, b),
                "token_set_ratio": fuzz.token_set_ratio(a, b),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote reference.jsonl: 10000 pairs, rapidfuzz {rapidfuzz.__version__}")


if __name__ == "__main__":
    main()
