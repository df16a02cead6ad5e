"""Figures and dates found in running text, one row per match (like ``str.extractall``).

How a figure is found
---------------------
Each distinct text is folded character by character (full-width digits, 萬, 圓 …
become what the parsers read, and the length does not change, so offsets point
into the original). Dates, times, phone numbers and labelled ids (订单号, 型号,
SKU …) are masked first: a figure next to 年, 月 or 日 is a date, not money. What
is left is cut into *runs* of pieces the amount grammar knows (numbers, Chinese
numerals, units, qualifiers, range separators, 含/不含 marks), and each run is
read by :func:`~microcommerce.parse.parse_amount`: whole when it can, else as the
longest readable pieces from left to right. "From X to Y" after a verb of change
(grew, 增长到) is two figures, not a range.

A readable run is still no figure when it is glued to letters or digits (``XR-2000``,
``iPhone12``, ``No.3``), an ordinal (第3), a four-digit whole number from 1900 to
2100 with no unit (a year), a lone English "one", or Chinese numerals that are
words more often than figures: one digit with no unit or qualifier (三星, 九阳),
numerals starting with 百, 千, 万 or 亿 (千万不要, 万一), and 一 with a unit other
than money (一家公司, 一人).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator

import numpy as np
import pandas as pd

from microcommerce.parse._amount import (
    CLOSED,
    PREFIX_QUALIFIERS,
    PREFIX_UNITS,
    QUALIFIERS,
    SUFFIX_QUALIFIERS,
    SUFFIX_UNITS,
    UNITS,
    Amount,
    parse_amount,
)
from microcommerce.parse._amount_fast import parse_amounts
from microcommerce.parse._columns import category, factorize
from microcommerce.parse._dates import MONTHS, PRECISIONS
from microcommerce.parse._dates_fast import parse_dates
from microcommerce.parse._text import fold_in_place

# ---------------------------------------------------------------------------
# What is masked before figures are looked for
# ---------------------------------------------------------------------------

_MEASURES = "斤两个件盒只瓶包袋次份张本支条片箱杯碗"
_CN_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_CN_TIME = (
    r"(?:\s?(?:上午|下午|晚上|凌晨|中午|早上|早晨|傍晚|夜里)?\s?" + _CN_SMALL + r"[点时]"
    r"(?:\s?(?:\d{1,2}|半|[一二三四五六七八九十]{1,3})分?)?)?"
)
_CN_DAY = _CN_SMALL + r"\s?月份?(?:\s?" + _CN_SMALL + r"\s?[日号]" + _CN_TIME + ")?"
_MONTH = r"\b(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_FORMS = (
    # 2015-07-22 15:30:00+08:00, 2013/7/9, 2013.7.9
    r"(?<![\d.])(?:19|20)\d{2}(?P<dsep>[-/.])\d{1,2}(?P=dsep)\d{1,2}(?:[t\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:z|[+-]\d{2}:?\d{2})?)?(?![\d])",
    r"(?<![\d.])(?:19|20)\d{2}[-/.]\d{1,2}(?![\d.元块万亿%])",  # 2015-07
    # 2015年7月22日下午3点, 2015年上半年, 2015年第三季度, 二〇一三年七月; 15年7月1日
    r"(?:(?<!\d)\d{4}|[〇零一二三四五六七八九]{4})\s?年(?:\s?(?:上半年|下半年|第?[1-4一二三四]\s?季度"
    r"|q[1-4]|h[12]|" + _CN_DAY + "))?",
    r"(?<!\d)\d{2}\s?年\s?" + _CN_DAY,
    r"(?<![\d.])" + _CN_DAY,  # 7月22日, 6月 (a year is needed to read them)
    r"(?<![\d.])" + _CN_SMALL + r"\s?[日号]",  # 23日: a day, never money
    r"(?<!\d)(?:19|20)\d{2}\s?-?\s?[qh][1-4]\b|\b[qh][1-4]\s?-?\s?(?:19|20)\d{2}(?!\d)",
    _MONTH + r"\s?\d{1,2}" + _ORD + r"(?:,?\s(?:19|20)\d{2})?(?!\d)",  # July 22nd, 2015
    r"(?<![\d.])(?:the\s)?\d{1,2}" + _ORD + r"\s(?:of\s)?" + _MONTH + r"(?:,?\s(?:19|20)\d{2})?",
    _MONTH + r"\s(?:19|20)\d{2}(?!\d)",  # July 2015
    r"(?<=\bin\s)(?:19|20)\d{2}(?![\d%])",  # in 2018
    r"(?<=\bsince\s)(?:19|20)\d{2}(?![\d%])",
)
# Each pattern below starts with a lookahead on the characters a match can begin with:
# Python's re tries every alternative at every position, and most characters of a
# Chinese sentence begin none, so the lookahead makes the scan several times faster.
_DATE_START = "(?=[0-9〇零一二三四五六七八九十a-z])"
_DATE_RE = re.compile(_DATE_START + "(?:" + "|".join(f"(?:{f})" for f in _DATE_FORMS) + ")")
_BLOCK_RE = re.compile(
    "(?=[0-9+〇零一二三四五六七八九十订单编货型款a-z])(?:"
    + "|".join(
        [
            f"(?:{f})"
            for f in (
                *_DATE_FORMS,
                r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)",  # 10:30
                r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)",  # mobile numbers
                r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|(?<!\d)[48]00-?\d{3}-?\d{4}(?!\d)",  # landlines
                r"(?<![\d.,])\d{12,}(?![\d.])",  # order and tracking numbers
                r"(?:订单号|订单编号|单号|编号|货号|型号|款号|sku|\bid|\bno\.?)\s?[:#]?\s?[a-z0-9_-]+",
                # 三毛五一斤, 5元一个: 'one jin', 'each', not more of the sum
                r"(?<=[元块毛角分钱零〇一二两三四五六七八九])一(?=[" + _MEASURES + "])",
            )
        ]
    )
    + ")"
)
_MASK = "\ue000"  # a private-use character: never part of a figure

# ---------------------------------------------------------------------------
# Runs: pieces the amount grammar knows
# ---------------------------------------------------------------------------

_EN_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
)  # fmt: skip
_EN_WORDS = (
    *_EN_NUMBER_WORDS, "hundred", "thousand", "million", "billion", "trillion", "mn", "mln",
    "bn", "tn", "to", "or", "and", "between", "plus",
)  # fmt: skip
_EN_PHRASES = (
    "more than", "less than", "fewer than", "in excess of", "at least", "up to", "or more",
    "or less", "per cent", "u.s. dollars", "u.s. dollar", "us dollars", "us dollar",
)  # fmt: skip
_CJK_PIECES = {
    w
    for w in (*SUFFIX_UNITS, *PREFIX_UNITS, *PREFIX_QUALIFIERS, *SUFFIX_QUALIFIERS)
    if not w.isascii()
} | {
    "至",
    "到",
    "个",
    "角",
    "毛",
    "分",
    "钱",
    "整",
    "正",
    "(含)",
    "(不含)",
    "(含本数)",
    "(不含本数)",
}
_LATIN_PIECES = {
    w
    for w in (*SUFFIX_UNITS, *PREFIX_UNITS, *PREFIX_QUALIFIERS, *SUFFIX_QUALIFIERS, *_EN_WORDS)
    if w.isascii() and w.isalpha()
}
_START = "start"  # a piece a figure can begin with
_NUMBER_AHEAD = r"(?=\s?[\d零〇一二两三四五六七八九十百千几数壹贰叁肆伍陆柒捌玖])"
_CJK_PREFIXES = sorted(
    {w for w in (*PREFIX_UNITS, *PREFIX_QUALIFIERS) if not w.isascii()} - {"近"},
    key=len,
    reverse=True,
)
_LATIN_PREFIXES = sorted(
    {w for w in (*PREFIX_UNITS, *PREFIX_QUALIFIERS) if w.isascii() and w.isalpha()},
    key=len,
    reverse=True,
)
_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟几数"
_PIECE_FIRST = sorted(
    {w[0] for w in (*_CJK_PIECES, *_CJK_PREFIXES)} | set(_NUMERAL_CHARS) | set("近上从-~%+($¥")
)
_PIECE_RE = re.compile(
    "(?=[0-9a-z" + "".join(map(re.escape, _PIECE_FIRST)) + "])"
    r"(?:(?P<start>"
    r"(?<!\d)(?<!\d,)\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)|\d+(?:\.\d+)?"  # 1,280.5, 1280.5
    r"|[零〇一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟几数]+"
    r"(?:点[零〇一二三四五六七八九]+[十百千万亿]*)?"
    r"|(?:" + "|".join(map(re.escape, _CJK_PREFIXES)) + r"|us\$|¥|\$)" + _NUMBER_AHEAD
    + r"|(?<![最附])近" + _NUMBER_AHEAD  # 最近 is 'recently', 附近 'nearby'
    + r"|上(?=[十百千万亿])"  # 上百万
    r"|\b(?:" + "|".join(_LATIN_PREFIXES) + r"|more than|less than|fewer than|in excess of"
    r"|at least|up to|between)\b(?=\s?[\d$a-z])"
    r"|\ban?(?=\s(?:hundred|thousand|million|billion|trillion)\b)"
    r"|\b(?:" + "|".join(sorted(_EN_NUMBER_WORDS, key=len, reverse=True)) + r")\b"
    r")"
    r"|(?P<piece>"
    r"(?<=\d)(?:kw|k|w|m|mn|bn|tn)(?![a-z])"  # 3k, 30w, 1.5kw, $10m: right after digits
    + "".join(f"|{re.escape(p)}" for p in _EN_PHRASES)
    + r"|\b(?:" + "|".join(sorted(_LATIN_PIECES, key=len, reverse=True)) + r")\b"
    r"|" + "|".join(map(re.escape, sorted(_CJK_PIECES, key=len, reverse=True)))
    + r"|-+|~+|%|\+|\bfrom\b|从"
    r"))"
)  # fmt: skip
_GAP = re.compile(r"\s?")  # pieces of a run are at most one space apart
_SEPARATOR_PIECES = {"-", "~", "至", "到", "to", "or"}
_DANGLING = {*_SEPARATOR_PIECES, "and", "between", "from", "从"}  # nothing after them
_CHANGE = re.compile(
    r"(?:grow|grew|grown|rose|risen|rise|fell|fallen|fall|increas|decreas|declin|dropp|jump|"
    r"climb|surg|expand|shrank|shrunk|went|go|增长|增加|上升|下降|减少|提高|降低|降至|涨|跌|扩大|"
    r"缩小|升至|增至|由)\w*\s?(?:from\s|从)?\s?$"
)


def _runs(folded: str) -> list[list[tuple[int, int, bool]]]:
    """Cut a folded text into runs of pieces: (start, end, can start a figure) each."""
    runs: list[list[tuple[int, int, bool]]] = []
    current: list[tuple[int, int, bool]] = []
    pos = 0
    for m in _PIECE_RE.finditer(folded):
        if current and folded[current[-1][1] : m.start()] not in ("", " "):
            runs.append(current)
            current = []
        current.append((m.start(), m.end(), m.lastgroup == _START))
        pos = m.end()
    del pos
    if current:
        runs.append(current)
    return runs


# ---------------------------------------------------------------------------
# Bounds that keep the work linear in the text's length
# ---------------------------------------------------------------------------

MAX_PIECES = 12
"""The most pieces one figure is read from (``more than 25 million US dollars`` is 5)."""
MAX_SPAN = 64
"""The longest figure, in characters (twice the longest in the ``facts`` quotes)."""
WINDOW = 4096
"""Texts longer than this are read a window at a time, cut where no figure can cross."""
SENTENCE_END = re.compile(r"[。！？；!?;\n]|\.(?=\s|$)")
"""Chinese or Western end punctuation; a full stop only before a space or the end (1.2, U.S.)."""
# Characters a figure or a date can hold: a cut between two others splits neither.
_FIGURE_CHARS = re.escape(
    "".join(
        sorted(
            {c for w in (*_CJK_PIECES, *_CJK_PREFIXES) for c in w}
            | set(_NUMERAL_CHARS + "年月日号时点第季度半上下" + "0123456789.,%$¥~+-()#:/_")
        )
    )
)
_CUTS = (
    SENTENCE_END,
    re.compile(r"[,、](?![\d\s])|\s{2,}"),  # a comma not in 1,000 or 'July 22, 2015'; spaces
    re.compile(f"(?<=[^a-z{_FIGURE_CHARS}])(?=[^a-z{_FIGURE_CHARS}])"),  # between two words
)


def windows(folded: str) -> list[tuple[int, str]]:
    """Cut a long folded text into windows of at most :data:`WINDOW` characters.

    Each window ends at the last sentence end in its second half, else at the last
    comma or run of spaces there, else between two characters that no figure or date
    holds: figures and dates never cross any of these, so reading the windows one by
    one finds what reading the whole text would. Only a text with none of them in
    2,048 characters (``1万1万1万…``) is cut at the window's length.

    Parameters
    ----------
    folded
        A text folded by ``fold_in_place`` (digits,
        commas and letters in their ASCII forms).

    Returns
    -------
    list of (int, str)
        Each window's offset in ``folded`` and the window itself; joined, they are
        ``folded``.

    Examples
    --------
    >>> [(offset, len(w)) for offset, w in windows("短句。" * 2000)]
    [(0, 4095), (4095, 1905)]
    """
    out = []
    start = 0
    while len(folded) - start > WINDOW:
        low, high = start + WINDOW // 2, start + WINDOW
        cut = high
        for pattern in _CUTS:
            # one character past the window, so that what follows a cut is seen
            found = pattern.finditer(folded, low, high + 1)
            ends = [e for m in found if (e := m.end()) <= high]
            if ends:
                cut = ends[-1]
                break
        out.append((start, folded[start:cut]))
        start = cut
    out.append((start, folded[start:]))
    return out


# ---------------------------------------------------------------------------
# Is a readable run a figure?
# ---------------------------------------------------------------------------

_PREFIX = re.compile(
    "^(?:" + "|".join(map(re.escape, sorted(PREFIX_QUALIFIERS, key=len, reverse=True))) + ")"
)
_CN_NUMERAL = re.compile(r"^[零〇一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟几数点]+")
_GLUED_BEFORE = re.compile(r"(?:[a-z0-9_]|[a-z0-9_][-/.#])$")
_GLUED_AFTER = re.compile(r"^(?:[a-z0-9]|[-/.][a-z0-9])")
_MAGNITUDE = re.compile("[十百千万亿兆拾佰仟]")
_YEAR_END = re.compile(r"(?<![\d.,])(?:19|20)\d{2}$")


def _is_figure(folded: str, start: int, end: int, a: Amount) -> bool:
    """Whether a readable run is a figure, not a code, an ordinal, a year or a word."""
    text = folded[start:end]
    before, after = folded[max(0, start - 2) : start], folded[end : end + 2]
    if text[0].isascii() and text[0].isalnum() and _GLUED_BEFORE.search(before):
        return False  # XR-2000, No.3
    if text[-1].isascii() and text[-1].isalnum() and _GLUED_AFTER.match(after):
        return False  # 2000a, 1.2.3, 10km
    if before.endswith(("第", _MASK)) or text == "one":
        return False  # 第3名; 6月21至23日 (a figure glued to a date is part of it)
    if a.unit is None and a.qualifier != "range" and _YEAR_END.search(text):
        return False
    core = _PREFIX.sub("", text)
    numeral = _CN_NUMERAL.match(core)
    if numeral is None:
        return True
    word = numeral.group()
    if a.unit is None and (len(word) == 1 or not _MAGNITUDE.search(word)):
        return False  # 三星, 几个, 三九集团
    if core == text and word[0] in "百千万亿兆佰仟":
        return False  # 千万不要, 万一 (but 超百万 is a figure)
    return not (word in ("一", "壹") and a.unit not in (None, "CNY"))  # 一家公司


def _read(text: str, cache: dict[str, Amount]) -> Amount:
    a = cache.get(text)
    if a is None:
        cache[text] = a = parse_amount(text)
    return a


def _joins(pieces: list[str], ands: list[int], i: int, j: int) -> bool:
    """Tell whether each 'and' in ``pieces[i:j]`` joins English number words, not two figures.

    Two hundred and five, between 3 and 5; but not 999w and 1.1亿. ``ands`` are the
    positions of the run's 'and' pieces.
    """
    return pieces[i] == "between" or all(pieces[k - 1] in _EN_WORDS for k in ands if i < k < j)


def _segment(
    folded: str, run: list[tuple[int, int, bool]], cache: dict[str, Amount]
) -> list[tuple[int, int, Amount]]:
    """Find the longest readable figures of a run, left to right.

    A figure is tried at most :data:`MAX_PIECES` pieces and :data:`MAX_SPAN`
    characters long, so the work at each piece is bounded whatever the run's length.
    """
    pieces = [folded[s:e] for s, e, _ in run]
    ands = [k for k, p in enumerate(pieces) if p == "and"]
    found = []
    i = 0
    while i < len(run):
        if not run[i][2]:
            i += 1
            continue
        for j in range(min(len(run), i + MAX_PIECES), i, -1):
            start, end = run[i][0], run[j - 1][1]
            if end - start > MAX_SPAN or pieces[j - 1] in _DANGLING:
                continue
            if ands and not _joins(pieces, ands, i, j):
                continue
            a = _read(folded[start:end], cache)
            if a.error is None:
                found.append((start, end, a))
                i = j
                break
        else:
            i += 1
    return found


def _split_changes(folded: str, run: list[tuple[int, int, bool]]) -> list[list]:
    """Cut a run at its range separator when a verb of change comes before it."""
    seps = [k for k, (s, e, _) in enumerate(run) if folded[s:e] in _SEPARATOR_PIECES]
    if not seps or not _CHANGE.search(folded[max(0, run[0][0] - 24) : run[0][0]]):
        return [run]
    k = seps[0]
    return [run[:k], run[k + 1 :]]


def _trim(folded: str, run: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Drop what cannot begin a figure (到, from, a unit) and a dangling to, or, and."""
    while run and (not run[0][2] or folded[run[0][0] : run[0][1]] in ("from", "从")):
        run = run[1:]
    while run and folded[run[-1][0] : run[-1][1]] in _DANGLING:
        run = run[:-1]
    return run


