"""Recorded Elasticsearch 8 response shapes (see README.md) and a fake node that serves them.

`FakeElasticsearch().client` is a real `elasticsearch.Elasticsearch` whose only node is
this recorder: the whole client stack runs (URL building, JSON/NDJSON serialisation,
product check, error mapping), and each request is kept as `Request(method, path,
params, body)` for the tests to compare with what the backend should send.
"""

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch

HERE = Path(__file__).parent


def load(name: str):
    return json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Request:
    method: str
    path: str
    params: dict
    body: object = None  # JSON, or a list of JSON lines for NDJSON (bulk)


@dataclass
class Route:
    method: str
    path: re.Pattern
    status: int
    body: object  # JSON, or a callable(Request) -> JSON
    once: bool = False
    used: int = field(default=0)


class FakeElasticsearch:
    def __init__(self):
        self.requests: list[Request] = []
        self.routes: list[Route] = []
        recorder = self

        class Node(BaseNode):
            _CLIENT_META_HTTP_CLIENT = ("fake", "1")

            def perform_request(self, method, target, body=None, headers=None, **kwargs):
                return recorder._handle(self.config, method, target, body)

        self.client = Elasticsearch("http://es.test:9200", node_class=Node, max_retries=0)

    def on(self, method, path, body=None, status=200, once=False):
        """Answer `method path` (a regex matched against the whole path) with `body`."""
        self.routes.append(Route(method, re.compile(f"^{path}$"), status, body, once))
        return self

    def sent(self, method=None, path=None) -> list[Request]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method)
            and (path is None or re.match(f"^{path}$", r.path))
        ]

    def _handle(self, config, method, target, raw):
        parts = urlsplit(target)
        request = Request(method, parts.path, dict(parse_qsl(parts.query)), _decode(raw))
        self.requests.append(request)
        for route in reversed(self.routes):  # later routes override earlier ones
            if route.method == method and route.path.match(parts.path):
                if route.once and route.used:
                    continue
                route.used += 1
                body = route.body(request) if callable(route.body) else route.body
                return _response(config, route.status, body)
        raise AssertionError(f"unexpected request {method} {target}")


def _decode(raw):
    if not raw:
        return None
    text = raw.decode("utf-8")
    if text.endswith("\n"):  # NDJSON (bulk): one JSON document per line
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)


def _response(config, status, body):
    headers = HttpHeaders({"x-elastic-product": "Elasticsearch"})
    data = b""
    if body is not None:
        headers["content-type"] = "application/vnd.elasticsearch+json;compatible-with=8"
        data = json.dumps(body).encode("utf-8")
    meta = ApiResponseMeta(
        status=status, http_version="1.1", headers=headers, duration=0.0, node=config
    )
    return NodeApiResponse(meta, data)


def bulk_reply(request: Request, found: bool = True) -> dict:
    """The documented bulk response (bulk.json), one item per action of the request;
    deletes answer as found (200) or, as in the documentation, not_found (404)."""
    recorded = load("bulk")
    templates = {next(iter(item)): next(iter(item.values())) for item in recorded["items"]}
    items = []
    for line in request.body:
        op = next(iter(line))
        if op not in templates:
            continue  # a source line
        item = copy.deepcopy(templates[op])
        item.update(_index=line[op]["_index"], _id=line[op]["_id"])
        if op == "delete" and found:
            item.update(result="deleted", status=200)
        items.append({op: item})
    return {**recorded, "items": items}


def actions(request: Request) -> list:
    """The (action, source) pairs of a bulk request; source None for deletes."""
    lines, pairs = list(request.body), []
    while lines:
        action = lines.pop(0)
        op = next(iter(action))
        pairs.append((action, lines.pop(0) if op in ("index", "create", "update") else None))
    return pairs
