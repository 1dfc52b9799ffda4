"""The dashboard's typed application and request keys."""

from __future__ import annotations

from aiohttp import web

from healthsink.web.dashboard.sessions import Session, Sessions

SESSIONS = web.AppKey("sessions", Sessions)
SESSION = web.RequestKey("session", Session)  # set when the request was authenticated by the cookie