_Window = tuple[int, str, list[list[tuple[int, int, bool]]]]


def _candidate_runs(text: str) -> Iterator[_Window]:
    """Fold a text and mask each window; cut its runs at a verb of change and trim them."""
    for offset, window in windows(fold_in_place(text)):
        folded = _BLOCK_RE.sub(_mask, window)
        runs = [
            trimmed
            for run in _runs(folded)
            for part in _split_changes(folded, run)
            if (trimmed := _trim(folded, part))
        ]
        yield offset, folded, runs


def _bounded(run: list[tuple[int, int, bool]]) -> bool:
    """Whether a whole run is short enough to be read as one figure."""
    return len(run) <= MAX_PIECES and run[-1][1] - run[0][0] <= MAX_SPAN


_BATCH = 1 << 20  # characters of windows read together: memory stays bounded on any text


def _figures(uniques: list[object]) -> list[list[tuple[int, int, Amount]]]:
    """Find the figures of each distinct text: (start, end, amount) each.

    Windows are read in batches of about :data:`_BATCH` characters: the whole runs
    of a batch are parsed at once (the column parser's fast paths), then each run is
    cut into figures, so what is held at a time does not grow with the text.
    """
    per_text: list[list[tuple[int, int, Amount]]] = [[] for _ in uniques]
    batch: list[tuple[int, int, str, list]] = []

    def read_batch() -> None:
        whole = {
            folded[run[0][0] : run[-1][1]]
            for _, _, folded, runs in batch
            for run in runs
            if _bounded(run)
        }
        cache = _read_all(sorted(whole))
        for k, offset, folded, runs in batch:
            per_text[k].extend(
                (offset + s, offset + e, a)
                for run in runs
                for s, e, a in _segment(folded, run, cache)
                if _is_figure(folded, s, e, a)
            )
        batch.clear()

    size = 0
    for k, text in enumerate(uniques):
        if not isinstance(text, str):
            continue
        for offset, folded, runs in _candidate_runs(text):
            batch.append((k, offset, folded, runs))
            size += len(folded)
            if size >= _BATCH:
                read_batch()
                size = 0
    read_batch()
    return per_text


