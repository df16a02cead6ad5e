"""The clean summary's status table keeps its columns apart whatever the counts' widths.

Imports the cleaning layer's private ``cleaning._statuses`` to test its machinery.
"""

from __future__ import annotations

import re

from microcommerce.cleaning._statuses import status_lines


def _report(orders: int) -> dict:
    return {
        "exported": True,
        "by_status": {
            "completed": {"orders": 1_234_567, "amount": 1.5e9},
            "partially_refunded": {"orders": orders, "amount": 299.0},
        },
        "refunds_of_sold": 50.0,
    }


def test_a_six_digit_count_does_not_run_into_the_status():
    lines = status_lines(_report(18_368))
    row = next(line for line in lines if "partially_refunded" in line)
    assert re.search(r"partially_refunded\s+18,368\s+¥\s+299\.00\s+counted as sold$", row)
    assert "partially_refunded18" not in "".join(lines)


def test_columns_line_up_under_their_headers():
    for orders in (1, 18_368, 9_999_999):
        header, *rows = status_lines(_report(orders))[:3]
        orders_end = header.index("orders") + len("orders")
        amount_end = header.index("amount") + len("amount")
        for row in rows:
            count = re.search(r"\d[\d,]*(?=\s+¥)", row)
            assert count.end() == orders_end
            assert row.index("  counted") == amount_end
