"""A client of the service (`claimcheck check DRAFT --against ARCHIVE --server URL`), on the standard library.

The draft file is read as the archive's files are (`claimcheck.load.read_text`:
UTF-8, else cp1252, size and binary checks) and sent whole, front matter and
all, so the service reads it exactly as `claimcheck check` would. Nothing here
imports the models, so a check through a running service starts in a fraction
of a second.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from claimcheck.errors import EXIT_SERVICE, EXIT_USAGE, ClaimcheckError

TIMEOUT = 120.0  # seconds: a first check may wait for a reload of the archive


def _url(base: str, path: str) -> str:
    return base.rstrip("/") + path


def _call(request: urllib.request.Request, base: str, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the user's own URL
            return response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            message = json.loads(body)["error"]
        except (ValueError, KeyError, TypeError):
            message = body.decode("utf-8", "replace").strip()[:200] or exc.reason
        code = EXIT_USAGE if 400 <= exc.code < 500 else EXIT_SERVICE
        raise ClaimcheckError(f"the service at {base} refused the draft ({exc.code}): {message}", code) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ClaimcheckError(
            f"cannot reach the service at {base} ({reason}); start it with: claimcheck serve ARCHIVE", EXIT_SERVICE
        ) from None


def health(base: str, timeout: float = 10.0) -> dict[str, Any]:
    """The service's /health document."""
    return json.loads(_call(urllib.request.Request(_url(base, "/health")), base, timeout))


def check_file(base: str, draft: Path, fmt: str = "json", timeout: float = TIMEOUT) -> bytes:
    """POST a draft file to the service's /check; the report in `fmt`, as the service sent it."""
    from claimcheck.load import read_text

    text, reason, _notes = read_text(Path(draft))
    if text is None:
        raise ClaimcheckError(f"{draft}: {reason}", EXIT_USAGE)
    # The file's stem as its id, as `claimcheck check DRAFT --against` names it: the same finding ids.
    body = json.dumps({"text": text, "id": Path(draft).stem}, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        _url(base, f"/check?format={fmt}"), data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    return _call(request, base, timeout)


def same_archive(served: list[str], against: Path) -> bool:
    """Whether the service serves the folder given with --against."""
    return Path(against).resolve() in {Path(p).resolve() for p in served}
