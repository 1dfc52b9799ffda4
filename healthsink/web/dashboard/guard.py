"""The dashboard's side of authentication: the session cookie, where it counts, and the browser headers.

The cookie stands in for a key only where a cross-site request can do no harm: GET/HEAD reads, the pages,
and the few cookie-authenticated writes (settings, an upload on the Data page) that also come from this
origin and carry the CSRF token.
It never counts on ingest: there only header keys do, so no other site can make a browser send data.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import quote, urlsplit

from aiohttp import web

from healthsink.auth import key_from_headers
from healthsink.errors import Forbidden, Unauthorized
from healthsink.web.appkeys import CONFIG, PRINCIPAL
from healthsink.web.dashboard.keys import SESSION, SESSIONS
from healthsink.web.dashboard.sessions import same_token
from healthsink.web.openapi import PUBLIC

COOKIE = "healthsink_session"
LOGIN_CSRF_COOKIE = "healthsink_login_csrf"
# Routes the dashboard authenticates itself (login, logout, static files): no key asked for.
OPEN = frozenset({"dash_login_page", "dash_login", "dash_logout", "dash_static", "dash_favicon"})
# Pages: without a live session, a redirect to /login instead of a JSON 401.
PAGES = frozenset(
    {
        "dash_today",
        "dash_trends",
        "dash_sleep",
        "dash_heart",
        "dash_workouts",
        "dash_workout",
        "dash_journal",
        "dash_data",
    }
)
# Cookie-authenticated writes (same origin and CSRF token required): settings, and an export.zip uploaded from
# the Data page (which still needs a key scoped for ingest). Every other non-GET ignores the cookie.
COOKIE_WRITES = frozenset({"me_update", "import_create"})

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{tiles}; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def csp(request: web.Request) -> str:
    """The policy; map tiles, when configured, are the one other origin the pages may load (images only)."""
    tiles = urlsplit(request.app[CONFIG].dashboard.map_tiles_url)
    return CSP.format(tiles=f" {tiles.scheme}://{tiles.netloc}" if tiles.scheme in ("http", "https") else "")


def is_https(request: web.Request) -> bool:
    if request.scheme == "https":
        return True
    trusted = request.app[CONFIG].server.trusted_proxies
    try:
        peer = ipaddress.ip_address(request.remote or "")
    except ValueError:
        return False
    from_proxy = any(peer in ipaddress.ip_network(t, strict=False) for t in trusted)
    return from_proxy and request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower() == "https"


def secure_cookies(request: web.Request) -> bool:
    setting = request.app[CONFIG].dashboard.cookie_secure
    return setting == "true" or (setting == "auto" and is_https(request))


def cookie_name(request: web.Request, base: str) -> str:
    # __Host-: the browser takes it only from HTTPS with Path=/ and no Domain, so no subdomain can plant it.
    return "__Host-" + base if secure_cookies(request) else base


def read_cookie(request: web.Request, base: str) -> str | None:
    return request.cookies.get(cookie_name(request, base))


def set_cookie(request: web.Request, response: web.StreamResponse, base: str, value: str, max_age: int) -> None:
    response.set_cookie(
        cookie_name(request, base),
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="Strict",
        secure=secure_cookies(request),
    )


def clear_cookie(request: web.Request, response: web.StreamResponse, base: str) -> None:
    response.del_cookie(
        cookie_name(request, base), path="/", httponly=True, samesite="Strict", secure=secure_cookies(request)
    )


def same_origin(request: web.Request) -> bool:
    """The form or fetch came from this very site. Sec-Fetch-Site, which a page cannot forge, decides where
    the browser sends it; else Origin must name this host. A client that sends neither is no browser (the
    CSRF token still has to match)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.netloc.lower() == request.host.lower() and parts.scheme == ("https" if is_https(request) else "http")


def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers["Content-Security-Policy"] = csp(request)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # not no-referrer: with it Chromium sends `Origin: null` on the site's own form posts
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"


def redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location, "Cache-Control": "no-store"})


@web.middleware
async def session_auth(request: web.Request, handler):
    route = request.match_info.route.name if request.match_info.route is not None else None
    if route in OPEN:
        # Answered here, past key authentication and per-key limits: these carry no key (login counts its
        # failures itself) and must work without a session.
        response = await request.match_info.handler(request)
        security_headers(request, response)
        return response
    token = read_cookie(request, COOKIE)
    if route in PAGES:
        session = await request.app[SESSIONS].find(token)
        if session is None or session.principal.scope == "ingest":
            return redirect("/login?next=" + quote(request.path_qs, safe=""))
        request[PRINCIPAL], request[SESSION] = session.principal, session
        response = await handler(request)
        security_headers(request, response)
        return response
    if token is None or route is None or route in PUBLIC or key_from_headers(request.headers) is not None:
        return await handler(request)  # header keys win; no cookie, or a public route: as always
    if request.method in ("GET", "HEAD"):
        session = await request.app[SESSIONS].find(token)
        if session is None:
            raise Unauthorized("the dashboard session has ended: log in again")
    elif route in COOKIE_WRITES:
        session = await request.app[SESSIONS].find(token)
        if session is None:
            raise Unauthorized("the dashboard session has ended: log in again")
        if not same_origin(request) or not same_token(request.headers.get("X-CSRF-Token"), session.csrf):
            raise Forbidden("cross-site request refused (Origin and X-CSRF-Token must match this site)")
    else:
        return await handler(request)  # e.g. ingest: the cookie is ignored, a header key is required
    request[PRINCIPAL], request[SESSION] = session.principal, session
    response = await handler(request)
    response.headers["Cache-Control"] = "no-store"
    return response
