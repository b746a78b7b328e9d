"""ASGI middleware guarding every request: body size, rate limits, security headers.

Plain ASGI (no BaseHTTPMiddleware), so a streamed request body or response passes through
untouched and the limits hold while streaming.
"""

from __future__ import annotations

import math

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import problem
from app.ratelimit import TokenBuckets

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UNLIMITED_PATHS = frozenset({"/healthz", "/readyz"})

# JSON answers need nothing from a browser; the documentation pages need their own
# same-origin scripts and styles plus the inline bootstrap script FastAPI writes into them.
API_CSP = "default-src 'none'; frame-ancestors 'none'"
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"
)
# The search page at `/` runs only its own script and style, and talks only to this server.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class BodyTooLarge(HTTPException):
    """Raised from `receive` when the body outgrows its limit; FastAPI re-raises it as is."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over the limit of {limit} bytes")


class BodyLimit:
    """Refuses a body over its limit before reading it when Content-Length says so, and
    stops reading once a streamed body (no or a false Content-Length) passes the limit."""

    def __init__(self, app: ASGIApp, default: int, per_path: dict[str, int]) -> None:
        self.app, self.default, self.per_path = app, default, per_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"], self.default)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            error = BodyTooLarge(limit)
            await problem(413, "Content too large", error.detail)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited_receive, send)


class RateLimit:
    """Token bucket per client IP, one for writes and one for reads; 0 a minute is no limit."""

    def __init__(self, app: ASGIApp, writes_per_minute: float, reads_per_minute: float) -> None:
        self.app = app
        self.writes = TokenBuckets(writes_per_minute) if writes_per_minute else None
        self.reads = TokenBuckets(reads_per_minute) if reads_per_minute else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        buckets = self._buckets(scope)
        if buckets is not None:
            client = scope.get("client")
            wait = buckets.take(client[0] if client else "unknown")
            if wait > 0:
                retry = math.ceil(wait)
                response = problem(
                    429, "Too many requests", f"rate limit reached; retry in {retry} s"
                )
                response.headers["Retry-After"] = str(retry)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _buckets(self, scope: Scope) -> TokenBuckets | None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED_PATHS:
            return None
        if scope["method"] in WRITE_METHODS:
            return self.writes
        return None if scope["method"] == "OPTIONS" else self.reads


class SecurityHeaders:
    """nosniff, no framing, no referrer and a Content-Security-Policy on every response."""

    def __init__(
        self,
        app: ASGIApp,
        docs_paths: frozenset[str],
        page_paths: frozenset[str] = frozenset(),
        page_prefix: str | None = None,
    ) -> None:
        self.app, self.docs_paths = app, docs_paths
        self.page_paths, self.page_prefix = page_paths, page_prefix

    def _csp(self, path: str) -> str:
        if path in self.docs_paths:
            return DOCS_CSP
        if path in self.page_paths or (self.page_prefix and path.startswith(self.page_prefix)):
            return PAGE_CSP
        return API_CSP

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = self._csp(scope["path"])
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.decode("latin-1").lower() not in _SET_HERE
                ]
                headers += _ENCODED_HEADERS
                headers.append((b"content-security-policy", csp.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Answer the 500 here, with the headers; the server still logs the error.
            if not started:
                response = problem(500, "Internal server error", "the error has been logged")
                await response(scope, receive, send_with_headers)
            raise


_SET_HERE = {name.lower() for name in SECURITY_HEADERS} | {"content-security-policy"}
_ENCODED_HEADERS = [
    (name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
]


class NoNulCharacters:
    """Answers 422 to a path or query string holding a NUL character, which PostgreSQL text
    cannot store or compare (SQLite can): the same request is refused on both backends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            "\x00" in scope["path"] or b"%00" in scope.get("query_string", b"")
        ):
            detail = "the path or a query parameter contains a NUL character"
            await problem(422, "Unprocessable request", detail)(scope, receive, send)
            return
        await self.app(scope, receive, send)
