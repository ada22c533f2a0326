"""The NPS arithmetic, from known counts."""

import math

import pytest

from community.listening.models import Category, category_of
from community.listening.stats import Nps


def test_nps_is_promoters_share_minus_detractors_share():
    nps = Nps(promoters=5, passives=3, detractors=2)

    assert nps.answers == 10
    assert nps.score == pytest.approx(30.0)
    assert (nps.promoter_share, nps.passive_share, nps.detractor_share) == (50.0, 30.0, 20.0)


def test_all_detractors_score_minus_100_and_all_promoters_plus_100():
    assert Nps(detractors=4).score == -100
    assert Nps(promoters=4).score == 100


def test_margin_of_error_is_the_95_percent_interval_of_the_promoter_detractor_difference():
    nps = Nps(promoters=5, passives=3, detractors=2)

    # p = 0.5, d = 0.2: variance of one answer 0.5 + 0.2 − 0.3² = 0.61, over 10 answers.
    assert nps.margin == pytest.approx(1.96 * math.sqrt(0.61 / 10) * 100)
    assert nps.margin == pytest.approx(48.4, abs=0.1)
    assert nps.few_answers


def test_margin_shrinks_with_more_answers_of_the_same_mix():
    few = Nps(promoters=5, passives=3, detractors=2)
    many = Nps(promoters=500, passives=300, detractors=200)

    assert many.score == few.score
    assert many.margin == pytest.approx(few.margin / 10)
    assert not many.few_answers


def test_unanimous_answers_have_no_margin_and_no_answers_have_no_score():
    assert Nps(promoters=12).margin == 0
    assert Nps().score is None
    assert Nps().margin is None


def test_response_rate_is_answers_over_members_asked():
    assert Nps(promoters=3, detractors=1, invited=16).response_rate == 25.0
    assert Nps(promoters=3, invited=0).response_rate is None


@pytest.mark.parametrize(
    ("score", "category"),
    [(0, Category.DETRACTOR), (6, Category.DETRACTOR), (7, Category.PASSIVE), (8, Category.PASSIVE)]
    + [(9, Category.PROMOTER), (10, Category.PROMOTER)],
)
def test_scores_fall_into_the_three_nps_groups(score, category):
    assert category_of(score) == category
