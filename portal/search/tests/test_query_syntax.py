"""The search-box syntax becomes units (AND), alternatives (OR) and exclusions."""

from portal.search.query import Alternative, parse


def test_words_become_separate_units():
    parsed = parse("lithium separator")
    assert parsed.units == [[Alternative("lithium", "words")], [Alternative("separator", "words")]]


def test_a_quoted_phrase_is_one_unit():
    assert parse('"solid state" battery').units[0] == [Alternative("solid state", "phrase")]


def test_a_minus_excludes_a_word_or_phrase():
    parsed = parse('battery -sodium -"lead acid"')
    assert parsed.units == [[Alternative("battery", "words")]]
    assert parsed.excluded == [Alternative("sodium", "words"), Alternative("lead acid", "phrase")]


def test_or_joins_alternatives_of_one_unit():
    parsed = parse("graphene OR 石墨烯 coating")
    assert parsed.units[0] == [Alternative("graphene", "words"), Alternative("石墨烯", "words")]
    assert parsed.units[1] == [Alternative("coating", "words")]


def test_chinese_is_cut_into_words_and_traditional_folded():
    parsed = parse("鋰電池隔膜")
    assert [unit[0].text for unit in parsed.units] == ["锂电池", "隔膜"]


def test_a_mixed_token_splits_at_the_script_boundary():
    assert [unit[0].text for unit in parse("锂电池separator").units] == ["锂电池", "separator"]


def test_a_trailing_star_asks_for_a_prefix():
    assert parse("sep*").units == [[Alternative("sep", "prefix")]]


def test_symbols_alone_give_no_units():
    assert parse('- "" OR *').is_empty
