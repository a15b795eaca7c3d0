"""TMDb's error bodies: ``{"status_code": n, "status_message": "...", "success": false}``.

The status codes are TMDb's documented ones: 7 invalid API key (401), 34 not found (404),
25 rate limited (429), 9 service offline (503), 11 internal error (500), 22 invalid page (400),
23 invalid date (400), 27 too many appends (400), 5 invalid parameters (422).
"""

from __future__ import annotations

from starlette.responses import Response

MESSAGES = {
    "unauthorised": (7, "Invalid API key: You must be granted a valid key."),
    "not_found": (34, "The resource you requested could not be found."),
    "rate_limited": (25, "Your request count (#) is over the allowed limit of (40)."),
    "bad_method": (42, "The request method is not supported for this resource."),
}
FAULTS = {500: (11, "Internal error: Something went wrong, contact TMDB."),
          502: (43, "Couldn't connect to the backend server."),
          503: (9, "Service offline: This service is temporarily offline, try again later."),
          504: (24, "Your request to the backend server timed out. Try again.")}


def error(status: int, kind: str, code: int | None = None, message: str | None = None) -> Response:
    """A TMDb error answer with HTTP ``status``; ``kind`` picks the documented code and message."""
    from ..app import json_body
    if kind == "fault":
        default = FAULTS.get(status, FAULTS[503])
    else:
        default = MESSAGES.get(kind, (5, "Invalid parameters: Your request parameters are incorrect."))
    body = {"status_code": code or default[0], "status_message": message or default[1], "success": False}
    return json_body(body, status)
