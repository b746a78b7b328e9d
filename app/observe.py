"""Per-request observation: a request id, one JSON log line and the request metrics.

Outermost middleware, so it sees every answer, including the 413, 429 and 500 that inner
middleware writes. Plain ASGI: a streamed response passes through untouched and its duration
runs to the last byte.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import Headers
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.logs import LOGGER_NAME
from app.metrics import REQUEST_SECONDS, REQUESTS

REQUEST_ID_HEADER = "X-Request-ID"
# A client's id is echoed only when it is short and plain, so it cannot forge log lines.
_CLIENT_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")
# Probes and scrapes would drown the log at INFO; they are logged at DEBUG.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
UNMATCHED = "unmatched"  # the route label of a path no route serves (bounded cardinality)

log = logging.getLogger(f"{LOGGER_NAME}.request")


class ObserveRequests:
    """`routes` is the app's route list, for the template of requests the router does not
    name in the scope (the OpenAPI document, static files)."""

    def __init__(self, app: ASGIApp, routes: list[BaseRoute]) -> None:
        self.app, self.routes = app, routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        request_id = given if _CLIENT_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()
        asked = {k: scope.get(k) for k in ("type", "path", "root_path", "method")}

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = self._template(scope.get("route"), asked)
            self._record(scope, route, request_id, status, time.perf_counter() - started)

    def _template(self, route: BaseRoute | None, asked: Scope) -> str:
        """The matched route's path template (`/articles/{article_id}`), never the raw path:
        a label per distinct path would grow without bound."""
        if route is None:
            route = next((r for r in self.routes if r.matches(asked)[0] is Match.FULL), None)
        template = getattr(route, "path_format", None) or getattr(route, "path", None)
        return template or UNMATCHED

    @staticmethod
    def _record(scope: Scope, route: str, request_id: str, status: int, seconds: float) -> None:
        method = scope["method"]
        REQUESTS.labels(route=route, method=method, status=str(status)).inc()
        REQUEST_SECONDS.labels(route=route, method=method).observe(seconds)
        level = logging.DEBUG if scope["path"] in QUIET_PATHS else logging.INFO
        if log.isEnabledFor(level):
            client = scope.get("client")
            log.log(
                level,
                "request",
                extra={
                    "request_id": request_id,
                    "method": method,
                    "route": route,
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                    "client": client[0] if client else None,
                },
            )
