"""The dashboard's handlers: the static pages, /login, /logout, the session's CSRF token, the static files.

The server renders nothing but the login form's two hidden values and its error line; every page is a static
HTML file whose ES modules read the JSON API with the session cookie.
"""

from __future__ import annotations

import hashlib
import html
import secrets
from functools import cache
from pathlib import Path

from aiohttp import web

from healthsink import errors
from healthsink.auth import authenticate_limited
from healthsink.web.appkeys import AUDIT, AUTH, CONFIG, LIMITER, REQUEST_ID
from healthsink.web.dashboard import guard
from healthsink.web.dashboard.keys import SESSION, SESSIONS
from healthsink.web.dashboard.sessions import same_token
from healthsink.web.middlewares import client_address

STATIC = Path(__file__).resolve().parent / "static"
LOGIN_CSRF_MAX_AGE_S = 3600
_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".html": "text/html",
    ".txt": "text/plain",
}


TITLES = {
    "today": "Today",
    "trends": "Trends",
    "sleep": "Sleep",
    "heart": "Heart",
    "workouts": "Workouts",
    "workout": "Workout",
    "journal": "Journal",
    "data": "Data",
}


@cache
def _page_text(name: str) -> str:
    """A page: its own <main> content in the shared shell (head, header, the page's module). Built once."""
    read = lambda n: (STATIC / "pages" / f"{n}.html").read_text(encoding="utf-8")  # noqa: E731
    if name == "login":
        return read("login")
    return read("_shell").replace("{{title}}", TITLES[name]).replace("{{page}}", name).replace("{{body}}", read(name))


def page(name: str):
    async def handler(request: web.Request) -> web.Response:
        return web.Response(text=_page_text(name), content_type="text/html", headers={"Cache-Control": "no-store"})

    handler.__name__ = f"page_{name}"
    return handler


def _safe_next(value: str | None) -> str:
    """Only a path on this site: never //evil.example or a scheme."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _login_form(request: web.Request, error: str = "", status: int = 200) -> web.Response:
    token = secrets.token_urlsafe(32)
    text = (
        _page_text("login")
        .replace("{{csrf}}", token)
        .replace("{{next}}", html.escape(_safe_next(request.query.get("next")), quote=True))
        .replace("{{error}}", html.escape(error))
    )
    response = web.Response(text=text, status=status, content_type="text/html", headers={"Cache-Control": "no-store"})
    guard.set_cookie(request, response, guard.LOGIN_CSRF_COOKIE, token, LOGIN_CSRF_MAX_AGE_S)
    return response


async def login_page(request: web.Request) -> web.Response:
    if await request.app[SESSIONS].find(guard.read_cookie(request, guard.COOKIE)) is not None:
        return guard.redirect(_safe_next(request.query.get("next")))
    return _login_form(request)


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    if not guard.same_origin(request) or not same_token(
        str(form.get("csrf", "")), guard.read_cookie(request, guard.LOGIN_CSRF_COOKIE) or "-"
    ):
        return _login_form(request, "The form came from another site or has expired: try again.", 403)
    cfg, audit = request.app[CONFIG], request.app[AUDIT]
    addr, agent = client_address(request), request.headers.get("User-Agent")
    key = str(form.get("key", "")).strip()
    try:
        principal = await authenticate_limited(
            request.app[AUTH], request.app[LIMITER], key or None, addr, cfg.rate_limit.failed_auth_per_hour
        )
    except errors.RateLimited:
        return _login_form(request, "Too many failed attempts: wait a while before trying again.", 429)
    except errors.Unauthorized as exc:
        audit.record(
            "auth_failed",
            client_addr=addr,
            user_agent=agent,
            request_id=request[REQUEST_ID],
            key_prefix=key[:8],
            reason=exc.message,
            via="dashboard_login",
        )
        return _login_form(request, "That key is not valid (unknown, revoked or expired).", 401)
    if principal.scope == "ingest":
        return _login_form(
            request,
            "This key may only send data. Log in with a read key: healthsink key create you@example.org --scope read",
            403,
        )
    sessions = request.app[SESSIONS]
    token = await sessions.open(principal, agent)
    audit.record(
        "session_opened",
        user_id=principal.user_id,
        key_id=principal.key_id,
        client_addr=addr,
        user_agent=agent,
        request_id=request[REQUEST_ID],
    )
    response = guard.redirect(_safe_next(str(form.get("next", "")) or None))
    guard.set_cookie(request, response, guard.COOKIE, token, sessions.max_age_s)
    guard.clear_cookie(request, response, guard.LOGIN_CSRF_COOKIE)
    return response


async def logout(request: web.Request) -> web.Response:
    form = await request.post()
    sessions = request.app[SESSIONS]
    token = guard.read_cookie(request, guard.COOKIE)
    session = await sessions.find(token)
    if session is not None:
        if not guard.same_origin(request) or not same_token(str(form.get("csrf", "")), session.csrf):
            raise errors.Forbidden("cross-site logout refused")
        await sessions.close(token)
        request.app[AUDIT].record(
            "session_closed",
            user_id=session.principal.user_id,
            key_id=session.principal.key_id,
            client_addr=client_address(request),
            request_id=request[REQUEST_ID],
        )
    response = guard.redirect("/login")
    guard.clear_cookie(request, response, guard.COOKIE)
    return response


async def session_info(request: web.Request) -> web.Response:
    """What the pages need besides the API: the CSRF token for forms and the configured map tiles."""
    session = request.get(SESSION)
    if session is None:
        raise errors.Unauthorized("no dashboard session (this is for the browser)")
    return web.json_response(
        {
            "csrf": session.csrf,
            "scope": session.principal.scope,
            "key_prefix": session.principal.key_prefix,
            "map_tiles_url": request.app[CONFIG].dashboard.map_tiles_url,
        },
        headers={"Cache-Control": "no-store"},
    )


@cache
def _static_file(path: Path) -> tuple[bytes, str]:
    """A static file's bytes and ETag, read once: all of them together are a few hundred kB, and an in-memory
    body leaves no file open when a browser drops the request half-way."""
    data = path.read_bytes()
    return data, '"' + hashlib.sha256(data).hexdigest()[:20] + '"'


def _send(request: web.Request, path: Path, cache_control: str) -> web.Response:
    data, etag = _static_file(path)
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers=headers)
    return web.Response(body=data, content_type=_TYPES[path.suffix], headers=headers)


async def static(request: web.Request) -> web.Response:
    rel = request.match_info["path"]
    path = (STATIC / rel).resolve()
    if STATIC not in path.parents or not path.is_file() or path.suffix not in _TYPES or rel.startswith("pages/"):
        raise web.HTTPNotFound()
    # Revalidated every time (ETag): an upgrade never runs old modules against a new API.
    return _send(request, path, "no-cache")


async def favicon(request: web.Request) -> web.Response:
    return _send(request, STATIC / "favicon.svg", "max-age=86400")
