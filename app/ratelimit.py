"""Token buckets per client, in memory: enough for one process behind no shared cache."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class TokenBuckets:
    """`per_minute` requests a minute per client, with bursts of up to a minute's allowance.

    Clients are kept in least-recently-seen order and the oldest are forgotten past
    `max_clients`, so a flood of addresses cannot grow memory without bound (a forgotten client
    starts again with a full bucket).
    """

    def __init__(
        self,
        per_minute: float,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = per_minute
        self.rate = per_minute / 60.0
        self.max_clients = max_clients
        self._clock = clock
        self._state: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str) -> float:
        """Spend one token: 0.0 when the request may go, else the seconds until it could."""
        now = self._clock()
        tokens, stamp = self._state.pop(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - stamp) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self._state[client] = (tokens, now)
        while len(self._state) > self.max_clients:
            self._state.popitem(last=False)
        return wait
