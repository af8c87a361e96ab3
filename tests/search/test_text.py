"""The text rules both backends share: normalisation, terms, pinyin, codes."""

from search.text import (
    index_terms,
    is_pinyin_query,
    looks_like_code,
    normalize,
    normalize_code,
    pinyin_terms,
    query_terms,
)


def test_normalize_folds_width_case_and_traditional_characters():
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("醫療美容機構") == "医疗美容机构"


def test_chinese_is_indexed_as_unigrams_and_bigrams():
    assert index_terms("信息公开") == ["信", "息", "公", "开", "信息", "息公", "公开"]


def test_query_uses_bigrams_so_a_word_inside_a_longer_run_matches():
    doc = set(index_terms("政府信息公开条例"))
    assert set(query_terms("信息公开")) <= doc
    assert set(query_terms("预算")).isdisjoint(doc)


def test_single_character_query_uses_the_unigram():
    assert query_terms("罚") == ["罚"]


def test_latin_and_digits_are_words():
    assert query_terms("CT 2025年") == ["ct", "2025", "年"]


def test_traditional_query_finds_simplified_text():
    assert set(query_terms("醫療美容")) <= set(index_terms("医疗美容诊所"))


def test_pinyin_terms_start_at_every_syllable():
    terms = pinyin_terms("北京康宁口腔诊所")
    assert "kangningkouqiangzhensuo" in terms
    assert "knkqzs" in terms
    assert any(t.startswith("kangning") for t in terms)
    assert pinyin_terms("ABC Clinic") == ()


def test_pinyin_query_detection():
    assert is_pinyin_query("kangning")
    assert is_pinyin_query("KNKQ")
    assert not is_pinyin_query("康宁")
    assert not is_pinyin_query("k")


def test_codes_are_normalised_whatever_the_typing():
    assert normalize_code(" ９１１１０１０５ma000001x3 ") == "91110105MA000001X3"
    assert normalize_code("京卫罚（2025）12号") == normalize_code("京卫罚〔2025〕12号")
    assert normalize_code("京卫罚[2025]12号") == "京卫罚[2025]12号"


def test_code_detection():
    assert looks_like_code("91110105MA000001X3")
    assert looks_like_code("京卫罚〔2025〕12号")
    assert not looks_like_code("医疗美容 罚款")
    assert not looks_like_code("康宁")
