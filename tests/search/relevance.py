"""The relevance set: judged queries over `seed_demo` data, and how a ranking is scored.

The data: `manage.py seed_demo --facilities 300 --records 3000 --seed 2026 --today 2026-11-20`
(the constants below), indexed. Searches pass `SearchQuery(today=TODAY)`, so nothing depends
on the calendar date.

What a query may find: the corpus is every document `search.documents.documents(kind)` yields
(what the index holds; it decides eligibility with the real date) that is public on `TODAY`
(public_from <= TODAY <= public_until). Judgments are computed from that corpus, never typed
in, so they follow the generator if it changes; the same seed and code give the same set.

How queries are chosen (fixed rules over documents in id order, no randomness):
- a "sample of n" of a list takes the items at positions round(i * len / n), i = 0..n-1;
- text is compared after NFKC, lower case and traditional-to-simplified (OpenCC t2s): `canon`.

How each category is judged (relevant = a set of document keys, "facility:12"):
- full_name: the names of the four fixed demo parties and a sample of 12 facility documents;
  no kind filter. Relevant: every facility whose name contains the query.
- full_name_trad: those names in traditional characters (OpenCC s2t; names that do not
  change are skipped), and the one fixed party stored in traditional characters typed in
  simplified ones. Relevant: as full_name.
- partial_name: distinctive parts of names — the brand words, streets and towns the generator
  builds names from (portal.demo.vocabulary) and the fixed parties' own words, in that order,
  those in at least one facility name; a sample of 16. Kind filter facility. Relevant: every facility whose name
  contains the part.
- partial_name_any: a sample of 8 of those parts, no kind filter. Relevant: every document
  whose title contains the part (a facility and its records: a record's title starts with
  the party's name). Documents that merely mention the part in their body are not.
- partial_name_trad: parts that change in traditional characters, first 6; as partial_name.
- uscc: a sample of 6 facilities with an 18-character USCC, each typed 4 ways: exact, lower
  case, full-width characters, and in groups of four separated by spaces. Relevant: every
  document carrying that USCC (the facility and its records).
- decision_number: a sample of 2 documents of each record kind and of the notices with a
  number; each number exact and with its 〔〕 written [ ], ( ) and （ ） (numbers without
  brackets: exact and lower case). Relevant: every document carrying that number.
- licence_number: a sample of 5 facility licence numbers and 5 licence-record certificate
  numbers; exact, lower case (when it has letters) and [ ] for 〔〕/【】. Relevant: every
  document carrying that number.
- violation_phrase: hand-picked phrases from the violations vocabulary (PHRASES), kind filter
  penalty. Relevant: every penalty whose title or body contains every space-separated word.
- violation_phrase_any: PHRASES_ANY with no kind filter; relevant: every document containing
  them (the issue's "非法行医" is only in blacklist reasons and a typical case).
- violation_phrase_trad: the first 6 PHRASES in traditional characters; as violation_phrase.
- pinyin: for each partial_name part, its pinyin (`kangning`); kind filter facility.
  Relevant: every facility whose name contains a name word (the vocabulary above) spelled
  that way — the part itself and its homophones among the name words. A facility where the
  syllables merely run across two words (杭州市|上城区 spells "shishang", like 时尚) is not:
  nobody typing "shishang" means 上城区.
- pinyin_initials: the initials of the part and the two characters after it in the first
  facility name holding it (`knkq`); kind filter facility. Initials are ambiguous by nature:
  relevant is every facility whose name, spelled syllable by syllable (pypinyin), has a run
  of syllables whose initials spell the query.
- case_title / notice_title: the title of every typical case / notice and policy document;
  no kind filter. Relevant: every document whose title contains the query.

A query with no relevant document is dropped. The templates were checked by hand with
`manage.py search_records` on this data. Scores (k = 10):
- recall@10 = |relevant ∩ top 10| / min(|relevant|, 10): a query with 40 relevant documents
  scores 1 when its first page is all relevant;
- reciprocal rank = 1 / rank of the first relevant hit within the top 10, else 0 (MRR@10).
"""

import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from opencc import OpenCC
from pypinyin import lazy_pinyin

SEED = "2026"
TODAY = datetime.date(2026, 11, 20)
FACILITIES = 300
RECORDS = 3000
K = 10
RECALL_TARGET = 0.95
MRR_TARGET = 0.9

RECORD_KIND_ORDER = ("penalty", "licence", "blacklist", "inspection", "practice_score")

