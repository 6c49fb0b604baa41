"""The optional login (ASSISTANT_USERNAME / ASSISTANT_PASSWORD): compared in constant time, and throttled so that
passwords cannot be guessed fast — after a few failures each further attempt waits longer, and a run of failures
locks the login for a while (whoever tries; Gradio does not tell the check who is asking)."""

from __future__ import annotations

import asyncio
import hmac
import threading
import time
from collections import deque

FREE_FAILURES = 3  # failures within WINDOW seconds before attempts are slowed down
LOCK_FAILURES = 10  # failures within WINDOW seconds that lock the login for LOCK seconds
WINDOW = 300.0
LOCK = 300.0
MAX_DELAY = 5.0  # seconds an attempt is held at most


class ThrottledLogin:
    """ThrottledLogin(username, password): `check` is the Gradio auth callable (async: a held attempt never blocks
    the server); calling the object itself does the same synchronously."""

    def __init__(self, username: str, password: str, *, clock=time.monotonic, sleep=time.sleep):
        self._user = username.encode("utf-8")
        self._password = password.encode("utf-8")
        self._clock, self._sleep = clock, sleep
        self._failures: deque[float] = deque()
        self._locked_until = 0.0
        self._lock = threading.Lock()

    def _delay(self) -> float | None:
        """How long to hold this attempt; None: the login is locked."""
        with self._lock:
            now = self._clock()
            while self._failures and self._failures[0] < now - WINDOW:
                self._failures.popleft()
            if now < self._locked_until:
                return None  # locked: not even a right password gets in until the lock ends
            n = len(self._failures)
            return min(MAX_DELAY, 0.5 * 2 ** (n - FREE_FAILURES)) if n >= FREE_FAILURES else 0.0

    def _judge(self, username: str, password: str) -> bool:
        ok = hmac.compare_digest((username or "").encode("utf-8"), self._user) & \
            hmac.compare_digest((password or "").encode("utf-8"), self._password)
        with self._lock:
            if ok:
                self._failures.clear()
            else:
                self._failures.append(self._clock())
                if len(self._failures) >= LOCK_FAILURES:
                    self._locked_until = self._clock() + LOCK
                    self._failures.clear()
        return bool(ok)

    def __call__(self, username: str, password: str) -> bool:
        delay = self._delay()
        if delay is None:
            return False
        if delay:
            self._sleep(delay)
        return self._judge(username, password)

    async def check(self, username: str, password: str) -> bool:
        delay = self._delay()
        if delay is None:
            return False
        if delay:
            await asyncio.sleep(delay)
        return self._judge(username, password)
