"""The sentiment of a text, from VADER's lexicon and rules (no model to download).

The compound score runs from −1 (most negative) to +1 (most positive); VADER's authors read
≤ −0.05 as negative and ≥ 0.05 as positive.
"""

import hashlib
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

NEGATIVE_BELOW = -0.05
POSITIVE_ABOVE = 0.05
# VADER's cost grows with the text; a post's opening paragraphs carry its tone.
MAX_CHARACTERS = 5000


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    # Reads the lexicon file once per process.
    return SentimentIntensityAnalyzer()


def compound_score(text: str) -> float:
    return float(_analyzer().polarity_scores(text[:MAX_CHARACTERS])["compound"])


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def label(compound: float) -> str:
    if compound <= NEGATIVE_BELOW:
        return "Negative"
    if compound >= POSITIVE_ABOVE:
        return "Positive"
    return "Neutral"
