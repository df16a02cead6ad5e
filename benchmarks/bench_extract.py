"""Benchmark figure extraction from running text against baselines in the same run.

``extract_amounts`` reads 100,000 sentences made from the ``facts`` quotes, contract
sentences with sums in capitals (壹仟贰佰元伍角) and filler clauses, and reports the
time per sentence, side by side with:

1. a loop of JioNLP's ``jio.ner.extract_money`` (the best-known Chinese money extractor,
   ``pip install -e ".[bench]"``), on a sample of the same sentences: it is much
   slower, so a full run would take minutes. Skipped when jionlp is not installed.
2. the floor: ``Series.str.extractall`` with a plain number regex, which finds digits
   and nothing else (no 万, no units, no qualifiers, no Chinese numerals).

It also prints each extractor's accuracy on two fixture sets: the ``facts`` rows in
yuan whose figure is in their quote (found with the stored value?), and 500 generated
contract sentences with a sum in financial capitals and its figure in brackets (both
found with the right value?).

Run: ``python benchmarks/bench_extract.py`` (``--scale 0.1`` for 10,000 sentences).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import warnings

import numpy as np
import pandas as pd
from measure import best_of

from microcommerce.datasets import load
from microcommerce.parse import extract_amounts, format_chinese_number

FILLERS = (
    "据报道,",
    "业内人士认为,",
    "与此同时,",
    "。另据统计,",
    ";而",
    "。数据显示,",
    "记者了解到,",
    "According to the report, ",
    "Meanwhile, ",
    "。",
)


def contract_sentence(rng: np.random.Generator) -> tuple[str, list[float]]:
    """A contract sentence with a sum in capitals and in figures, and the two values."""
    yuan, jiao = int(rng.integers(1, 10**7)), int(rng.integers(0, 10))
    capitals = format_chinese_number(yuan, financial=True) + "元"
    capitals += format_chinese_number(jiao, financial=True) + "角" if jiao else "整"
    value = yuan + jiao / 10
    return f"合同总价为人民币{capitals}(小写¥{value:,.2f}),于签约后付清", [value, value]


def facts_in_yuan() -> list[tuple[str, float]]:
    facts = load("facts")
    keep = [
        isinstance(q, str) and a in q and u == "CNY"
        for q, a, u in zip(facts["quote"], facts["as_written"], facts["unit"], strict=True)
    ]
    return list(zip(facts["quote"][keep], facts["value"][keep], strict=True))


def sentences(rng: np.random.Generator, n: int) -> list[str]:
    quotes = [q for q in load("facts")["quote"] if isinstance(q, str) and q]
    out = []
    for _ in range(n):
        parts = [quotes[i] for i in rng.integers(len(quotes), size=int(rng.integers(1, 3)))]
        if rng.random() < 0.3:
            parts.append(contract_sentence(rng)[0])
        filler = FILLERS[int(rng.integers(len(FILLERS)))]
        out.append(filler.join(parts))
    return out


def ours_found(texts: list[str]) -> list[set[float]]:
    out = extract_amounts(pd.Series(texts))
    found: list[set[float]] = [set() for _ in texts]
    for (row, _), value in out["value"].items():
        found[row].add(value)
    return found


def jionlp_found(jio, texts: list[str]) -> list[set[float]]:
    found = []
    for text in texts:
        with contextlib.redirect_stdout(io.StringIO()):
            moneys = jio.ner.extract_money(text, with_parsing=True)
        values = set()
        for m in moneys:
            num = m.get("detail", {}).get("num")
            if isinstance(num, str):
                values.add(float(num))
        found.append(values)
    return found


def accuracy(found: list[set[float]], wanted: list[list[float]]) -> str:
    hits = sum(w in f for f, ws in zip(found, wanted, strict=True) for w in ws)
    total = sum(len(ws) for ws in wanted)
    return f"{hits}/{total} ({hits / total:.0%})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="shrink or grow the sentence count")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sample", type=int, default=2000, help="sentences timed for jionlp")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    texts = sentences(rng, int(100_000 * args.scale))
    column = pd.Series(texts, dtype="str")
    n = len(texts)

    ours = best_of(args.repeat, lambda: extract_amounts(column))
    floor = best_of(args.repeat, lambda: column.str.extractall(r"(\d+(?:\.\d+)?)"))
    print(f"extract_amounts over {n:,} sentences ({column.nunique():,} distinct)")
    print(f"    ours  {ours * 1e6 / n:8.1f} µs a sentence ({ours:.2f} s)")
    print(
        f"    floor {floor * 1e6 / n:8.1f} µs a sentence: str.extractall with a number regex "
        f"(ours ÷ floor = {ours / floor:.1f})"
    )

    facts = facts_in_yuan()
    contracts = [contract_sentence(rng) for _ in range(500)]
    fixtures = {
        "facts quotes in yuan": ([q for q, _ in facts], [[v] for _, v in facts]),
        "contract sentences": ([s for s, _ in contracts], [v for _, v in contracts]),
    }
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import jionlp as jio
    except ImportError:
        jio = None
        print("    jionlp: skipped, not installed (pip install -e '.[bench]')")
    if jio is not None:
        sample = texts[: args.sample]
        theirs = best_of(1, lambda: jionlp_found(jio, sample))
        ours_sample = best_of(args.repeat, lambda: extract_amounts(pd.Series(sample)))
        print(
            f"    jionlp {theirs * 1e6 / len(sample):7.1f} µs a sentence: a loop of "
            f"jio.ner.extract_money on {len(sample):,} of them (ours on the same: "
            f"{ours_sample * 1e6 / len(sample):.1f} µs; jionlp ÷ ours = "
            f"{theirs / ours_sample:.1f})"
        )
    print("accuracy: figures found with the right value")
    for name, (items, wanted) in fixtures.items():
        line = f"    {name:<22} ours {accuracy(ours_found(items), wanted)}"
        if jio is not None:
            line += f"   jionlp {accuracy(jionlp_found(jio, items), wanted)}"
        print(line)


if __name__ == "__main__":
    main()
