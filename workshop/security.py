"""Web security: response headers, Secure cookies over https, cross-site request refusal,
request bodies read whole before any handler, and the address links are built from.

CSRF: the API only accepts JSON bodies and bearer tokens, which a cross-site
HTML form cannot send, and the cookie is SameSite=Lax. On top of that every
state-changing request whose browser says it comes from another site
(`Origin` or `Sec-Fetch-Site`) is refused with `forbidden`, so a forged
`fetch()` from another origin never reaches a handler either.
"""

import ipaddress
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import ClientDisconnected
from werkzeug.middleware.proxy_fix import ProxyFix

from .domain.rules import RuleError

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Scripts only from our own origin (no inline script, no eval). Inline *styles* stay
# allowed: they cannot run code, and UI libraries set style attributes.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Join codes are in page addresses; no other site needs to see them.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SessionInterface(SecureCookieSessionInterface):
    """The cookie is Secure whenever the request came over https, not only when configured."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(super().get_cookie_secure(app) or request.is_secure)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def allowed_origins() -> set[str]:
    """This server as the browser reached it, and PUBLIC_URL when it is set."""
    origins = {origin_of(request.host_url)}
    if current_app.config["PUBLIC_URL"]:
        origins.add(origin_of(current_app.config["PUBLIC_URL"]))
    return origins


def read_body() -> None:
    """Read the whole body before any handler runs, so no handler waits on the network while
    it holds a database transaction (on SQLite: the one write lock). Under eventlet the read
    has a deadline (HTTP_BODY_TIMEOUT, see server.py); handlers parse it from memory."""
    try:
        request.get_data(cache=True)
    except ClientDisconnected:
        raise RuleError("invalid", "The request body did not arrive in time.") from None


def _local_host(host: str) -> bool:
    """localhost, or a loopback or private-network address: what a server reached without a
    domain name (on this machine or a venue's network) is called, and no one else's site."""
    name = urlsplit(f"//{host}").hostname or ""
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


def base_url() -> str:
    """Where join links and QR codes point: PUBLIC_URL; else the request's own address when the
    Host header is vouched for (TRUSTED_HOSTS, which Flask enforces) or names a local address;
    else the address this server listens on. A link never names a host a client made up."""
    config = current_app.config
    if config["PUBLIC_URL"]:
        return config["PUBLIC_URL"]
    if config["TRUSTED_HOSTS"] or _local_host(request.host):
        return request.host_url.rstrip("/")
    return config["SERVER_URL"]


def refuse_cross_site() -> None:
    """Browsers label every cross-site request; scripts without a browser send neither header."""
    if request.method not in UNSAFE_METHODS:
        return
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        raise RuleError("forbidden", "Requests from other sites are not accepted.")
    origin = request.headers.get("Origin")
    if origin is not None and origin.lower() not in allowed_origins():
        raise RuleError("forbidden", "Requests from other sites are not accepted.")


def add_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.path.startswith("/api/"):
        # Answers may carry tokens: never keep them in a shared or browser cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    """Call after socketio.init_app, so a trusted proxy's headers reach Socket.IO requests too."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    if app.config["PUBLIC_URL"].startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.session_interface = SessionInterface()
    app.before_request(read_body)
    app.before_request(refuse_cross_site)
    app.after_request(add_headers)
