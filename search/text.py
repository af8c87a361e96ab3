"""Text as the search index sees it: normalised, cut into terms, spelled in pinyin.

Both backends share these rules so that a query finds the same documents on each:
- normalise: NFKC (full-width letters and digits become ASCII), lower case, traditional
  characters to simplified (OpenCC t2s);
- Chinese runs become overlapping character bigrams plus the single characters (the idea
  of Elasticsearch's `cjk` analyzer); a query uses bigrams only, or the single character
  when it has one, and every term must match;
- Latin letters and digits become words;
- names are also indexed in pinyin, whole syllables and initials, starting at every
  syllable, so `kangning` and `knkq` find 康宁口腔诊所 wherever it sits in a longer name.
"""

import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC
from pypinyin import lazy_pinyin

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUN = re.compile(rf"[{CJK}]+|[a-z0-9]+")
CJK_RUN = re.compile(rf"^[{CJK}]+$")
# Brackets and separators in document numbers, written many ways (〔2025〕, [2025], （2025）).
BRACKETS = str.maketrans({"〔": "[", "〕": "]", "【": "[", "】": "]", "(": "[", ")": "]"})
CODE_JUNK = re.compile(r"[\s\-_/·.,，。、:：]")
MAX_PINYIN_SUFFIXES = 12


@lru_cache(maxsize=1)
def _converter():
    return OpenCC("t2s")


def normalize(text: str) -> str:
    """Full-width to ASCII, lower case, traditional to simplified."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower()
    return _converter().convert(text)


def runs(text: str) -> list[str]:
    """Normalised text cut into runs of Chinese characters and runs of letters/digits."""
    return RUN.findall(normalize(text))


def is_cjk(run: str) -> bool:
    return bool(CJK_RUN.match(run))


def index_terms(text: str) -> list[str]:
    """Terms a document field is indexed under: unigrams and bigrams for Chinese, words."""
    terms = []
    for run in runs(text):
        if run[0] > "z":  # a run is all Chinese or all [a-z0-9] (RUN)
            terms.extend(run)
            terms.extend(map(str.__add__, run, run[1:]))
        else:
            terms.append(run)
    return terms


def query_terms(text: str) -> list[str]:
    """Terms a query must all match: bigrams (or the lone character) and words."""
    terms = []
    for run in runs(text):
        if is_cjk(run):
            if len(run) == 1:
                terms.append(run)
            else:
                terms.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            terms.append(run)
    return list(dict.fromkeys(terms))


def query_words(text: str) -> list[str]:
    """The query's runs: what a snippet highlights and what pinyin matching looks at."""
    return list(dict.fromkeys(runs(text)))


def pinyin_terms(name: str) -> tuple[str, ...]:
    """A name's pinyin (full syllables and initials), from each of its first syllables on."""
    joined = _pinyin_joined(name)
    return tuple(joined.split(" ")) if joined else ()


# A party's name comes back with each of its records, in no particular order, and pypinyin
# is the slowest step of indexing: the cache holds every name of a million-record
# directory (100,000 parties), as one string each (about half a kilobyte an entry).
@lru_cache(maxsize=100_000)
def _pinyin_joined(name: str) -> str:
    hanzi = "".join(r for r in runs(name) if is_cjk(r))
    if not hanzi:
        return ""
    syllables = lazy_pinyin(hanzi, errors="ignore")
    initials = [s[0] for s in syllables if s]
    terms = []
    for start in range(min(len(syllables), MAX_PINYIN_SUFFIXES)):
        terms.append("".join(syllables[start:]))
        terms.append("".join(initials[start:]))
    return " ".join(dict.fromkeys(t for t in terms if len(t) > 1))


def is_pinyin_query(text: str) -> bool:
    """Letters only, long enough not to be noise: the query may be pinyin."""
    word = normalize(text).replace(" ", "")
    return len(word) >= 2 and word.isascii() and word.isalpha()


def normalize_code(text: str) -> str:
    """A code as typed (any case, full-width, spaces, bracket style) in one canonical form."""
    text = unicodedata.normalize("NFKC", text or "").upper().translate(BRACKETS)
    text = _converter().convert(text)
    return CODE_JUNK.sub("", text)


def looks_like_code(text: str) -> bool:
    """USCCs, decision and licence numbers: digits inside, no spaces between words."""
    code = normalize_code(text)
    if len(code) == 18 and code.isascii() and code.isalnum():
        return True  # a credit code, even typed in groups with spaces
    return len(code) >= 6 and any(c.isdigit() for c in code) and " " not in text.strip()
