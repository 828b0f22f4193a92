"""Welch's two-sample interval for the difference of two means, from sums.

The campaign effect compares per-guest values (visits, spend in the N days after the send)
of the guests who were messaged with those of the random hold-out. The two groups differ in
size and in spread, so the interval is Welch's (unequal variances) with the
Welch–Satterthwaite degrees of freedom. Odoo's environment has no SciPy: Student's t
quantile is found by bisection on its distribution function, written with the regularized
incomplete beta function (continued fraction, modified Lentz's method).
"""

import math

_EPS = 1e-14
_TINY = 1e-300


def _beta_fraction(a, b, x):
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        result *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        step = d * c
        result *= step
        if abs(step - 1.0) < _EPS:
            break
    return result


def regularized_beta(a, b, x):
    """I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t, df):
    """P(T ≤ t) for Student's t with df degrees of freedom (df may be fractional)."""
    tail = 0.5 * regularized_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(p, df):
    """t such that P(T ≤ t) = p, for 0.5 < p < 1."""
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2.0
        if high > 1e8:
            return high
    for _i in range(200):
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-10:
            break
    return (low + high) / 2.0


def _mean_var(n, total, squares):
    mean = total / n
    var = max((squares - total * total / n) / (n - 1), 0.0) if n > 1 else 0.0
    return mean, var


def welch_interval(treated, control, level=0.95):
    """treated, control: (n, Σx, Σx²). Returns {mean_treated, mean_control, diff, low, high,
    df} or None when a group has fewer than two guests (no spread to estimate)."""
    (n1, s1, q1), (n2, s2, q2) = treated, control
    if n1 < 2 or n2 < 2:
        return None
    m1, v1 = _mean_var(n1, s1, q1)
    m2, v2 = _mean_var(n2, s2, q2)
    a, b = v1 / n1, v2 / n2
    se = math.sqrt(a + b)
    diff = m1 - m2
    if se == 0.0:
        # nobody varies in either group: the difference is exact
        return {
            "mean_treated": m1,
            "mean_control": m2,
            "diff": diff,
            "low": diff,
            "high": diff,
            "df": float(n1 + n2 - 2),
        }
    df = (a + b) ** 2 / ((a * a / (n1 - 1) if a else 0.0) + (b * b / (n2 - 1) if b else 0.0))
    half = t_quantile(1.0 - (1.0 - level) / 2.0, df) * se
    return {
        "mean_treated": m1,
        "mean_control": m2,
        "diff": diff,
        "low": diff - half,
        "high": diff + half,
        "df": df,
    }
