"""The rich display of a cleaning result and its report (see ``core._display``).

Examples
--------
>>> import pandas as pd
>>> from microcommerce.cleaning import clean_orders
>>> raw = pd.DataFrame({"订单号": ["A1", "A2"], "下单时间": ["2020-01-01", "bad"],
...                     "数量": ["1", "2"], "金额": ["10", "20"], "卖家": ["s", "s"]})
>>> print(repr(clean_orders(raw)))
<CleanResult orders: 2 rows in, 1 clean, 1 rejected, 0 duplicates>
  .clean: 1 row × 17 columns
  .rejected: 1 row × 9 columns
  rejected by code: 1 × bad_date
  top reason: 1 × date: not a date form we know: 'bad'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from microcommerce.cleaning._roles import money_basis
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
    codes = getattr(r, "rejected_by_code", None) or {}
    if codes:
        shown = [(f"{n:,}", code) for code, n in codes.items()]
        out.append(section("rejected by code", pairs(shown), note=f"{len(codes):,} codes"))
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
    codes = getattr(r, "rejected_by_code", None) or {}
    by_code = ", ".join(f"{n:,} × {code}" for code, n in codes.items())
    reasons = sorted(r.rejected_by_reason.items(), key=lambda kv: -kv[1])[:3]
    return [f"rejected by code: {by_code}"] * bool(codes) + [
        f"top reason: {n:,} × {reason}" for reason, n in reasons
    ]


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


def decision_lines(
    left_out: Mapping[str, str],
    ignored: Sequence[str],
    line_model: str,
    amount: str | None,
    seller: str | None,
    *,
    ignored_as: str,
) -> list[str]:
    """Write the cleaner's decisions on the columns, a line each.

    The clean summary and ``microcommerce inspect`` both show them.

    Parameters
    ----------
    left_out
        Headers left out → why.
    ignored
        Headers not used, listed after ``ignored_as``.
    line_model
        The line model in words (``""``: none to show).
    amount
        The amount column as ``Roles.described`` gives it (None: no amount column).
    seller
        Where the seller comes from (None: not said).
    ignored_as
        The label of the headers not used.

    Returns
    -------
    list of str
        The lines, each indented by two spaces.

    Examples
    --------
    >>> for line in decision_lines({"金额": "amount: 40% of values fit"}, ["备注"], "",
    ...                            "实付款 (read)", None, ignored_as="ignored"):
    ...     print(line)
      left out: 金额 — amount: 40% of values fit
      ignored: 备注
      money basis: what the buyer paid, after discounts, shipping included (实付款)
    """
    lines = [f"  left out: {header} — {why}" for header, why in left_out.items()]
    if ignored:
        lines.append(f"  {ignored_as}: {', '.join(ignored)}")
    if line_model:
        lines.append(f"  lines: {line_model}")
    if amount is not None:
        lines.append(f"  money basis: {money_basis(amount)}")
    if seller:
        lines.append(f"  seller: {seller}")
    return lines