def _read_all(texts: list[str]) -> dict[str, Amount]:
    """Parse distinct candidate texts at once (the column parser's fast paths)."""
    out = parse_amounts(pd.Series(texts, dtype="str"))
    columns = [
        out[c].astype(object).where(out[c].notna(), None).tolist()
        for c in ("unit", "qualifier", "error", "closed")
    ]
    numbers = [out[c].tolist() for c in ("value", "low", "high")]
    return {
        t: Amount(v, lo, hi, u, q, e, c)
        for t, v, lo, hi, u, q, e, c in zip(texts, *numbers, *columns, strict=True)
    }


# ---------------------------------------------------------------------------
# One row per match
# ---------------------------------------------------------------------------


def _mask(m: re.Match[str]) -> str:
    return _MASK * len(m.group())


def _as_series(texts: pd.Series | str) -> pd.Series:
    return texts if isinstance(texts, pd.Series) else pd.Series([texts])


def _layout(
    values: pd.Series, codes: np.ndarray, per_text: list[list[tuple[int, int, Hashable]]]
) -> tuple[pd.MultiIndex, np.ndarray, np.ndarray, list[Hashable], np.ndarray]:
    """Lay the matches of each distinct text out one row per match of each row.

    Returns the index (the row's labels, then ``match``), the offsets, the payloads
    and the matched texts, all in row order.
    """
    counts = np.array([len(m) for m in per_text] + [0], dtype=np.intp)  # last: missing
    offsets = np.concatenate([[0], np.cumsum(counts)])
    flat = [m for matches in per_text for m in matches]
    per_row = counts.take(codes)
    rows = np.repeat(np.arange(len(values)), per_row)
    number = np.arange(len(rows)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    take = offsets.take(codes.take(rows)) + number
    starts = np.array([flat[k][0] for k in take], dtype=np.int64)
    ends = np.array([flat[k][1] for k in take], dtype=np.int64)
    payloads = [flat[k][2] for k in take]
    labels = values.index.take(rows)
    levels = [labels.get_level_values(i) for i in range(labels.nlevels)]
    index = pd.MultiIndex.from_arrays([*levels, number], names=[*labels.names, "match"])
    written = values.to_numpy(dtype=object).take(rows)
    as_written = np.array(
        [w[s:e] for w, s, e in zip(written, starts, ends, strict=True)], dtype=object
    )
    return index, starts, ends, payloads, as_written


def extract_amounts(texts: pd.Series | str) -> pd.DataFrame:
    """Find every figure in running Chinese or English text.

    Parameters
    ----------
    texts : Series or str
        A Series of texts (news articles, report summaries, chat messages) or one
        text. Cells that are not text have no matches.

    Returns
    -------
    pandas.DataFrame
        One row per figure found, indexed like :meth:`pandas.Series.str.extractall`
        (the text's index, then ``match`` counting from 0), with columns
        ``as_written`` (the figure as the text writes it), ``char_start`` and
        ``char_end`` (its offsets: ``text[char_start:char_end] == as_written``) and
        the fields of :func:`~microcommerce.parse.parse_amount`: ``value``, ``low``,
        ``high``, ``unit``, ``qualifier`` and ``closed``.

    Examples
    --------
    >>> text = "截止2016年底,微商从业者近3000万人,微商品牌销售额达到5000亿元"
    >>> extract_amounts(text)[["as_written", "char_start", "value", "unit", "qualifier"]]
             as_written  char_start         value     unit qualifier
      match
    0 0         近3000万人          14  3.000000e+07  persons     under
      1          5000亿元          31  5.000000e+11      CNY     exact
    >>> extract_amounts("订单号 202311150012345678,客服 13812345678,型号XR-2000").empty
    True
    """
    values = _as_series(texts)
    codes, uniques = factorize(values)
    per_text = _figures(list(uniques))
    index, starts, ends, found, as_written = _layout(values, codes, per_text)  # type: ignore[arg-type]
    amounts: list[Amount] = found  # type: ignore[assignment]

    def codes(field: str, vocabulary: tuple[str, ...]) -> np.ndarray:
        lookup = {v: i for i, v in enumerate(vocabulary)}
        return np.array([lookup.get(getattr(a, field), -1) for a in amounts], dtype=np.int8)

    return pd.DataFrame(
        {
            "as_written": pd.array(as_written, dtype="str"),
            "char_start": starts,
            "char_end": ends,
            "value": np.array([a.value for a in amounts], dtype=np.float64),
            "low": np.array([a.low for a in amounts], dtype=np.float64),
            "high": np.array([a.high for a in amounts], dtype=np.float64),
            "unit": category(codes("unit", UNITS), UNITS),
            "qualifier": category(codes("qualifier", QUALIFIERS), QUALIFIERS),
            "closed": category(codes("closed", CLOSED), CLOSED),
        },
        index=index,
    )


def extract_dates(texts: pd.Series | str, ref_year: int | None = None) -> pd.DataFrame:
    """Find every date in running Chinese or English text.

    Parameters
    ----------
    texts : Series or str
        A Series of texts or one text. Cells that are not text have no matches.
    ref_year : int, optional
        The year of dates written without one (``7月22日``, ``July 22nd``); without
        it such dates are not reported.

    Returns
    -------
    pandas.DataFrame
        One row per date found, indexed like :meth:`pandas.Series.str.extractall`,
        with columns ``as_written``, ``char_start``, ``char_end`` and the fields of
        :func:`~microcommerce.parse.parse_date`: ``start``, ``end`` (the inclusive
        span, ``datetime64[us]``) and ``precision``.

    Examples
    --------
    >>> out = extract_dates("2015年上半年的销售额为3万元,7月22日开会", ref_year=2015)
    >>> out[["as_written", "start", "end", "precision"]]
            as_written      start        end precision
      match
    0 0      2015年上半年 2015-01-01 2015-06-30      half
      1          7月22日 2015-07-22 2015-07-22       day
    """
    values = _as_series(texts)
    codes, uniques = factorize(values)
    candidates = [
        [
            (offset + m.start(), offset + m.end())
            for offset, window in windows(fold_in_place(t))
            for m in _DATE_RE.finditer(window)
        ]
        if isinstance(t, str)
        else []
        for t in uniques
    ]
    written = [t[s:e] for t, spans in zip(uniques, candidates, strict=True) for s, e in spans]
    spans = parse_dates(pd.Series(written, dtype=object), ref_year=ref_year)
    ok = spans["error"].isna().to_numpy()
    parsed = iter(zip(ok, spans["start"], spans["end"], spans["precision"].cat.codes, strict=True))
    per_text = [
        [
            (s, e, (start, end, p))
            for (s, e), (good, start, end, p) in zip(c, parsed, strict=False)
            if good
        ]
        for c in candidates
    ]
    index, starts, ends, found, as_written = _layout(values, codes, per_text)  # type: ignore[arg-type]
    return pd.DataFrame(
        {
            "as_written": pd.array(as_written, dtype="str"),
            "char_start": starts,
            "char_end": ends,
            "start": np.array([f[0] for f in found], dtype="datetime64[us]"),
            "end": np.array([f[1] for f in found], dtype="datetime64[us]"),
            "precision": category(np.array([f[2] for f in found], dtype=np.int8), PRECISIONS),
        },
        index=index,
    )
