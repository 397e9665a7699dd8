"""Chinese, English and mixed queries, phrases, exclusion, prefixes, typos, both scripts."""

import pytest

from portal.search import search

pytestmark = pytest.mark.django_db


def titles(result):
    return [hit.object.title_en or hit.object.title_zh for hit in result.hits]


@pytest.fixture
def catalogue(listing):
    return {
        "separator": listing(
            title_zh="固态锂电池复合隔膜",
            title_en="Composite separator for solid-state lithium batteries",
            summary_zh="一种聚合物与陶瓷复合的电解质隔膜。",
            summary_en="Passes nail penetration without fire.",
        ),
        "drone": listing(
            title_zh="茶园无人机多光谱监测",
            title_en="",
            summary_zh="利用多光谱无人机影像识别病虫害。",
            summary_en="",
        ),
        "sensor": listing(
            title_zh="",
            title_en="Flexible pressure sensor array for smart insoles",
            summary_zh="",
            summary_en="A printed sensor array on textile for gait analysis, not a battery.",
        ),
        "traditional": listing(
            title_zh="鈉離子電池硬碳負極",
            title_en="",
            summary_zh="以農林廢棄物製備硬碳負極材料。",
            summary_en="",
        ),
    }


def test_a_chinese_query_finds_chinese_listings(catalogue):
    result = search("无人机")
    assert [hit.object for hit in result.hits] == [catalogue["drone"]]


def test_an_english_query_is_stemmed(catalogue):
    assert [hit.object for hit in search("separators").hits] == [catalogue["separator"]]


def test_a_mixed_query_needs_both_languages(catalogue):
    assert [hit.object for hit in search("锂电池 separator").hits] == [catalogue["separator"]]
    assert not [hit for hit in search("无人机 separator").hits if not hit.similar]


def test_a_chinese_word_inside_a_longer_word_is_found(catalogue):
    found = {hit.object for hit in search("电池").hits}
    assert catalogue["separator"] in found


def test_a_traditional_query_finds_a_simplified_listing(catalogue):
    assert [hit.object for hit in search("無人機").hits] == [catalogue["drone"]]


def test_a_simplified_query_finds_a_traditional_listing(catalogue):
    assert [hit.object for hit in search("钠离子电池").hits] == [catalogue["traditional"]]


def test_a_phrase_must_appear_in_that_order(catalogue):
    assert [hit.object for hit in search('"pressure sensor"').hits] == [catalogue["sensor"]]
    assert search('"sensor pressure"').total == 0


def test_an_excluded_word_removes_listings(catalogue):
    assert catalogue["sensor"] in {h.object for h in search("array").hits}
    assert search("array -gait").total == 0


def test_or_finds_either_word(catalogue):
    found = {hit.object for hit in search("insoles OR 无人机").hits}
    assert found == {catalogue["sensor"], catalogue["drone"]}


def test_a_trailing_star_matches_word_beginnings(catalogue):
    assert [hit.object for hit in search("separ*").hits] == [catalogue["separator"]]


def test_a_misspelt_query_suggests_and_shows_the_corrected_results(catalogue):
    result = search("flexibel presure")
    assert result.suggestion == "flexible pressure"
    assert [hit.object for hit in result.hits] == [catalogue["sensor"]]
    assert result.hits[0].similar


def test_a_misspelt_title_is_found_by_similarity(catalogue):
    result = search("Flexible presure sensr array")
    assert catalogue["sensor"] in {hit.object for hit in result.hits}


def test_snippets_mark_matches_in_both_scripts_and_escape_the_rest(listing):
    listing(
        title_zh="<b>锂电池</b>回收",
        title_en="Battery recycling <script>alert(1)</script>",
        summary_zh="废旧锂电池的回收工艺。",
        summary_en="Recycling of spent batteries <img src=x>.",
    )
    hit = search("锂电池 recycling").hits[0]
    assert "<mark>锂电池</mark>" in hit.title_html
    assert "<mark>recycling</mark> &lt;script&gt;" in hit.title_html
    assert "<script>" not in hit.title_html
    assert "<mark>锂电池</mark>" in hit.snippet_html
    assert "<img" not in hit.snippet_html
