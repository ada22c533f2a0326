"""Histograms of durations, so a median stays right when days and segments are combined.

A duration in seconds falls in one bucket: bucket 0 holds everything under a minute, and each
next bucket is 10% wider than the one before (bucket b spans 60·1.1^(b-1) to 60·1.1^b seconds),
so a year needs fewer than 140 buckets and any duration is known within 10%. The rollup stores,
per day and segment, how many samples fell in each bucket. The combined median adds the counts
bucket by bucket over every chosen day and segment, finds the bucket holding the middle sample
(the two middle ones, averaged, for an even number) and places it inside its bucket: right to
within one bucket's width (10%), whatever the data size.
"""

import math
from collections.abc import Iterable

FIRST_BOUND = 60.0  # seconds
GROWTH = 1.1


def bucket_of(seconds: float) -> int:
    if seconds < FIRST_BOUND:
        return 0
    return 1 + math.floor(math.log(seconds / FIRST_BOUND, GROWTH) + 1e-9)


def bounds(bucket: int) -> tuple[float, float]:
    """The range of durations a bucket holds, in seconds."""
    if bucket <= 0:
        return 0.0, FIRST_BOUND
    return FIRST_BOUND * GROWTH ** (bucket - 1), FIRST_BOUND * GROWTH**bucket


def _value_at(ordered: list[tuple[int, int]], rank: int) -> float:
    """The rank-th smallest sample (from 1), placed evenly among its bucket's samples."""
    seen = 0
    for bucket, count in ordered:
        if seen + count >= rank:
            low, high = bounds(bucket)
            return low + (high - low) * (rank - seen - 0.5) / count
        seen += count
    raise ValueError("rank beyond the samples")


def median(counts: Iterable[tuple[int, int]]) -> float | None:
    """The median duration of a histogram given as (bucket, count) pairs, in any order and with
    repeated buckets (they add up); None when it holds no sample. With an even number of
    samples, the mean of the two in the middle."""
    merged: dict[int, int] = {}
    for bucket, count in counts:
        if count:
            merged[bucket] = merged.get(bucket, 0) + count
    total = sum(merged.values())
    if not total:
        return None
    ordered = sorted(merged.items())
    if total % 2:
        return _value_at(ordered, total // 2 + 1)
    return (_value_at(ordered, total // 2) + _value_at(ordered, total // 2 + 1)) / 2
