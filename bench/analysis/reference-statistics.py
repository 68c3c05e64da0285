#!/usr/bin/env python3
"""Reference values for StatisticsTest, computed without the code under test: Python's statistics module
(mean, sample variance, NormalDist) and a Simpson integration of Student's t density for its tail and quantile.
Run: python3 bench/analysis/reference-statistics.py"""
import math
import statistics
from statistics import NormalDist


def t_pdf(x, v):
    return math.exp(math.lgamma((v + 1) / 2) - math.lgamma(v / 2)) / math.sqrt(v * math.pi) * (1 + x * x / v) ** (-(v + 1) / 2)


def t_sf(t, v, n=200000):
    h = t / n
    s = t_pdf(0, v) + t_pdf(t, v) + sum((4 if i % 2 else 2) * t_pdf(i * h, v) for i in range(1, n))
    return 0.5 - s * h / 3


def t_upper(p, v):
    lo, hi = 0.0, 50.0
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if t_sf(mid, v) > p else (lo, mid)
    return (lo + hi) / 2


# Welch's t-test, first example of the Wikipedia article "Welch's t-test".
a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
m1, m2, v1, v2 = statistics.mean(a), statistics.mean(b), statistics.variance(a), statistics.variance(b)
se = math.sqrt(v1 / len(a) + v2 / len(b))
t = (m2 - m1) / se
df = (v1 / len(a) + v2 / len(b)) ** 2 / ((v1 / len(a)) ** 2 / (len(a) - 1) + (v2 / len(b)) ** 2 / (len(b) - 1))
q = t_upper(0.025, df)
print(f"welch t {t:.10f} df {df:.10f} p {2 * t_sf(abs(t), df):.10f} ci {m2 - m1 - q * se:.10f} {m2 - m1 + q * se:.10f}")
qa = t_upper(0.025, len(a) - 1)
print(f"mean ci {m1 - qa * math.sqrt(v1 / len(a)):.10f} {m1 + qa * math.sqrt(v1 / len(a)):.10f}; t(0.975, 10) {t_upper(0.025, 10):.10f}")
# Two proportions, 45/200 against 70/220; Wilson interval of 45/200.
k1, n1, k2, n2 = 45, 200, 70, 220
p1, p2, pooled = k1 / n1, k2 / n2, (k1 + k2) / (n1 + n2)
z = (p2 - p1) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
Z = NormalDist().inv_cdf(0.975)
half = Z * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
print(f"z {z:.10f} p {2 * (1 - NormalDist().cdf(abs(z))):.10f} ci {p2 - p1 - half:.10f} {p2 - p1 + half:.10f}")
c = (p1 + Z * Z / (2 * n1)) / (1 + Z * Z / n1)
h = Z * math.sqrt(p1 * (1 - p1) / n1 + Z * Z / (4 * n1 * n1)) / (1 + Z * Z / n1)
print(f"wilson {c - h:.10f} {c + h:.10f}")
