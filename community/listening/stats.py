"""Net Promoter Score arithmetic, from counts of promoters, passives and detractors.

NPS = % promoters − % detractors, from −100 to +100. Its 95% margin of error treats each answer
as +1 (promoter), 0 (passive) or −1 (detractor): with shares p and d over n answers the
variance of one answer is p + d − (p − d)², so

    margin = 1.96 × √((p + d − (p − d)²) / n) × 100 points.

Ten answers all split between praise and complaint give about ±60 points: the reason the
margin is shown beside every score built on few answers.
"""

import math
from dataclasses import dataclass

Z_95 = 1.96
# Below this many answers the score is flagged as indicative only.
FEW_ANSWERS = 30
# A segment is ranked against the others (as the lowest, say) from this many answers: one
# unhappy member alone is a conversation to have, not a segment's score.
RANKED_FROM = 3


@dataclass(frozen=True)
class Nps:
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    invited: int | None = None

    @property
    def answers(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        if not self.answers:
            return None
        return 100 * (self.promoters - self.detractors) / self.answers

    @property
    def margin(self) -> float | None:
        """Half the width of the 95% confidence interval, in NPS points."""
        n = self.answers
        if not n:
            return None
        p, d = self.promoters / n, self.detractors / n
        variance = p + d - (p - d) ** 2
        return Z_95 * math.sqrt(max(variance, 0.0) / n) * 100

    @property
    def interval(self) -> tuple[float, float] | None:
        """The 95% interval, within the scale's ends."""
        if self.score is None:
            return None
        return max(-100.0, self.score - self.margin), min(100.0, self.score + self.margin)

    @property
    def too_few_to_rank(self) -> bool:
        return self.answers < RANKED_FROM

    @property
    def few_answers(self) -> bool:
        return self.answers < FEW_ANSWERS

    @property
    def response_rate(self) -> float | None:
        """Answers per member invited, as a percentage."""
        if not self.invited:
            return None
        return 100 * self.answers / self.invited

    def share(self, count: int) -> float:
        return 100 * count / self.answers if self.answers else 0.0

    @property
    def promoter_share(self) -> float:
        return self.share(self.promoters)

    @property
    def passive_share(self) -> float:
        return self.share(self.passives)

    @property
    def detractor_share(self) -> float:
        return self.share(self.detractors)
