"""The public search page, its JSON API and the type-ahead suggestions.

GET only, no session, no CSRF token: the pages sit in the anonymous page cache like every
public page (portal/pagecache.py). Parsing lives in `forms`, presentation in `presentation`.
"""

import logging
import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import navigation as nav
from . import presentation as show
from .backends.base import BackendUnavailable
from .forms import SORT_LABELS, SearchForm
from .query import MAX_QUERY_LENGTH
from .service import run_search, suggest
from .text import CJK, normalize

logger = logging.getLogger("search")
SUGGEST_LIMIT = 8
JSON_MAX_AGE = 60
_CJK_CHAR = re.compile(rf"[{CJK}]")
_WORD_CHAR = re.compile(r"[a-z0-9]")


@require_safe
def results(request):
    form = SearchForm(request.GET)
    params = form.params()
    context = {
        "form": form,
        "text": form.text,
        "errors": form.error_list(),
        "params": params,
        "sort": params.get("sort", "relevance"),
        "sort_labels": SORT_LABELS,
        "breadcrumbs": [{"url": "", "label": _("搜索")}],
        "record_lists": show.record_list_links(),
        "hidden_for_q": nav.hidden_fields(params, "q"),
        "hidden_for_sort": nav.hidden_fields(params, "sort"),
        "hidden_for_dates": nav.hidden_fields(params, "date_from", "date_to"),
        "dates": {
            n: params.get(n) or request.GET.get(n, "")[:40] for n in ("date_from", "date_to")
        },
    }
    status = 200
    if not context["errors"] and form.to_query().text:
        try:
            found = run_search(form.to_query())
        except BackendUnavailable:
            logger.exception("search: no backend answered")
            context["unavailable"] = True
            status = 503  # not cached; the page says "try again later"
        else:
            context.update(results_context(found, params))
    return render(request, "search/results.html", context, status=status)


def results_context(found, params) -> dict:
    labels = nav.selected_labels(found.query)
    page_obj = show.results_page(found)
    return {
        "results": found,
        "hits": show.hit_views(found.hits, found.query.text),
        "kind_tabs": nav.kind_tabs(found, params),
        "facet_groups": nav.facet_groups(found, params, labels),
        "active_filters": nav.active_filters(found.query, params, labels),
        "clear_url": nav.link({k: v for k, v in params.items() if k in ("q", "sort")}),
        "page_obj": page_obj,
        "querystring": nav.encode(params),
        "page_missing": bool(found.total and not found.hits),
        "last_page_url": nav.link(params, page=found.num_pages if found.num_pages > 1 else None),
        "suggestion_url": nav.link({"q": found.suggestion}) if found.suggestion else "",
    }


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, max_age=JSON_MAX_AGE)
    return response


@require_safe
def api(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _json({"errors": form.errors_json()}, status=400)
    query = form.to_query()
    if not query.text:
        return _json({"errors": {"q": [_("请输入搜索词。")]}}, status=400)
    try:
        found = run_search(query)
    except BackendUnavailable:
        logger.exception("search: no backend answered")
        return JsonResponse({"errors": {"": [_("搜索暂时不可用，请稍后再试。")]}}, status=503)
    return _json(show.results_json(found))


def long_enough(text: str) -> bool:
    """A type-ahead query: at least one Chinese character or two letters/digits."""
    text = normalize(text)
    return bool(_CJK_CHAR.search(text)) or len(_WORD_CHAR.findall(text)) >= 2


@require_safe
def suggestions(request):
    text = " ".join((request.GET.get("q") or "").split())[:MAX_QUERY_LENGTH]
    items = []
    if long_enough(text):
        try:
            items = suggest(text, SUGGEST_LIMIT)
        except BackendUnavailable:
            logger.exception("search: no backend answered suggestions")
    return _json({"suggestions": [show.suggestion_json(item) for item in items[:SUGGEST_LIMIT]]})
