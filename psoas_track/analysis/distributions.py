"""Student's t and the normal quantile, without scipy.

Importing scipy.special costs the report's Python process about 0.35 s (it pulls in
numpy.polynomial and scipy's array-API layer) for three functions; these are the same
functions from the textbook formulas, checked against scipy.special in
tests/test_stats.py to 1e-10.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

_ITERATIONS = 300  # continued-fraction terms: enough for a, b up to ~1e5 at 1e-14
_TINY = 1e-300


def _lbeta(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    lgamma = np.vectorize(math.lgamma, otypes=[float])
    return lgamma(a) + lgamma(b) - lgamma(a + b)


def _beta_fraction(a: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = 1.0 / np.where(np.abs(d) < _TINY, _TINY, d)
    h = d.copy()
    for m in range(1, _ITERATIONS + 1):
        m2 = 2 * m
        change = np.zeros_like(x)
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):  # fmt: skip
            d = 1.0 + aa * d
            d = 1.0 / np.where(np.abs(d) < _TINY, _TINY, d)
            c = 1.0 + aa / c
            c = np.where(np.abs(c) < _TINY, _TINY, c)
            step = d * c
            h = h * step
            change = np.maximum(change, np.abs(step - 1.0))
        if change.max(initial=0.0) < 1e-15:  # every element has converged
            break
    return h


def betainc(a, b, x, y=None) -> np.ndarray:
    """The regularized incomplete beta function I_x(a, b), elementwise; y = 1 - x when
    the caller has it exactly (x near 1 would lose it to rounding)."""
    y = 1.0 - np.asarray(x, dtype=float) if y is None else y
    a, b, x, y = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, x, y)))
    out = np.full(x.shape, np.nan)
    proper = (a > 0) & (b > 0)
    inside = (x > 0) & (y > 0) & proper
    out[(x <= 0) & proper] = 0.0
    out[(y <= 0) & proper] = 1.0
    if inside.any():
        a_, b_, x_, y_ = a[inside], b[inside], x[inside], y[inside]
        # The fraction converges fast for x < (a + 1) / (a + b + 2); else use symmetry.
        flip = x_ >= (a_ + 1.0) / (a_ + b_ + 2.0)
        a2, b2 = np.where(flip, b_, a_), np.where(flip, a_, b_)
        x2, y2 = np.where(flip, y_, x_), np.where(flip, x_, y_)
        front = np.exp(a2 * np.log(x2) + b2 * np.log(y2) - _lbeta(a2, b2)) / a2
        value = front * _beta_fraction(a2, b2, x2)
        out[inside] = np.where(flip, 1.0 - value, value)
    return out


def t_cdf(df, t) -> np.ndarray:
    """P(T <= t) for Student's t with df degrees of freedom (scipy.special.stdtr)."""
    df, t = np.broadcast_arrays(np.asarray(df, dtype=float), np.asarray(t, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        x, y = df / (df + t * t), t * t / (df + t * t)
    tail = 0.5 * betainc(df / 2.0, 0.5, x, y)  # P(T <= -|t|)
    out = np.where(t < 0, tail, 1.0 - tail)
    out = np.where(np.isinf(t), np.where(t > 0, 1.0, 0.0), out)
    return np.where(df > 0, out, np.nan)


def t_density(df: float, t: float) -> float:
    """The density of Student's t at t."""
    log_scale = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_scale - (df + 1) / 2 * math.log1p(t * t / df))


def t_quantile(df: float, p: float) -> float:
    """The t with P(T <= t) = p (scipy.special.stdtrit): Newton's method from the
    normal quantile, kept inside a bracket that bisection narrows when a step leaves it."""
    if not (df > 0 and 0 < p < 1):
        return math.nan
    if p > 0.5:
        return -t_quantile(df, 1.0 - p)
    if df >= _LARGE_DF:
        return _t_quantile_expansion(df, p)
    low, high = -1.0, 0.0
    while float(t_cdf(df, low)) > p:  # widen until the quantile is inside
        low *= 2.0
    z = normal_quantile(p)
    t = min(max(z + (z**3 + z) / (4 * df), low), high)  # Cornish-Fisher start
    for _ in range(100):
        gap = float(t_cdf(df, t)) - p
        if gap == 0:
            return t
        if gap > 0:
            high = t
        else:
            low = t
        step = gap / t_density(df, t)
        if abs(step) < 1e-13 * max(1.0, abs(t)):  # converged where it stands
            return t - step
        # Newton's step when it stays inside the bracket, else halve the bracket.
        t = t - step if low < t - step < high else (low + high) / 2.0
        if high - low < 1e-13:
            break
    return t


#: From this many degrees of freedom the expansion below is exact to 1e-12 for p >= 1e-4,
#: and the continued fraction of t_cdf needs hundreds of terms (2.5 ms a call at 3,000).
_LARGE_DF = 1000.0


def _t_quantile_expansion(df: float, p: float) -> float:
    """The t quantile by its expansion in 1/df around the normal one (Abramowitz and
    Stegun 26.7.5, four terms)."""
    z = normal_quantile(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def normal_quantile(p: float) -> float:
    """The z with P(Z <= z) = p (scipy.special.ndtri)."""
    return NormalDist().inv_cdf(p)