# Violation phrases as citizens type them (each word must appear; kind filter penalty).
PHRASES = (
    "非医师行医",
    "医疗美容 罚款",
    "医疗废物",
    "消毒灭菌",
    "健康合格证明",
    "超出登记",
    "吊销 医疗机构执业许可证",
    "没收违法所得",
    "肉毒毒素",
    "胎儿性别鉴定",
    "虚假证明",
    "放射诊疗",
    "护士执业证书",
    "饮用水",
    "一次性 用品",
    "输液 罚款",
)
# Phrases searched across every kind.
PHRASES_ANY = ("非法行医", "胎儿性别鉴定", "医疗废物", "放射诊疗", "护士执业证书", "医疗广告")

USCC = re.compile(r"^[0-9A-Z]{18}$")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
BRACKETS = {"〔": "[", "〕": "]", "【": "[", "】": "]"}
FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@lru_cache(maxsize=2)
def _opencc(config):
    return OpenCC(config)


@lru_cache(maxsize=100_000)
def canon(text: str) -> str:
    """Text as compared by the judgments: NFKC, lower case, simplified characters."""
    return _opencc("t2s").convert(unicodedata.normalize("NFKC", text or "").lower())


def traditional(text: str) -> str:
    return _opencc("s2t").convert(text)


def sample(items, n):
    """n items spread evenly over the list (all of them when there are fewer)."""
    items = list(items)
    if len(items) <= n:
        return items
    return [items[i] for i in dict.fromkeys(round(i * len(items) / n) for i in range(n))]


# --- the corpus -----------------------------------------------------------------------------


@dataclass
class Doc:
    key: str
    kind: str
    object_id: int
    title: str
    body: str
    codes: tuple
    names: tuple

    @property
    def text(self) -> str:
        return canon(self.title) + "\n" + canon(self.body)


def public_documents(today=TODAY, kinds=None, ids=None) -> list:
    """What the index holds that is public on `today`, as `Doc`s, in kind and id order
    (`ids`: kind -> ids, to read only those objects of that kind)."""
    from search.documents import documents
    from search.indexing import ALL_KINDS

    docs = []
    for kind in kinds or ALL_KINDS:
        wanted = (ids or {}).get(kind)
        for doc in documents(kind) if wanted is None else documents(kind, wanted):
            if doc.public_from and doc.public_from > today:
                continue
            if doc.public_until and doc.public_until < today:
                continue
            docs.append(
                Doc(
                    key=doc.key,
                    kind=str(doc.kind),
                    object_id=doc.object_id,
                    title=doc.title,
                    body=doc.body,
                    codes=tuple(doc.codes),
                    names=tuple(doc.names),
                )
            )
    return docs


class Corpus:
    def __init__(self, docs):
        self.docs = list(docs)
        self.by_kind = defaultdict(list)
        self.by_code = defaultdict(set)
        for doc in self.docs:
            self.by_kind[doc.kind].append(doc)
            for code in doc.codes:
                self.by_code[code].add(doc.key)
        for docs in self.by_kind.values():
            docs.sort(key=lambda d: d.object_id)

    @property
    def facilities(self) -> list:
        return self.by_kind["facility"]

    def titles_containing(self, part, kinds=None) -> frozenset:
        part = canon(part)
        docs = self.docs if kinds is None else [d for k in kinds for d in self.by_kind[k]]
        return frozenset(d.key for d in docs if part in canon(d.title))

    def texts_containing(self, words, kinds=None) -> frozenset:
        words = [canon(w) for w in words.split()]
        docs = self.docs if kinds is None else [d for k in kinds for d in self.by_kind[k]]
        return frozenset(d.key for d in docs if all(w in d.text for w in words))

    def carrying(self, code) -> frozenset:
        return frozenset(self.by_code.get(code, ()))


# --- judged queries -------------------------------------------------------------------------


@dataclass(frozen=True)
class Judged:
    category: str
    text: str
    relevant: frozenset
    kinds: tuple = ()


@dataclass
class QuerySet:
    queries: list = field(default_factory=list)

    def add(self, category, text, relevant, kinds=()):
        if (
            text
            and relevant
            and not any(q.text == text and q.kinds == tuple(kinds) for q in self.queries)
        ):
            self.queries.append(Judged(category, text, frozenset(relevant), tuple(kinds)))


def name_parts() -> list:
    """Words the generator builds facility names from, in vocabulary order."""
    from portal.demo import vocabulary as v

    parts = [
        *v.BRANDS,
        *v.COSMETIC_BRANDS,
        *v.HOTEL_BRANDS,
        *v.SALON_BRANDS,
        *v.SWIM_BRANDS,
        *v.WATER_BRANDS,
        *v.PROPERTY_BRANDS,
    ]
    for area in v.AREAS:
        for district in area.districts:
            parts.extend(district.streets)
            parts.extend(district.towns)
    parts.extend(("龙华中医", "乾元堂", "华夏医疗美容"))  # the fixed parties' own words
    return list(dict.fromkeys(p for p in parts if len(p) >= 2))


