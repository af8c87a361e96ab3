"""Decorators of the intake views: no caching and no POST data in error reports
(`private`), the evidence upload handler installed before the body is read (`takes_uploads`:
`csrf_exempt` outside, `csrf_protect` inside, see Django's "Modifying upload handlers on the
fly"), and a clear 400 page for bodies Django refuses (`readable_body`)."""

from functools import wraps

from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .evidence import install_handler

# Bodies Django cannot or will not read: too big, too many fields/files, broken multipart,
# form data in a charset other than UTF-8. Answered 400 with a page that says so.
BAD_BODY = (
    BadRequest,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    MultiPartParserError,
)


def unreadable(request):
    return render(request, "intake/problem.html", {"problem": "unreadable"}, status=400)


def readable_body(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BAD_BODY:
            return unreadable(request)

    return wrapper


def private(view):
    """no-store, POST values hidden from error reports, GET/HEAD/POST only."""
    return never_cache(
        sensitive_post_parameters()(require_http_methods(["GET", "HEAD", "POST"])(view))
    )


class KeepFinishedFiles(FileUploadHandler):
    """Works around Django closing the previous, finished upload when the first handler
    skips a file in new_file() (too many files): MultiPartParser._close_files() closes every
    handler's `.file`, and the handlers after ours still point at the previous file. This
    goes first and makes them forget it. Unneeded once EvidenceUploadHandler rejects extra
    files in receive_data_chunk() instead (reported)."""

    def new_file(self, *args, **kwargs):
        for handler in self.request.upload_handlers:
            if handler is not self:
                handler.__dict__.pop("file", None)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


def takes_uploads(view):
    protected = csrf_protect(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            install_handler(request)
            request.upload_handlers.insert(0, KeepFinishedFiles(request))
        try:
            return protected(request, *args, **kwargs)
        except BAD_BODY:
            return unreadable(request)

    return csrf_exempt(wrapper)
