"""Evidence kept between a failed validation and the successful submission.

A browser cannot re-fill a file input. Files that passed the checks are therefore stored in
private storage under `pending/<form token>/` and listed in the session under the token;
the re-rendered form lists them (with a 移除 box), the successful submission attaches them
and `clear` removes them. `purge_stale` deletes what abandoned forms left behind.
"""

import logging
import time

from django.core.files.base import ContentFile

from ..storage import private_storage
from .evidence import CheckedFile

logger = logging.getLogger("portal.intake")
SESSION_KEY = "portal_pending_evidence"
FOLDER = "pending"
MAX_TOKENS = 10


def _all(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def listed(request, token) -> list[dict]:
    """The pending files of `token`: dicts with id, name, content_type, size, sha256, path."""
    return list(_all(request).get(token, [])) if token else []


def add(request, token, files) -> list[dict]:
    """Store `files` (CheckedFile) under `token`; a file already pending is not added twice."""
    if not token or not files:
        return listed(request, token)
    entries = _all(request)
    items = list(entries.get(token, []))
    known = {item["sha256"] for item in items}
    storage = private_storage()
    for checked in files:
        if checked.sha256 in known:
            continue
        extension = checked.name.rsplit(".", 1)[-1][:10] if "." in checked.name else "bin"
        path = storage.save(
            f"{FOLDER}/{token}/{checked.sha256[:32]}.{extension}", ContentFile(checked.content)
        )
        items.append(
            {
                "id": checked.sha256[:16],
                "name": checked.name,
                "content_type": checked.content_type,
                "size": checked.size,
                "sha256": checked.sha256,
                "path": path,
            }
        )
        known.add(checked.sha256)
    entries[token] = items
    for old in list(entries)[: max(0, len(entries) - MAX_TOKENS)]:
        _delete_files(entries.pop(old))
    request.session[SESSION_KEY] = entries
    return items


def remove(request, token, ids) -> list[dict]:
    """Drop the pending files whose id is in `ids` (the 移除 boxes)."""
    ids = {str(i) for i in ids or ()}
    items = listed(request, token)
    if not ids or not items:
        return items
    keep = [item for item in items if item["id"] not in ids]
    _delete_files([item for item in items if item["id"] in ids])
    entries = _all(request)
    entries[token] = keep
    request.session[SESSION_KEY] = entries
    return keep


def load(request, token) -> list[CheckedFile]:
    """The pending files' contents, ready to attach (a file gone from storage is skipped)."""
    storage = private_storage()
    files = []
    for item in listed(request, token):
        try:
            with storage.open(item["path"], "rb") as handle:
                content = handle.read()
        except (OSError, FileNotFoundError):
            logger.warning("intake: a pending evidence file is missing")
            continue
        files.append(
            CheckedFile(
                name=item["name"],
                content_type=item["content_type"],
                content=content,
                sha256=item["sha256"],
            )
        )
    return files


def clear(request, token):
    entries = _all(request)
    if token in entries:
        _delete_files(entries.pop(token))
        request.session[SESSION_KEY] = entries


def _delete_files(items):
    storage = private_storage()
    for item in items:
        try:
            storage.delete(item["path"])
        except OSError:
            logger.warning("intake: could not delete a pending evidence file")


def purge_stale(max_age_hours=24) -> int:
    """Delete pending files older than `max_age_hours` (forms never submitted). Returns the
    number deleted; meant for a periodic task."""
    storage = private_storage()
    limit = time.time() - max_age_hours * 3600
    deleted = 0
    try:
        folders, _files = storage.listdir(FOLDER)
    except (OSError, FileNotFoundError):
        return 0
    for folder in folders:
        path = f"{FOLDER}/{folder}"
        try:
            _dirs, names = storage.listdir(path)
        except (OSError, FileNotFoundError):
            continue
        for name in names:
            try:
                if storage.get_modified_time(f"{path}/{name}").timestamp() < limit:
                    storage.delete(f"{path}/{name}")
                    deleted += 1
            except (OSError, FileNotFoundError, NotImplementedError):
                continue
    return deleted
