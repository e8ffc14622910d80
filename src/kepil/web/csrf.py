"""Forms posted from another site are refused (CSRF), beside the SameSite=Strict sign-in cookie.

SameSite=Strict keeps the key off a form another site posts, but not every action needs the key: a
cross-site POST /login would sign the victim in with the attacker's key (login CSRF), a POST /logout would
sign them out. So every page's state-changing request (POST, PUT, PATCH, DELETE) must come from a page of
this site: the browser's `Sec-Fetch-Site` says same-origin (or none: typed, bookmarked), or, for a browser
that does not send it, the `Origin` header names this host. A request with neither (curl, a test client)
passes: it carries no victim's cookie. The API (/v1, /fhir) takes Bearer keys and is not concerned."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request

from kepil.i18n import Text

SAFE_METHODS = frozenset(("GET", "HEAD", "OPTIONS"))
SAME_SITE_FETCH = frozenset(("same-origin", "none"))

TEXTS: dict[str, Text] = {
    "cross_site": Text("Басқа сайттан жіберілген форма", "Форма отправлена с другого сайта",
                       "A form sent from another site"),
    "cross_site_detail": Text(
        "Бұл әрекетті тек kepil беттеріндегі формамен жасауға болады. Бетті ашып, қайта жіберіңіз.",
        "Это действие выполняется только формой со страниц kepil. Откройте страницу и отправьте ещё раз.",
        "This action is taken only by a form on kepil's own pages. Open the page and send it again.",
    ),
}  # fmt: skip


class CrossSiteRequest(Exception):
    """A state-changing page request sent by another site's page: 403."""


def cross_site(request: Request) -> bool:
    """Whether an unsafe request was sent by a page of another origin (a browser says so)."""
    if request.method in SAFE_METHODS:
        return False
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site.strip().lower() not in SAME_SITE_FETCH
    origin = request.headers.get("origin")
    if origin is None:
        return False
    if origin.strip().lower() == "null":  # a sandboxed frame or a privacy-stripped origin
        return True
    return urlsplit(origin.strip()).netloc.lower() != request.headers.get("host", "").strip().lower()


async def same_origin(request: Request) -> None:
    """A dependency of every page route: a cross-site unsafe request is refused before it acts."""
    if cross_site(request):
        raise CrossSiteRequest()
