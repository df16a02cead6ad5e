"""What the cleaner sees in an order export before it cleans it, and how to change it.

:func:`inspect_export` (``microcommerce inspect FILE``) reads the top of an export and
says: the sheet and the header row, the layout matched or the roles inferred with the
evidence for each (the header, how it was chosen, the share of sampled values that fit),
the columns left out and why, the line model and its evidence, the statuses found and how
each maps, the words not known, where the seller comes from, and the exact command-line
options that would change each decision.

Examples
--------
>>> raw = pd.DataFrame({"跟团号": ["1", "2"], "支付时间": ["2024-05-01", "2024-05-02"],
...     "实付金额": ["10", "20"], "订单状态": ["已完成", "待配送"], "渠道": ["分销", "自营"]})
>>> found = inspect_export(raw, seller="团长")
>>> found.roles["column"].tolist()
['order_id', 'date', 'amount', 'status']
>>> found.unknown_statuses
['待配送']
>>> [o.split("   ")[0] for o in found.options if o.startswith("--alias")]
["--alias 'status:待配送=LABEL'"]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

import pandas as pd

from microcommerce.cleaning._clean import clean_orders
from microcommerce.cleaning._display import decision_lines
from microcommerce.cleaning._headers import header_key
from microcommerce.cleaning._orders import FROM_FILE
from microcommerce.cleaning._roles import infer_roles
from microcommerce.cleaning._schema import STATUSES
from microcommerce.cleaning._statuses import AFTER_SALE, normalize_statuses
from microcommerce.errors import MissingColumnsError
from microcommerce.io import read_table, source_of

__all__ = ["INSPECT_ROWS", "ExportInspection", "inspect_export"]

#: Rows read from the top of a file to inspect it.
INSPECT_ROWS = 20_000


@dataclass(frozen=True)
class ExportInspection:
    """What :func:`inspect_export` found (printed as a readable report).

    Attributes
    ----------
    source, sheet : str or None
        The file and the sheet read.
    header_row : int or None
        The row of the header (None when no header gives the required columns).
    layout : str or None
        The layout matched (name — title), if any.
    roles : DataFrame
        ``column, header, how, fit``: each canonical column, the header read and the
        evidence.
    left_out : dict
        Headers suggested but left out, and why.
    ignored : list of str
        Headers not used.
    line_model : str
        The line model and its evidence.
    statuses : DataFrame
        ``field, text, rows, maps_to`` for each status word found (``maps_to`` empty when
        unknown).
    unknown_statuses : list of str
        The status words not known.
    seller : str or None
        Where the seller comes from.
    problem : str or None
        Why the file cannot be cleaned as it stands (then the options say what to give).
    options : list of str
        The command-line options that would change a decision.
    rows_read : int
        Rows inspected.
    """

    source: str | None
    sheet: str | None
    header_row: int | None
    layout: str | None
    roles: pd.DataFrame
    left_out: dict[str, str]
    ignored: list[str]
    line_model: str
    statuses: pd.DataFrame
    unknown_statuses: list[str]
    seller: str | None
    problem: str | None
    options: list[str] = field(default_factory=list)
    rows_read: int = 0

    def __str__(self) -> str:
        """Give the readable report (:meth:`text`)."""
        return self.text()

    def __repr__(self) -> str:
        """Give the readable report (:meth:`text`)."""
        return self.text()

    def text(self) -> str:
        """Write the report as text (what ``microcommerce inspect`` prints).

        Returns
        -------
        str
            Lines of text: the header row, the layout, each column's header and
            evidence, the line model, the seller, the status words and the options
            that would change a decision.

        Examples
        --------
        >>> shop = pd.DataFrame({"订单编号": ["T1", "T2"], "下单时间": ["2015-01-02", "2015-01-03"],
        ...                      "实付金额": ["10", "20"]})
        >>> for line in inspect_export(shop, seller="蜜语").text().splitlines()[:5]:
        ...     print(line)
        a DataFrame: 2 rows inspected
          header on row 1
          layout: none matched: roles inferred from headers and values
          roles:
            order_id    ← 订单编号 (alias, 100% of values fit)
        """
        where = self.source or "a DataFrame"
        head = f"{where}" + (f", sheet {self.sheet!r}" if self.sheet else "")
        out = [f"{head}: {self.rows_read:,} rows inspected"]
        if self.header_row is not None:
            out.append(f"  header on row {self.header_row}")
        out.append(
            f"  layout: {self.layout or 'none matched: roles inferred from headers and values'}"
        )
        out.append("  roles:")
        for column, header, how, fit in self.roles.itertuples(index=False):
            share = "" if pd.isna(fit) else f", {fit:.0%} of values fit"
            out.append(f"    {column:<11} ← {header} ({how}{share})")
        amount = self.roles.loc[self.roles["column"] == "amount", "header"]
        out += decision_lines(
            self.left_out,
            self.ignored,
            self.line_model,
            f"{amount.iloc[0]} (read)" if len(amount) else None,
            self.seller,
            ignored_as="ignored",
        )
        if len(self.statuses):
            out.append("  statuses:")
            for f, text, rows, maps_to in self.statuses.itertuples(index=False):
                label = maps_to if isinstance(maps_to, str) and maps_to else "UNKNOWN"
                out.append(f"    {f:<10} {text} ({rows:,} rows) → {label}")
        if self.problem:
            out.append(f"  cannot clean as it stands: {self.problem}")
        if self.options:
            out.append("  options that would change a decision:")
            out += [f"    {o}" for o in self.options]
        return "\n".join(out)

    def _repr_html_(self) -> str:
        return f"<pre>{escape(self.text())}</pre>"


def _read(source: Any, sheet: str | int | None, rows: int) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        return source.head(rows)
    kw: dict[str, Any] = {"sheet": sheet} if sheet is not None else {}
    try:
        return read_table(source, nrows=rows, **kw)
    except TypeError:  # a format read whole (parquet)
        return read_table(source, **kw).head(rows)


def _below_header(raw: pd.DataFrame, header_row: int | None) -> pd.DataFrame:
    """Take the rows under the header found, named by it (a title row may stand above it)."""
    if not header_row or header_row <= 1:
        return raw
    at = header_row - (source_of(raw).first_row or 2)
    if not 0 <= at < len(raw):
        return raw
    return raw.iloc[at + 1 :].set_axis([str(h) for h in raw.iloc[at]], axis=1)


def _status_words(
    raw: pd.DataFrame, mapping: Mapping[str, str], aliases: Mapping | None
) -> pd.DataFrame:
    rows = []
    for header, column in mapping.items():
        if column not in ("status", "after_sale") or header not in raw.columns:
            continue
        field_name = "order" if column == "status" else "after_sale"
        counts = raw[header].astype("str").str.strip().replace("", pd.NA).value_counts()
        texts = pd.Series(counts.index, dtype="str")
        labels, _ = normalize_statuses(texts, field_name, (aliases or {}).get(column))
        for text, n, label in zip(texts, counts.to_numpy(), labels, strict=True):
            rows.append((column, text, int(n), "" if pd.isna(label) else str(label)))
    return pd.DataFrame(rows, columns=["field", "text", "rows", "maps_to"])


def _options(found: dict[str, Any], headers: list[str]) -> list[str]:
    """List the exact options (command-line syntax) that would change each decision."""
    out = []
    roles = found["roles"]
    for column, header, how in roles[["column", "header", "how"]].itertuples(index=False):
        if how != "your columns=":
            out.append(f"--ignore '{header}'   (read {column} from another column)")
    for header, why in found["left_out"].items():
        role = why.split(":")[0]
        out.append(f"--column '{header}={role}'   (take it for {role} anyway)")
    for header in found["ignored"]:
        out.append(f"--column '{header}=COLUMN'   (map it)")
    for f, text in found["unknown"]:
        labels = "|".join(STATUSES if f == "status" else AFTER_SALE)
        out.append(f"--alias '{f}:{text}=LABEL'   (LABEL one of {labels})")
    if found["seller_from_file"]:
        out.append("--seller NAME   (name the shop; a shop-name column wins)")
    if found["no_date"]:
        out.append("--date YYYY-MM-DD   (the day of every order; a date is never guessed)")
    return out


def inspect_export(
    source: Any,
    *,
    columns: Mapping[str, str | None] | None = None,
    aliases: Mapping[str, Mapping[str, str]] | None = None,
    layout: str | None = None,
    layouts: object = None,
    seller: str | None = None,
    date: str | None = None,
    sheet: str | int | None = None,
    rows: int = INSPECT_ROWS,
) -> ExportInspection:
    """Say what the cleaner sees in an order export, and which options would change it.

    Parameters
    ----------
    source : str, Path or DataFrame
        An export (path) or a frame read by :func:`~microcommerce.io.read_table`.
    columns, aliases, layout, layouts, seller, date : optional
        As :func:`~microcommerce.cleaning.clean_orders` takes them.
    sheet : str or int, optional
        The sheet of an ``.xlsx`` workbook.
    rows : int, default 20000
        Rows read from the top of the file.

    Returns
    -------
    ExportInspection
        Printed as a readable report (``_repr_html_`` in a notebook).

    Examples
    --------
    >>> shop = pd.DataFrame({"订单编号": ["T1", "T2"], "下单时间": ["2015-01-02", "2015-01-03"],
    ...                      "实付金额": ["10", "20"], "订单状态": ["交易成功", "已发货"]})
    >>> found = inspect_export(shop, seller="蜜语")
    >>> found.roles[["column", "header"]]
         column header
    0  order_id   订单编号
    1      date   下单时间
    2    amount   实付金额
    3    status   订单状态
    >>> found.statuses[["text", "maps_to"]].values.tolist(), found.problem
    ([['交易成功', 'completed'], ['已发货', 'shipped']], None)
    """
    raw = _read(source, sheet, rows)
    info = source_of(raw)
    headers = [str(h) for h in raw.columns]
    problem = None
    try:
        result = clean_orders(
            raw,
            columns=columns,
            aliases=aliases,
            layout=layout,
            layouts=layouts,
            seller=seller,
            date=date,
        )
    except MissingColumnsError as exc:
        problem, result = exc.cli_message, None
    seen = _seen(result, raw, headers, columns, aliases)
    roles, left_out, ignored, mapping = seen[:4]
    layout_name, header_row, line_model, seller_from = seen[4:]
    statuses = _status_words(_below_header(raw, header_row), mapping, aliases)
    unknown = statuses.loc[statuses["maps_to"] == "", ["field", "text"]]
    found = {
        "roles": roles,
        "left_out": left_out,
        "ignored": [h for h in ignored if header_key(h) and h not in left_out],
        "unknown": list(unknown.itertuples(index=False, name=None)),
        "seller_from_file": bool(seller_from and seller_from.startswith(FROM_FILE))
        or bool(problem and "seller" in problem),
        "no_date": bool(problem and "--date" in problem),
    }
    return ExportInspection(
        source=info.path,
        sheet=info.sheet,
        header_row=header_row,
        layout=layout_name,
        roles=roles.reset_index(drop=True),
        left_out=dict(left_out),
        ignored=found["ignored"],
        line_model=line_model,
        statuses=statuses,
        unknown_statuses=unknown["text"].tolist(),
        seller=seller_from,
        problem=problem,
        options=_options(found, headers),
        rows_read=len(raw),
    )


def _seen(
    result: Any,
    raw: pd.DataFrame,
    headers: list[str],
    columns: Mapping[str, str | None] | None,
    aliases: Mapping[str, Mapping[str, str]] | None,
) -> tuple:
    """Say what the cleaner made of the columns: from its report, or from the roles if refused.

    ``(roles, left_out, ignored, mapping, layout, header_row, line_model, seller_from)``.
    """
    if result is None:  # refused (a required column missing): the roles inferred alone
        inferred = infer_roles(raw, headers, "orders", columns, aliases=aliases)
        mapping = {headers[p[0]]: c for c, p in inferred.positions.items()}
        left_out = inferred.left_out
        ignored = [h for h in headers if h not in mapping and h not in left_out]
        return inferred.evidence, left_out, ignored, mapping, None, None, "", None
    r = result.report
    roles = pd.DataFrame(
        [(c, h, *_how(r.roles[c])) for h, c in r.header_mapping.items() if c in r.roles],
        columns=["column", "header", "how", "fit"],
    )
    layout_name = f"{r.layout} — {r.layout_name}" if r.layout else None
    return (
        roles,
        r.left_out,
        list(r.unmapped_columns),
        r.header_mapping,
        layout_name,
        r.header_row,
        r.line_model,
        r.seller_from,
    )


def _how(text: str) -> tuple[str, float]:
    """Split a report's ``header (how, NN% of values fit)`` into how and the share."""
    inner = text[text.rfind("(") + 1 : -1]
    how, _, share = inner.partition(", ")
    fit = float(share.split("%")[0]) / 100 if share.endswith("of values fit") else float("nan")
    return how, fit
