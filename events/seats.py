"""Seat arithmetic shared by an event and a conference session: each keeps a `capacity` (None
means no limit) and its own counter of seats held, which `seats_held` names."""


class SeatCapacity:
    capacity: int | None

    @property
    def seats_held(self) -> int:
        raise NotImplementedError

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.seats_held >= self.capacity

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_held, 0)
