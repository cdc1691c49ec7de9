"""A hook: where a lower layer hears a higher one without importing it.

The lower layer declares a :class:`Hook` of the callables (or data) it will ask; each higher
layer registers into it from its ``AppConfig.ready()``. ``cases/hooks.py`` is the example: the
instruments register what a case must know of them (close guards, timeline, next action).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Hook(Generic[T]):
    """An ordered set of registered items, asked in registration order."""

    def __init__(self) -> None:
        self._items: list[T] = []

    def register(self, item: T) -> T:
        """Add ``item`` once (an app's ``ready()`` may run again in a test process); returns it,
        so it can decorate a function."""
        if item not in self._items:
            self._items.append(item)
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(tuple(self._items))
