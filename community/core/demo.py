"""Demo data registry: each app registers a seeder, and `manage.py seed_demo` runs them in order.

Seeders must be idempotent (running twice adds nothing) and take their sizes from options, so
benchmarks can grow the same believable community to any size.
"""

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Output = Callable[[str], None]


@dataclass(frozen=True)
class Seeder:
    name: str
    order: int
    seed: Callable[[dict[str, Any], Output], None]
    add_arguments: Callable[[ArgumentParser], None] | None = None


_registry: dict[str, Seeder] = {}


def register_seeder(
    *, name: str, order: int, add_arguments: Callable[[ArgumentParser], None] | None = None
) -> Callable:
    """Decorator: `@register_seeder(name="forums", order=20)` on `def seed(options, out)`."""

    def decorator(seed: Callable[[dict[str, Any], Output], None]) -> Callable:
        _registry[name] = Seeder(name=name, order=order, seed=seed, add_arguments=add_arguments)
        return seed

    return decorator


def seeders() -> list[Seeder]:
    return sorted(_registry.values(), key=lambda seeder: seeder.order)
