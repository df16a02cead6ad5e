"""``microcommerce parse TEXT …``: the fields of figures (约2.5亿元) or dates (``--date``)."""

from __future__ import annotations

import argparse
import json
import math

from microcommerce._quote import escape_invisible


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``parse`` command to the command line's subcommands."""
    p = sub.add_parser(
        "parse",
        help="parse amounts (约2.5亿元, 近3000万人, 两三千) or dates (--date) and print the fields",
        description="Parse figures or dates as written in Chinese or English material.",
    )
    p.add_argument("texts", nargs="+", metavar="TEXT", help="the figure(s) or date(s) to parse")
    p.add_argument("--date", action="store_true", help="parse the texts as dates")
    p.add_argument("--ref-year", type=int, help="year for dates written without one")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the fields of each text; exit 1 when one of them could not be parsed."""
    records = [_record(text, args.date, args.ref_year) for text in args.texts]
    if args.json:
        clean = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in records
        ]
        print(json.dumps(clean, ensure_ascii=False, indent=2))
    else:
        for i, record in enumerate(records):
            if i:
                print()
            for key, value in record.items():
                shown = _format_number(value) if isinstance(value, float) else value
                print(f"{key:<10} {escape_invisible('—' if shown is None else shown)}")
    return 1 if any(record["error"] is not None for record in records) else 0


def _record(text: str, date: bool, ref_year: int | None) -> dict[str, object]:
    from microcommerce.parse import parse_amount, parse_date

    if not date:
        return {"text": text, **parse_amount(text)._asdict()}
    span = parse_date(text, ref_year=ref_year)
    return {
        "text": text,
        "start": None if span.error else span.start.isoformat(),
        "end": None if span.error else span.end.isoformat(),
        "precision": span.precision,
        "error": span.error,
    }


def _format_number(value: float) -> str:
    if math.isnan(value):
        return "—"
    if value == int(value) and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")
