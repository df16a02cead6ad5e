"""The rich display of a cleaning result and its report (see ``core._display``).

Examples
--------
>>> import pandas as pd
>>> from microcommerce.cleaning import clean_orders
>>> raw = pd.DataFrame({"订单号": ["A1", "A2"], "下单时间": ["2020-01-01", "bad"],
...                     "数量": ["1", "2"], "金额": ["10", "20"], "卖家": ["s", "s"]})
>>> print(repr(clean_orders(raw)))
<CleanResult orders: 2 rows in, 1 clean, 1 rejected, 0 duplicates>
  .clean: 1 row × 16 columns
  .rejected: 1 row × 8 columns
  top reason: 1 × date: not a date form we know: 'bad'
"""

from __future__ import annotations

from typing import Any

from microcommerce.core._display import card, frame, frame_shape, pairs, section, text

# The report and result are typed loosely: importing their module here would be a cycle.
CleanReport = CleanResult = Any

#: How many rejection reasons a card and a repr show.
TOP_REASONS = 8


def _counts(r: CleanReport) -> list[tuple[str, Any]]:
    return [
        ("rows in", f"{r.rows_in:,}"),
        ("clean", f"{r.rows_clean:,}"),
        ("rejected", f"{r.rows_rejected:,}"),
        ("duplicates", f"{r.duplicates_removed:,}"),
    ]


def _headline(r: CleanReport) -> str:
    return (
        f"{r.table}: {r.rows_in:,} rows in, {r.rows_clean:,} clean, "
        f"{r.rows_rejected:,} rejected, {r.duplicates_removed:,} duplicates"
    )


def _report_sections(r: CleanReport) -> list[str]:
    reasons = sorted(r.rejected_by_reason.items(), key=lambda kv: -kv[1])
    out = []
    if reasons:
        shown = [(f"{n:,}", reason) for reason, n in reasons[:TOP_REASONS]]
        more = len(reasons) - len(shown)
        body = pairs(shown) + (text(f"… and {more:,} other reasons") if more > 0 else "")
        out.append(section("rejection reasons", body, note=f"{len(reasons):,} reasons", open=True))
    source = r.source or "a DataFrame"
    where = [("source", source), ("encoding", r.encoding or "—"), ("header row", r.header_row)]
    layout = (
        f"{r.layout} — {r.layout_name}"
        if r.layout
        else "not recognised (headers mapped one by one)"
    )
    where += [("layout", layout), ("line model", r.lines)]
    out.append(section("source and layout", pairs(where), open=True))
    mapping = pairs(r.header_mapping.items())
    if r.unmapped_columns:
        mapping += text("ignored: " + ", ".join(r.unmapped_columns))
    out.append(section("columns", mapping, note=f"{len(r.header_mapping)} mapped"))
    derived = [(k, f"{n:,} rows") for k, n in r.derived.items() if n]
    if derived:
        out.append(section("values derived", pairs(derived)))
    if r.statuses is not None:
        from microcommerce.cleaning._statuses import status_lines

        out.append(
            section("statuses", text("\n".join(s.strip() for s in status_lines(r.statuses))))
        )
    return out


def report_html(r: CleanReport) -> str:
    """Build the HTML card of a :class:`~microcommerce.cleaning.CleanReport`."""
    return card(f"CleanReport · {r.table}", _counts(r), _report_sections(r))


def report_text(r: CleanReport) -> str:
    """Write the short text form of a :class:`~microcommerce.cleaning.CleanReport`."""
    return "\n".join([f"<CleanReport {_headline(r)}>", *(f"  {x}" for x in _reason_lines(r))])


def _reason_lines(r: CleanReport) -> list[str]:
    reasons = sorted(r.rejected_by_reason.items(), key=lambda kv: -kv[1])[:3]
    return [f"top reason: {n:,} × {reason}" for reason, n in reasons]


def result_html(res: CleanResult) -> str:
    """Build the HTML card of a :class:`~microcommerce.cleaning.CleanResult`."""
    r = res.report
    frames = [
        section(".clean", frame(res.clean), note=frame_shape(res.clean)),
        section(".rejected", frame(res.rejected), note=frame_shape(res.rejected)),
    ]
    return card(f"CleanResult · {r.table}", _counts(r), _report_sections(r) + frames)


def result_text(res: CleanResult) -> str:
    """Write the short text form of a :class:`~microcommerce.cleaning.CleanResult`."""
    r = res.report
    lines = [f".clean: {frame_shape(res.clean)}", f".rejected: {frame_shape(res.rejected)}"]
    return f"<CleanResult {_headline(r)}>\n" + "\n".join(
        f"  {line}" for line in lines + _reason_lines(r)
    )
