"""Exact integer money arithmetic in the engine: cost-group amounts (app2.4 item 1) and the block
withholding of children's oncology (app2.6). Amounts are integer tiyn."""

from __future__ import annotations

import ibis.expr.types as ir

from kepil.law.program_2026_2028.tariffs import WEIGHT_SCALE

WITHHOLD_PERCENT = 30  # app2.6: 30 % of the block's cost withheld ...
WITHHOLD_SHARE_PERCENT = 50  # ... when bed-days are 50 % or less of the block's term


def idiv(x: ir.IntegerValue, d: int) -> ir.IntegerValue:
    """Floor division of a non-negative integer below 2**53 by `d`, exact on every engine (engines divide
    integers in floating point; an exact multiple of `d` below 2**53 divides exactly)."""
    return ((x - x % d) / d).cast("int64")


def ccg_amount(base_rate: ir.IntegerValue, weight_millionths: ir.IntegerValue) -> ir.IntegerValue:
    """Base rate × cost weight, rounded half up to the tiyn (app2.4 item 1), in exact integer steps:
    base × whole part + round(base × fractional millionths / 10**6)."""
    whole = idiv(weight_millionths, WEIGHT_SCALE)
    frac = weight_millionths % WEIGHT_SCALE
    return base_rate * whole + idiv(base_rate * frac + WEIGHT_SCALE // 2, WEIGHT_SCALE)


def withheld(cost: ir.IntegerValue) -> ir.IntegerValue:
    """30 % of a block's cost, rounded half up to the tiyn (app2.6)."""
    return idiv(cost * WITHHOLD_PERCENT + 50, 100)


def short_block(bed_days: ir.IntegerValue, term_days: ir.IntegerValue) -> ir.BooleanValue:
    """app2.6: bed-days are 50 % or less of the block's term, compared exactly: bed_days × 100 ≤ term × 50."""
    return bed_days * 100 <= term_days * WITHHOLD_SHARE_PERCENT
