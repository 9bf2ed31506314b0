"""Provenance: every figure has a locator, every printed text is in the paper, repairs and errata are kept."""

import re

from conftest import paper_text


def _numbers(node, path=(), located=False):
    """Yield (path, value, located) for every number; a number is located if it or an enclosing record has a locator."""
    if isinstance(node, dict):
        located = located or bool(node.get("locator"))
        for key, value in node.items():
            yield from _numbers(value, path + (key,), located)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _numbers(value, path + (i,), located)
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield path, node, located


def test_every_number_in_the_dataset_has_a_locator(data):
    unlocated = []
    for collection in ("therapies", "trials", "facts"):
        for record in data[collection]:
            for path, value, located in _numbers(record):
                # Record-level identifiers, not figures: the trial phase is a property, the source year a citation.
                if path in (("phase",),):
                    continue
                if not located:
                    unlocated.append((record["id"], ".".join(map(str, path)), value))
    assert unlocated == []


def test_the_walk_finds_an_unlocated_number():
    # the check above must be able to fail
    record = {"id": "x", "value": 3, "nested": {"locator": "Table 9", "value": 4}}
    assert [(p, v, ok) for p, v, ok in _numbers(record)] == [(("value",), 3, False), (("nested", "value"), 4, True)]


def _paper_variants():
    raw = re.sub("[\ue000-\uf8ff]", "", paper_text()).replace("\xa0", " ")
    hyphen_kept = " ".join(re.sub(r"-\s*\n\s*", "-", raw).split())
    hyphen_joined = " ".join(re.sub(r"-\s*\n\s*", "", raw).split())
    return hyphen_kept, hyphen_joined


def _printed(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "printed" and isinstance(value, str):
                yield path, value
            else:
                yield from _printed(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _printed(value, path + (i,))


def test_every_printed_text_occurs_in_the_paper(data):
    kept, joined = _paper_variants()
    missing = [(r["id"], ".".join(map(str, p)), v)
               for c in ("therapies", "trials", "facts") for r in data[c] for p, v in _printed(r)
               if v not in kept and v not in joined]
    assert missing == []


def test_every_restored_less_than_sign_is_the_lost_less_than_glyph(data):
    """A P-value restored as "<" must stand behind U+E02C in the paper (U+E023 would be a lost "≤")."""
    raw = " ".join(paper_text().replace("\xa0", " ").split())
    assert raw.count("P\ue02c") == 12 and "P\ue023" not in raw
    restored = [r["p"] for t in data["trials"] for e in t["endpoints"] for r in e["results"]
                if r["p"] and r["p"]["comparison"] == "<"]
    for p in restored:
        assert p["printed"].replace("P", "P\ue02c", 1) in raw, p["printed"]
    printed_in_data = {r["printed"].replace("P", "P\ue02c", 1) for r in restored}
    assert sum(raw.count(x) for x in printed_in_data) == 12  # every glyph in the paper is accounted for


def test_source_record(data):
    assert data["sources"] == [{
        "id": "babij2015",
        "type": "review",
        "authors": ["Babij R", "Perumal JS"],
        "title": "Comparative efficacy of alemtuzumab and established treatment in the management of multiple sclerosis",
        "container": "Neuropsychiatr Dis Treat",
        "year": 2015,
        "volume": 11,
        "issue": None,
        "pages": "1221-1229",
        "doi": "10.2147/NDT.S60518",
        "url": None,
        "accessed": None,
        "licence": None,
        "vintage": "Figures as reported in a 2015 review; not prescribing information.",
        "errata": [
            {"text": 'The abbreviation lists of Tables 2 and 3 expand ARR as "absolute risk reduction", but the tables '
                     'use it for the annualized relapse rate (Table 3 row "ARR, end of study" prints rates such as '
                     '0.18, and the text calls 0.1 versus 0.36 "the annualized relapse rate").',
             "locator": "Table 2 and Table 3, abbreviation footnotes"},
            {"text": 'Table 3\'s abbreviation list defines "Alem" twice ("Alem, Alemtuzumab" and "Alem, alemtuzumab").',
             "locator": "Table 3, abbreviation footnote"},
        ],
    }]


def test_source_errata_are_in_the_paper():
    text = paper_text()
    # Both abbreviation lists print the expansion the first erratum is about, and Table 3's lists "Alem" twice.
    assert text.count("ARR, absolute risk reduction") == 2
    assert "Abbreviations: Alem, Alemtuzumab; ARR, absolute risk reduction;" in text
    assert "Alem, alemtuzumab;" in text


def test_lost_less_than_signs_are_restored_with_a_note(data):
    ps = [r["p"] for t in data["trials"] for e in t["endpoints"] for r in e["results"] if r["p"]]
    restored = [p for p in ps if p["comparison"] == "<"]
    assert len(restored) == 17
    assert all("U+E02C" in p["repair"] and "<" not in p["printed"] for p in restored)


def _errata(node, record):
    if isinstance(node, dict):
        if node.get("erratum"):
            yield record, node
        for value in node.values():
            yield from _errata(value, record)
    elif isinstance(node, list):
        for value in node:
            yield from _errata(value, record)


def test_errata_keep_the_printed_value(data):
    found = [(rec, node) for c in ("therapies", "trials") for r in data[c] for rec, node in _errata(r, r["id"])]
    assert sorted({rec for rec, _ in found}) == [
        "CAMMS223", "CARE-MS-I", "CARE-MS-II", "SEVEN-YEAR-FOLLOW-UP", "alemtuzumab", "interferon-beta-1a-sc"]
    assert len(found) == 10
    # an erratum sits on the record that still holds the value as printed
    rebif = next(node for _, node in found if "44 µg" in node["erratum"])
    assert rebif["printed"] == "4 µg SC 3× per week" and rebif["regimens"][0]["amount"] == 4
    care2 = next(node for _, node in found if node["erratum"].startswith("Table 3 prints 9%"))
    assert [r["value"] for r in care2["results"]] == [13, 20]
