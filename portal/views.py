from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Liveness and database check for the container healthcheck."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request, reason=""):
    """The form's security check failed (cookies blocked, or the page was open too long):
    say so in the visitor's language, and how to go on. Nothing was saved."""
    from django.shortcuts import render

    response = render(request, "403_csrf.html", status=403)
    response["Cache-Control"] = "no-store"
    return response