def syllables(name: str) -> list:
    return lazy_pinyin("".join(CJK.findall(canon(name))), errors="ignore")


def spells(sylls, query, initials=False) -> bool:
    """A run of whole syllables (or of their initials) spells the query."""
    units = [s[0] for s in sylls if s] if initials else sylls
    for start in range(len(units)):
        spelled = ""
        for unit in units[start:]:
            spelled += unit
            if spelled == query:
                return True
            if not query.startswith(spelled):
                break
    return False


def with_brackets(code, opening, closing) -> str:
    for old in ("〔", "【"):
        code = code.replace(old, opening)
    for old in ("〕", "】"):
        code = code.replace(old, closing)
    return code


def full_width(text) -> str:
    return "".join(FULL_WIDTH.get(c, c) for c in text)


def spaced(code) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def build_queries(corpus: Corpus) -> list:
    """The judged queries for this corpus (see the module docstring for the rules)."""
    from portal.demo import vocabulary as v

    qs = QuerySet()
    facilities = corpus.facilities
    facility_names = [(d, canon(d.title)) for d in facilities]

    def facilities_named(part):
        part = canon(part)
        return frozenset(d.key for d, name in facility_names if part in name)

    # Full names, and in traditional characters.
    special = [name for name, *_ in v.SPECIAL_FACILITIES]
    names = [d.title for d in facilities if d.title in special]
    names += [d.title for d in sample(facilities, 12)]
    for name in dict.fromkeys(names):
        qs.add("full_name", name, facilities_named(name))
    for name in dict.fromkeys(names):
        if traditional(name) != name:
            qs.add("full_name_trad", traditional(name), facilities_named(name))
        elif canon(name) != name:  # stored in traditional characters: typed in simplified
            qs.add("full_name_trad", canon(name), facilities_named(name))

    # Partial names.
    parts = [p for p in name_parts() if facilities_named(p)]
    chosen = sample(parts, 16)
    for part in chosen:
        qs.add("partial_name", part, facilities_named(part), ("facility",))
    for part in sample(chosen, 8):
        qs.add("partial_name_any", part, corpus.titles_containing(part))
    for part in [p for p in chosen if traditional(p) != p][:6]:
        qs.add("partial_name_trad", traditional(part), facilities_named(part), ("facility",))

    # Pinyin of the parts, full syllables and initials.
    spelled = [(d, syllables(d.title)) for d in facilities]
    words_spelled = defaultdict(set)
    for word in name_parts():
        words_spelled["".join(lazy_pinyin(word))].add(word)
    for part in chosen:
        full = "".join(lazy_pinyin(part))
        relevant = set()
        for word in words_spelled[full]:
            relevant |= facilities_named(word)
        qs.add("pinyin", full, relevant, ("facility",))
        holder = next(name for d, name in facility_names if canon(part) in name)
        start = holder.index(canon(part))
        hanzi = "".join(CJK.findall(holder[start:]))[: len(part) + 2]
        initials = "".join(s[0] for s in lazy_pinyin(hanzi) if s)
        qs.add(
            "pinyin_initials",
            initials,
            {d.key for d, s in spelled if spells(s, initials, initials=True)},
            ("facility",),
        )

    # USCCs, four ways.
    with_uscc = [(d, next((c for c in d.codes if USCC.match(c)), None)) for d in facilities]
    for _, uscc in sample([(d, c) for d, c in with_uscc if c], 6):
        relevant = corpus.carrying(uscc)
        qs.add("uscc", uscc, relevant)
        qs.add("uscc", uscc.lower(), relevant)
        qs.add("uscc", full_width(uscc), relevant)
        qs.add("uscc", spaced(uscc), relevant)

    # Decision numbers (文号) in the usual bracket styles.
    numbered = []
    for kind in RECORD_KIND_ORDER:
        numbered += sample([d.codes[0] for d in corpus.by_kind[kind] if d.codes], 2)
    numbered += sample([d.codes[0] for d in corpus.by_kind["notice"] if d.codes], 2)
    for number in numbered:
        relevant = corpus.carrying(number)
        qs.add("decision_number", number, relevant)
        if "〔" in number or "【" in number:
            qs.add("decision_number", with_brackets(number, "[", "]"), relevant)
            qs.add("decision_number", with_brackets(number, "(", ")"), relevant)
            qs.add("decision_number", with_brackets(number, "（", "）"), relevant)
        elif number.lower() != number:
            qs.add("decision_number", number.lower(), relevant)

    # Licence numbers: the facility's own and those on licence decisions.
    facility_licences = [
        c for d in facilities for c in d.codes[1:2] if not USCC.match(c) and c != d.codes[0]
    ]
    certificates = [
        d.codes[1]
        for d in corpus.by_kind["licence"]
        if len(d.codes) > 1 and not USCC.match(d.codes[1])
    ]
    for number in sample(facility_licences, 5) + sample(certificates, 5):
        relevant = corpus.carrying(number)
        qs.add("licence_number", number, relevant)
        if number.lower() != number:
            qs.add("licence_number", number.lower(), relevant)
        if "〔" in number or "【" in number:
            qs.add("licence_number", with_brackets(number, "[", "]"), relevant)

    # Violation phrases.
    for phrase in PHRASES:
        qs.add(
            "violation_phrase", phrase, corpus.texts_containing(phrase, ["penalty"]), ("penalty",)
        )
    for phrase in PHRASES_ANY:
        qs.add("violation_phrase_any", phrase, corpus.texts_containing(phrase))
    for phrase in PHRASES[:6]:
        qs.add(
            "violation_phrase_trad",
            traditional(phrase),
            corpus.texts_containing(phrase, ["penalty"]),
            ("penalty",),
        )

    # Typical cases, notices and policy documents by title.
    for doc in corpus.by_kind["case"]:
        qs.add("case_title", doc.title, corpus.titles_containing(doc.title))
    for doc in corpus.by_kind["notice"]:
        qs.add("notice_title", doc.title, corpus.titles_containing(doc.title))
    return qs.queries


