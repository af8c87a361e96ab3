"""What every search backend does. `search.service` picks one and falls back on errors."""

from collections.abc import Iterable

from ..documents import SearchDoc
from ..query import SearchQuery, SearchResults


class BackendUnavailable(Exception):
    """The engine did not answer (down, timed out, refused): the caller falls back."""


class SearchBackend:
    name = ""

    # --- reading ---------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits of one page, total, facet counts (if `query.facets`) and "did you mean".

        Only documents public on `query.on()` count: public_from <= day <= public_until.
        Hit titles and snippets are HTML-escaped with the query's words in <mark>.
        """
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = 8, today=None) -> list[dict]:
        """Facility names for the type-ahead box: [{"title", "kind", "object_id", "code"}]."""
        raise NotImplementedError

    # --- writing ---------------------------------------------------------------------

    def index(self, docs: Iterable[SearchDoc], build=None) -> int:
        """Add or replace documents (by key) in the live index, and in `build`'s new index
        while a rebuild runs. Returns how many were written."""
        raise NotImplementedError

    def delete(self, keys: Iterable[str], build=None) -> int:
        raise NotImplementedError

    def delete_expired(self, today) -> int:
        """The publicity sweep: remove documents whose public_until is before `today`."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    # --- rebuilding ------------------------------------------------------------------
    # `search.indexing.rebuild` drives these: start (or resume) a build, index every
    # document into it in batches, then swap it in.

    def prepare(self, docs: list) -> list:
        """Work on a batch that needs no connection (a rebuild does it while the previous
        batch is being written); returns the batch."""
        return docs

    def writer_threads(self) -> int:
        """How many threads a rebuild writes batches on (search.writer)."""
        return 2

    def start_build(self, resume: bool = True):
        """An `IndexBuild` row: the unfinished one when resuming, else a new one."""
        raise NotImplementedError

    def finish_build(self, build) -> None:
        """Make the build's index the live one and drop the old one."""
        raise NotImplementedError
