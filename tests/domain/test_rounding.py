"""``clinical.round_half_up`` without :mod:`decimal`: the same results as the Decimal rounding
it replaced, for every float (hypothesis), halves and numbers written with an exponent alike."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from coach.domain.clinical import round_half_up


def decimal_half_up(x: float, digits: int = 0) -> float:
    """The rounding as it was written before (Decimal of the number as written)."""
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP)) + 0.0


def same(a: float, b: float) -> bool:
    """Equal, and the same sign of zero (neither gives -0.0)."""
    return a == b and math.copysign(1, a) == math.copysign(1, b)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
       st.integers(0, 4))  # fmt: skip
@example(2.25, 1)
@example(-2.25, 1)
@example(-0.04, 1)
@example(2.675, 2)
@example(0.05, 1)
@example(-0.0, 0)
@example(0.5, 0)
@example(1e-05, 1)
@example(9.95, 1)
@example(-9.95, 1)
@example(999999999999999.9, 0)
def test_any_float_rounds_as_the_decimal_rounding(x: float, digits: int) -> None:
    assert same(round_half_up(x, digits), decimal_half_up(x, digits))


@given(st.integers(-(10**9), 10**9), st.integers(0, 3), st.sampled_from("0123456789"))
def test_written_halves_and_near_halves_round_as_written(n: int, digits: int, last: str) -> None:
    """Numbers a client or a mean gives (4.15, -3.25, 7.05): the digit after the kept ones
    decides, as it is written (4.15 -> 4.2 although the float is 4.1499999...)."""
    x = float(f"{n / 10**digits:.{digits}f}{'' if digits else '.'}{last}")
    assert same(round_half_up(x, digits), decimal_half_up(x, digits))


@given(st.integers(-(10**6), 10**6))
def test_whole_numbers_and_ints(n: int) -> None:
    assert same(round_half_up(n), decimal_half_up(n))
    assert same(round_half_up(n, 1), decimal_half_up(n, 1))
    assert same(round_half_up(float(n) + 0.5), decimal_half_up(float(n) + 0.5))


@pytest.mark.parametrize("x", [1e16, 1.5e300, 5e-324, -2.5e-7, 1e22])
@pytest.mark.parametrize("digits", [-1, 0, 1, 2])
def test_numbers_written_with_an_exponent_and_negative_digits(x: float, digits: int) -> None:
    try:
        expected = decimal_half_up(x, digits)
    except InvalidOperation:
        with pytest.raises(InvalidOperation):
            round_half_up(x, digits)
        return
    assert same(round_half_up(x, digits), expected)


def test_not_a_number_and_infinity_behave_as_before() -> None:
    assert math.isnan(round_half_up(math.nan, 1)) and math.isnan(decimal_half_up(math.nan, 1))
    for inf in (math.inf, -math.inf):
        with pytest.raises(InvalidOperation):
            decimal_half_up(inf, 1)
        with pytest.raises(InvalidOperation):
            round_half_up(inf, 1)