# --- scoring --------------------------------------------------------------------------------


def recall_at(ranked, relevant, k=K) -> float:
    return len(set(ranked[:k]) & relevant) / min(len(relevant), k)


def reciprocal_rank(ranked, relevant, k=K) -> float:
    for rank, key in enumerate(ranked[:k], start=1):
        if key in relevant:
            return 1.0 / rank
    return 0.0


@dataclass
class Outcome:
    query: Judged
    ranked: list
    recall: float
    rr: float


@dataclass
class Report:
    backend: str
    outcomes: list

    @property
    def recall(self) -> float:
        return _mean(o.recall for o in self.outcomes)

    @property
    def mrr(self) -> float:
        return _mean(o.rr for o in self.outcomes)

    def by_category(self) -> dict:
        groups = defaultdict(list)
        for outcome in self.outcomes:
            groups[outcome.query.category].append(outcome)
        return {
            name: (len(group), _mean(o.recall for o in group), _mean(o.rr for o in group))
            for name, group in groups.items()
        }

    def failures(self) -> list:
        return [o for o in self.outcomes if o.recall < 1 or o.rr < 1]

    def format(self, failures=True) -> str:
        lines = [
            f"backend {self.backend}: {len(self.outcomes)} queries, "
            f"recall@{K} {self.recall:.3f}, MRR@{K} {self.mrr:.3f}",
            f"  {'category':<22} {'n':>3} {'recall':>7} {'MRR':>6}",
        ]
        for name, (n, recall, mrr) in self.by_category().items():
            lines.append(f"  {name:<22} {n:>3} {recall:>7.3f} {mrr:>6.3f}")
        if failures:
            for o in self.failures():
                kinds = f" kinds={','.join(o.query.kinds)}" if o.query.kinds else ""
                missing = sorted(o.query.relevant - set(o.ranked[:K]))[:5]
                lines.append(
                    f"  ✗ [{o.query.category}] {o.query.text!r}{kinds}: recall {o.recall:.2f}, "
                    f"RR {o.rr:.2f}, |relevant| {len(o.query.relevant)}; "
                    f"top: {', '.join(o.ranked[:5]) or '—'}; missing: {', '.join(missing)}"
                )
        return "\n".join(lines)


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def search_keys(query: Judged, backend="db", today=TODAY) -> list:
    """The keys of the first K hits, as the search page would rank them."""
    from search.query import SearchQuery
    from search.service import run_search

    results = run_search(
        SearchQuery(text=query.text, kinds=query.kinds, per_page=K, today=today, facets=False),
        backend=backend,
        labels=False,
    )
    return [hit.key for hit in results.hits]


def evaluate(queries, backend="db", today=TODAY) -> Report:
    outcomes = []
    for query in queries:
        ranked = search_keys(query, backend, today)
        outcomes.append(
            Outcome(
                query,
                ranked,
                recall_at(ranked, query.relevant),
                reciprocal_rank(ranked, query.relevant),
            )
        )
    return Report(backend, outcomes)
