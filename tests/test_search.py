"""msdmt search: the examples of the issue, with exact hits; folding, phrases, prefixes, ranking, suggestions."""

import pytest

from conftest import run
from msdmt.core.search import Term, expression, parse
from msdmt.data.searchindex import words


def hits(*args):
    result = run("search", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()["hits"]


def keys(found):
    return [(h["what"], h["id"], h["item"]) for h in found]


HERPES_COURSES = {
    ("adverse event", "alemtuzumab", f"herpes-infections-course{n}-{when}")
    for n in (1, 2) for when in ("acyclovir", "before-acyclovir")
}


def test_words_are_combined_in_any_order():
    assert set(keys(hits("herpes prophylaxis"))) == HERPES_COURSES
    assert set(keys(hits("prophylaxis", "herpes"))) == HERPES_COURSES  # several unquoted words
    assert keys(hits("herpes", "zoster")) == [("adverse event", "alemtuzumab", "herpes-infections")]


@pytest.mark.parametrize("query", ["blood-brain barrier", "blood–brain barrier", "blood brain barrier",
                                   '"blood-brain barrier"', "BLOOD—BRAIN"])
def test_hyphens_and_dashes_fold_to_the_same_words(query):
    assert keys(hits(query)) == [("mechanism", "natalizumab", None)]


@pytest.mark.parametrize("query", ["Graves’", "Graves'", "graves", "GRAVES’ disease"])
def test_curly_and_straight_apostrophes(query):
    (hit,) = hits(query)
    assert (hit["item"], hit["figures"][0]["value"], hit["figures"][0]["unit"]) == ("thyroid-disorder", 34, "%")


def test_a_short_word_never_matches_inside_another():
    result = run("search", "REMS")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("msdmt: error: no matches for 'REMS'")
    assert "CARE" not in result.stderr


def test_adverse_event_categories_are_searchable():
    assert {h["item"] for h in hits("malignancy")} == {
        "thyroid-cancer", "thyroid-cancer-observational", "melanoma", "lymphoproliferative-disorders",
        "burkitt-lymphoma"}
    assert all(h["matched"] == ["category"] for h in hits("malignancy"))


P_BELOW_0001 = [
    ("AFFIRM", "t2-arr-reduction", "Natalizumab", 68), ("AFFIRM", "t2-disability-risk-reduction", "Natalizumab", 42),
    ("TRANSFORMS", "t2-arr-reduction", "Fingolimod 1.25 mg/day", 38),
    ("TRANSFORMS", "t2-arr-reduction", "Fingolimod 0.5 mg/day", 52),
    ("TEMSO", "t2-arr-reduction", "Teriflunomide 7 mg/day", 31.2),
    ("TEMSO", "t2-arr-reduction", "Teriflunomide 14 mg/day", 31.5),
    ("DEFINE", "t2-arr-reduction", "Dimethyl fumarate BID", 53),
    ("DEFINE", "t2-arr-reduction", "Dimethyl fumarate TID", 48),
    ("CONFIRM", "t2-arr-reduction", "Dimethyl fumarate BID", 44),
    ("CONFIRM", "t2-arr-reduction", "Dimethyl fumarate TID", 51),
    ("CARE-MS-I", "t2-arr-reduction", "Alemtuzumab", 54.9),
    ("CARE-MS-II", "t2-arr-reduction", "Alemtuzumab 12 mg", 49.4),
]
P_BELOW_00001 = [("CARE-MS-I", "text-arr-reduction", "Alemtuzumab", 54.9),
                 ("CAMMS223-EXT", "text-disability-risk-reduction", "Alemtuzumab", 72),
                 ("CAMMS223-EXT", "text-arr-reduction", "Alemtuzumab", 69)]


@pytest.mark.parametrize("query", [["P<0.001"], ["p<.001"], ["P", "<", "0.001"], ["P < 0.001"]])
def test_p_values_as_the_paper_means_them(query):
    found = hits(*query)
    got = [(h["id"], h["item"], h["figures"][0]["label"], h["figures"][0]["value"]) for h in found]
    # printed P<0.001 first (12 figures), then the three the text prints as P<0.0001
    assert sorted(got[:12]) == sorted(P_BELOW_0001)
    assert sorted(got[12:]) == sorted(P_BELOW_00001)
    assert {(h["figures"][0]["p_comparison"], h["figures"][0]["p_value"]) for h in found[:12]} == {("<", 0.001)}
    assert all(h["matched"][:1] == ["P-value"] or "P-value" in h["matched"] for h in found)


def test_an_exact_p_value():
    found = hits("P=0.03")
    assert [(h["what"], h["id"], h["figures"][0]["value"]) for h in found[:2]] == [
        ("result", "TEMSO", 23.7), ("result", "TEMSO", 29.8)]


def test_a_hit_shows_its_figure_and_locator():
    first = hits("thyroid")[0]
    assert (first["what"], first["item"], first["label"]) == (
        "adverse event", "thyroid-disorder", "Thyroid disorder (hyperthyroidism, hypothyroidism, Graves' disease)")
    assert (first["figures"][0]["value"], first["figures"][0]["unit"], first["figures"][0]["label"]) == (
        34, "%", "Alemtuzumab")
    assert first["locator"] == 'Text, "Safety and tolerability", paragraph 3'
    md = run("search", "thyroid", "-f", "markdown").stdout
    assert ("| Alemtuzumab | Thyroid cancer<br>(adverse event; malignancy) | Alemtuzumab: 0.3%<br>Interferon β-1a: 0% "
            "| Text, Safety and tolerability ¶4 |") in md
    assert "Alemtuzumab: 34%" in md
    rr = run("search", "P<0.001", "-f", "markdown").stdout
    assert "| CARE-MS I | ARR reduction versus placebo/active comparator<br>(result) | Alemtuzumab vs IFN β-1a SC: " \
           "54.9% (P&lt;0.001) | Table 2 |" in rr


def test_names_and_aliases_rank_above_everything_else():
    assert keys(hits("alemtuzumab"))[0] == ("therapy", "alemtuzumab", None)
    assert keys(hits("lemtrada"))[0] == ("therapy", "alemtuzumab", None)
    assert keys(hits("care", "ms", "ii"))[0] == ("trial", "CARE-MS-II", None)
    assert keys(hits("affirm"))[0] == ("trial", "AFFIRM", None)


def test_beta_and_eszett_fold_to_the_same_words():
    expected = keys(hits("interferon β-1a"))
    assert keys(hits("interferon beta-1a")) == expected
    assert keys(hits("Interferon ß-1a")) == expected
    assert keys(hits("IFN β-1a SC"))[0] == ("therapy", "interferon-beta-1a-sc", None)


def test_diacritics_are_removed():
    assert ("trial", "CARE-MS-I", None) in keys(hits("naive"))
    assert keys(hits("naïve")) == keys(hits("naive"))


def test_last_word_is_a_prefix_and_quotes_make_a_phrase():
    assert set(keys(hits("herpes acyclo"))) == {k for k in HERPES_COURSES if k[2].endswith("-acyclovir")} | {
        k for k in HERPES_COURSES if "before" in k[2]}
    assert keys(hits("acyclo")) == keys(hits("acyclovir"))
    phrase = {h["item"] for h in hits('"first course"')}
    assert "herpes-infections-course1-acyclovir" in phrase
    assert run("search", '"course first"').exit_code == 1


def test_limit_and_total():
    result = run("search", "alemtuzumab", "--limit", "3", "--json").json()
    assert len(result["hits"]) == 3 and result["total"] > 3 and result["limit"] == 3
    table = run("search", "alemtuzumab", "--limit", "3").stdout
    assert f"Showing the best 3 of {result['total']} matches; --limit N shows more." in " ".join(table.split())
    assert run("search", "alemtuzumab", "--limit", "0").exit_code == 2


def test_nothing_found_suggests_close_words_from_the_index():
    result = run("search", "thyriod")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "msdmt: error: no matches for 'thyriod'; did you mean 'thyroid'?\n"
    data = run("search", "herpes", "zostre", "--json")
    assert data.exit_code == 1 and data.json()["suggestions"] == ["zoster"]


def test_query_parsing():
    assert parse("herpes prophylaxis") == [Term(("herpes",), False), Term(("prophylaxis",), True)]
    assert parse('"blood-brain barrier"') == [Term(("blood", "brain", "barrier"), False)]
    assert parse("P < 0.001 thyroid") == [Term(("plt0001",), False), Term(("thyroid",), True)]
    assert parse("IFN β-1a") == [Term(("ifn",), False), Term(("beta", "1a"), False)]
    assert expression(parse('graves’ "disease"')) == '"graves" AND "disease"'
    assert words("Graves’ disease — naïve, β-1a; ß") == "graves disease naive beta 1a beta"
    assert words("(P<0.001) and P = .03") == "plt0001 and peq003"
    assert run("search", '"', "-").exit_code == 2
