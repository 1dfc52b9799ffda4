"""The dashboard healthsink serves itself: static pages and ES modules reading the JSON API, opened by a
server-side session that a pasted API key creates (see guard.py for where the cookie counts)."""

from __future__ import annotations

from aiohttp import web

from healthsink.web.appkeys import CONFIG, POOL
from healthsink.web.dashboard import guard, pages
from healthsink.web.dashboard.keys import SESSIONS
from healthsink.web.dashboard.sessions import Sessions

ROUTES = [
    ("GET", "/login", pages.login_page, "dash_login_page"),
    ("POST", "/login", pages.login, "dash_login"),
    ("POST", "/logout", pages.logout, "dash_logout"),
    ("GET", "/dashboard/static/{path:.+}", pages.static, "dash_static"),
    ("GET", "/favicon.ico", pages.favicon, "dash_favicon"),
    ("GET", "/dashboard/session", pages.session_info, "dash_session"),
    ("GET", "/", pages.page("today"), "dash_today"),
    ("GET", "/trends", pages.page("trends"), "dash_trends"),
    ("GET", "/sleep", pages.page("sleep"), "dash_sleep"),
    ("GET", "/heart", pages.page("heart"), "dash_heart"),
    ("GET", "/workouts", pages.page("workouts"), "dash_workouts"),
    ("GET", "/workouts/{id}", pages.page("workout"), "dash_workout"),
    ("GET", "/journal", pages.page("journal"), "dash_journal"),
    ("GET", "/data", pages.page("data"), "dash_data"),
]


async def _sessions(app: web.Application):
    cfg = app[CONFIG]
    app[SESSIONS] = Sessions(
        app[POOL], cfg.auth.key_cache_s, cfg.dashboard.session_idle_days, cfg.dashboard.session_max_days
    )
    yield
    await app[SESSIONS].drain()


def setup(app: web.Application) -> None:
    """Routes and the session store; call after the database context is registered (sessions need the pool)."""
    for method, path, handler, name in ROUTES:
        app.router.add_route(method, path, handler, name=name)
    app.cleanup_ctx.append(_sessions)


def middlewares(base: list) -> list:
    """`base` with the session cookie check just before key authentication and the scope check just after."""
    from healthsink.web.middlewares import authenticate
    from healthsink.web.scopes import require_scope

    i = base.index(authenticate)
    return [*base[:i], guard.session_auth, authenticate, require_scope, *base[i + 1 :]]
