"""Shared helpers for the benchmarks: statistics and the demo setup in a benchmark process."""
import statistics


def summary(values):
    values = sorted(values)
    q = statistics.quantiles(values, n=4) if len(values) >= 4 else [values[0], statistics.median(values), values[-1]]
    return {"median": statistics.median(values), "q1": q[0], "q3": q[-1], "min": values[0], "max": values[-1],
            "n": len(values)}


def fmt_ratio(s):
    return f"{s['median']:.3f}x (IQR {s['q1']:.3f}–{s['q3']:.3f}, range {s['min']:.3f}–{s['max']:.3f}, n={s['n']})"
