"""document.py: the document each view becomes, built from small hand-made views and compared whole.

Each expected Document is written out from the builder's rules: which cells, in which order, which
notes are numbered where (a note is numbered when its figure is first written, and repeated text
keeps its first number).
"""

from __future__ import annotations

import msdmt.render.document as doc
from msdmt.core.views import (
    AdverseEventsView,
    AuditView,
    ChartView,
    CompareView,
    SearchView,
    TherapiesView,
    TherapyView,
    TrialsView,
    TrialView,
    ValidateView,
)
from msdmt.render.document import (
    BarLine,
    Document,
    Notes,
    Section,
    build,
    derived_section,
    derived_text,
    differences_banner,
    finding_words,
    footer,
    result_text,
)

SOURCE = {"id": "babij2015", "type": "review", "text": "Babij R. Review. 2015.", "doi": "10.1/x", "year": 2015,
          "vintage": "Figures as reported in a 2015 review; not prescribing information."}
FOOT = "Source: Babij R. Review. 2015.\nFigures as reported in a 2015 review; not prescribing information."
DERIVED_TITLE = "Derived here, not reported by the source"
DERIVED_COLUMNS = ["Derived figure", "Value", "Formula", "Reported; caution"]
DERIVED_NOTE = ("Computed by msdmt from the reported figures above. Absolute differences are in percentage points; "
                "NNT/NNH = 100 / difference, rounded up.")
def full(view):
    """The complete document of a view (--full); views without a summary get the same from build(view)."""
    return build(view, full=True)


CAUTION = "Cross-trial comparisons are unreliable: populations, periods and definitions differ."


# -- notes --------------------------------------------------------------------------------------------
def test_notes_are_numbered_once_in_order():
    notes = Notes()
    assert notes.section() is None
    assert notes.mark(None) == ""
    assert notes.mark({}) == ""
    assert notes.mark({"value": 1, "note": None, "erratum": "", "repair": None}) == ""
    assert notes.mark({"note": "read  as\nCAMMS223"}) == " [1]"
    # erratum, repair, note: always in that order within one record
    assert notes.mark({"note": "N", "repair": "R", "erratum": "E"}) == " [2,3,4]"
    assert notes.mark({"note": "read as CAMMS223"}) == " [1]"  # the same text keeps its number
    assert notes.mark({"repair": "R", "note": "M"}) == " [3,5]"
    assert notes.mark({"erratum": "N"}) == " [6]"  # same words, other label: another note
    assert notes.items == ["Note: read as CAMMS223", "Erratum: E", "Repair: R", "Note: N", "Note: M", "Erratum: N"]
    assert notes.section() == Section("Notes", ["#", "Note"], [
        ["1", "Note: read as CAMMS223"], ["2", "Erratum: E"], ["3", "Repair: R"], ["4", "Note: N"],
        ["5", "Note: M"], ["6", "Erratum: N"]])


def test_section_defaults():
    s = Section("T", ["a"], [["1"]])
    assert (s.note, s.kind, s.bars) == (None, "table", [])
    d = Document("D")
    assert (d.sections, d.banner, d.footer) == ([], [], "")


# -- result_text --------------------------------------------------------------------------------------
def test_result_text():
    pct = {"unit": "%", "kind": "relative_reduction"}
    notes = Notes()
    p = {"comparison": "<", "value": 0.001, "printed": "(P0.001)", "repair": '"<" lost in extraction'}
    assert result_text({"value": 68, "printed": "68% (P0.001)", "p": p}, pct, notes) == "68% (P<0.001) [1]"
    assert result_text({"value": 42, "printed": "42%", "note": "one P for both doses", "p": p}, pct, notes) \
        == "42% (P<0.001) [2] [1]"
    # a P-value says more than a verdict
    assert result_text({"value": 40, "p": {"comparison": "=", "value": 0.03}, "significant": False}, pct, notes) \
        == "40% (P=0.03)"
    assert result_text({"value": 8, "significant": False}, pct, notes) == "8% (not significant)"
    assert result_text({"value": 8, "significant": True}, pct, notes) == "8%"
    assert result_text({"value": 8, "significant": None}, pct, notes) == "8%"
    assert result_text({"value": None, "text": "No significant difference", "significant": False}, pct, notes) \
        == "No significant difference"
    assert result_text({"value": 0.38}, {"unit": "EDSS points", "kind": "mean_change"}, notes) == "+0.38"
    assert result_text({"value": 0.7, "printed": "0.70"}, {"unit": "hazard ratio", "kind": "hazard_ratio"}, notes) \
        == "HR 0.70"
    assert notes.items == ['Repair: "<" lost in extraction', "Note: one P for both doses"]


def test_footer():
    assert footer([SOURCE]) == FOOT
    # the vintage is the source's own line; a citation without one is the citation alone
    assert footer([{**SOURCE, "vintage": ""}]) == "Source: Babij R. Review. 2015."
    assert footer([{k: v for k, v in SOURCE.items() if k != "vintage"}]) == "Source: Babij R. Review. 2015."
    # every source shown, each with its own vintage line, in the order given; none: no footer
    other = {**SOURCE, "id": "example", "text": "Example. Made-up report. 2024.", "vintage": "Made up."}
    assert footer([SOURCE, other]) == FOOT + "\nSource: Example. Made-up report. 2024.\nMade up."
    assert footer([]) == ""


# -- derived figures ----------------------------------------------------------------------------------
def rr(**kw):
    out = {"id": "T:arr:drug:pbo:relative-reduction", "trial": "T", "adverse_event": None,
           "metric": "relative_reduction", "label": "Relative reduction: ARR", "arm": "drug", "versus": "pbo",
           "value": 53.8, "unit": "%", "formula": "(1 - 0.18 / 0.39) × 100", "range": (51.9, 55.7),
           "inputs": [], "reported": [], "period": "2 years", "cautions": [], "number_needed": None}
    out.update(kw)
    return out


def diff(**kw):
    out = {"id": "T:free:drug:pbo:absolute-difference", "trial": "T", "adverse_event": None,
           "metric": "absolute_difference", "label": "Absolute difference: Relapse-free", "arm": "drug",
           "versus": "pbo", "value": 19, "unit": "percentage points", "formula": "78% - 59%", "range": None,
           "inputs": [], "reported": [], "period": "2 years", "cautions": [],
           "number_needed": {"metric": "nnt", "label": "Number needed to treat: Relapse-free", "value": 6,
                             "unit": "patients", "formula": "ceil(100 / |78 - 59|)", "range": (5, 6)}}
    out.update(kw)
    return out


def test_derived_text():
    # a relative reduction: its range; its period is the trial's, not a property of a ratio of rates
    assert derived_text(rr()) == (["53.8% (51.9 to 55.7 with rounding)"], ["(1 - 0.18 / 0.39) × 100"])
    assert derived_text(rr(range=None, value=50.0)) == (["50%"], ["(1 - 0.18 / 0.39) × 100"])
    # a difference: its period, then its own NNT/NNH with its range
    assert derived_text(diff()) == (
        ["19 percentage points over 2 years", "NNT 6 patients (5 to 6 with rounding)"],
        ["78% - 59%", "ceil(100 / |78 - 59|)"])
    nnh = {"metric": "nnh", "label": "x", "value": 334, "unit": "patients", "formula": "ceil(100 / |0.3 - 0|)",
           "range": None}
    assert derived_text(diff(value=0.3, period=None, formula="0.3% - 0%", number_needed=nnh)) == (
        ["0.3 percentage points", "NNH 334 patients"], ["0.3% - 0%", "ceil(100 / |0.3 - 0|)"])
    assert derived_text(diff(value=-3, number_needed=None, range=(-4, -2))) == (
        ["-3 percentage points (-4 to -2 with rounding) over 2 years"], ["78% - 59%"])


def test_derived_section():
    names = {"drug": "Drug 10 mg", "pbo": "Placebo"}
    items = [
        rr(reported=[{"endpoint": "r", "value": 54.9, "locator": 'Table 3, row "T"'},
                     {"endpoint": "s", "value": 55, "locator": 'Text, "Efficacy", paragraph 2'}],
           cautions=["not significant", "erratum"]),
        diff(label="Relapse-free", arm="all", versus="all", trial=None),
    ]
    section = derived_section(items, lambda d, arm: names.get(arm, arm), None)
    assert section == Section(DERIVED_TITLE, DERIVED_COLUMNS, [
        ["Relative reduction: ARR\nDrug 10 mg vs Placebo", "53.8% (51.9 to 55.7 with rounding)",
         "(1 - 0.18 / 0.39) × 100",
         "reported 54.9% (Table 3); reported 55% (Text, Efficacy ¶2); Caution: not significant; Caution: erratum"],
        ["Relapse-free\nall", "19 percentage points over 2 years\nNNT 6 patients (5 to 6 with rounding)",
         "78% - 59%\nceil(100 / |78 - 59|)", ""],
    ], note=DERIVED_NOTE)
    # with trial names, a record of a trial is prefixed by its name; one of no trial is not
    section = derived_section(items, lambda d, arm: names.get(arm, arm), {"T": "TRIAL-1"})
    assert [row[0] for row in section.rows] == ["TRIAL-1: Relative reduction: ARR\nDrug 10 mg vs Placebo",
                                                "Relapse-free\nall"]
    assert derived_section([], lambda d, arm: arm, None).rows == []


# -- audit --------------------------------------------------------------------------------------------
def finding(reason, figures, **kw):
    out = {"check": "same-quantity", "reason": reason, "record": "T", "subject": None, "arm": None,
           "figures": figures, "range": None, "text": None, "values": [], "locators": []}
    out.update(kw)
    return out


def fig(value, origin="Table 3", printed=None, unit=None, label="Relapse-free", locator="Table 3"):
    return {"origin": origin, "label": label, "value": value, "printed": printed, "unit": unit, "locator": locator}


def test_finding_words_of_a_recomputed_reduction():
    figs = [fig(60, printed="60.0%"), fig(53.846), fig(0.18, printed="0.180"), fig(0.39, printed="0.39")]
    assert finding_words(finding("outside-rounding", figs, range=(51.9, 55.0))) == (
        "reported 60.0%; recomputed 53.8% from 0.180 and 0.39",
        "the reported reduction lies outside 51.9-55%, the range the printed rates allow given their rounding")
    figs = [fig(60), fig(53.85), fig(0.18), fig(0.001, printed="0.0010")]
    assert finding_words(finding("comparator-too-small", figs)) == (
        "reported 60%; recomputed 53.9% from 0.18 and 0.0010", "the comparator rate is too small to recompute from")


def test_finding_words_of_figures_printed_twice():
    a = fig(0.7, printed="HR 0.70", unit="hazard ratio")
    b = fig(0.75, origin="Text", unit="%", printed="0.750%")
    assert finding_words(finding("differs", [a, b], subject="Disability", arm="Drug")) == (
        "Table 3: 0.70 hazard ratio; Text: 0.750%",
        "Disability (Drug) is printed twice with values that differ beyond rounding")
    assert finding_words(finding("differs", [fig(9), fig(13, origin="Text")], subject="S", arm="A"))[0] == \
        "Table 3: 9; Text: 13"
    a, b = fig(78, printed="78.0%"), fig(25, origin="Text", label="RELAPSED")
    assert finding_words(finding("complement-differs", [a, b], arm="Placebo")) == (
        "Table 3: 78% relapse-free (so 22% not); Text: 25% relapsed",
        "for Placebo, the complement of one figure does not match the other beyond rounding")


def test_finding_words_of_patient_counts_and_references():
    assert finding_words(finding("arms-total", [fig(585), fig(581)])) == (
        "arms add up to 585; randomized 581", "the arm sizes do not add up to the number randomized")
    assert finding_words(finding("treated-vs-arm", [fig(376), fig(386, label="IFN beta-1a")])) == (
        "376 treated; 386 in the IFN beta-1a arm",
        "the treated count differs from the arm size; the source does not say why")
    assert finding_words(finding("treated-vs-randomized", [fig(222), fig(334)])) == (
        "222 treated; 334 randomized",
        "the treated count differs from the number randomized; the source does not say which arms it counts")
    refs = [fig(42, origin="Table 2"), fig(43, origin="Text"), fig(44, origin="Table 2")]
    assert finding_words(finding("reference-numbers", refs)) == (
        "Table 2: 42, 44; Text: 43", "the tables and the text cite this study under different reference numbers")


def test_finding_words_of_an_erratum():
    assert finding_words(finding("erratum", [], text="The text says\n  13%")) == ("", "The text says 13%")
    assert finding_words(finding("erratum", [], text=None)) == ("", "")


def test_audit_document():
    findings = [
        finding("arms-total", [fig(585), fig(581)], check="patient-counts", record="CARE-MS-I",
                locators=['Table 3, row "CARE-MS I"', 'Text, "Alemtuzumab", paragraph 2']),
        finding("erratum", [], check="erratum", record="CARE-MS-II", text="corrected", locators=[]),
    ]
    got = full(AuditView(findings=findings, counts={}, sources=[SOURCE]))
    title = "Audit: 2 findings"
    assert got == Document(title, [Section(title, ["Check", "Record", "Figures", "Where", "Explanation"], [
        ["patient-counts", "CARE-MS-I", "arms add up to 585; randomized 581", "Table 3\nText, Alemtuzumab ¶2",
         "the arm sizes do not add up to the number randomized"],
        ["erratum", "CARE-MS-II", "", "", "corrected"],
    ])], footer=FOOT)


# -- search, validate ---------------------------------------------------------------------------------
def test_search_document():
    fig = {"label": "Alemtuzumab", "versus": "IFN β-1a SC", "kind": "relative_reduction", "value": 54.9, "unit": "%",
           "bound": None, "text": None, "printed": "54.9% (P0.001)", "p_value": 0.001, "p_comparison": "<",
           "significant": None}
    hits = [{"record": "therapy", "id": "alemtuzumab", "name": "Alemtuzumab", "what": "mechanism", "item": None,
             "label": "Mechanism", "locator": "Table 1, row 3", "figures": [],
             "fields": [["mechanism", "Anti-CD52 monoclonal antibody."], ["of", "Alemtuzumab"]],
             "matched": ["mechanism"]},
            {"record": "trial", "id": "CARE-MS-I", "name": "CARE-MS I", "what": "result", "item": "t2-arr-reduction",
             "label": "ARR reduction", "locator": None, "figures": [fig],
             "fields": [["endpoint", "ARR reduction"], ["P-value", "P<0.001"]], "matched": ["P-value"]},
            {"record": "therapy", "id": "alemtuzumab", "name": "Alemtuzumab", "what": "adverse event",
             "item": "melanoma", "label": "Melanoma", "locator": 'Text, "Safety and tolerability", paragraph 4',
             "figures": [], "fields": [["event", "Melanoma"], ["category", "malignancy"]], "matched": ["category"]}]
    got = full(SearchView(query="cd52", match='"cd52"*', total=4, limit=3, hits=hits, suggestions=[],
                          sources=[SOURCE]))
    title = "Matches for 'cd52'"
    columns = ["Record", "Found", "Figures", "Where"]
    found = [["Alemtuzumab", "Mechanism\n(mechanism)\nAnti-CD52 monoclonal antibody.", ""],
             ["CARE-MS I", "ARR reduction\n(result)", "Alemtuzumab vs IFN β-1a SC: 54.9% (P<0.001)"],
             ["Alemtuzumab", "Melanoma\n(adverse event; malignancy)", ""]]
    note = "Showing the best 3 of 4 matches; --limit N shows more."
    explicit = Section(title, columns, [found[0] + ["Table 1"], found[1] + [""],
                                        found[2] + ["Text, Safety and tolerability ¶4"]], note=note)
    assert got == Document(title, [Section(title, columns, [found[0] + ["Table\u00a01"], found[1] + [""],
                                                            found[2] + ["Safety\u00a0¶4"]],
                                           note=note, explicit=explicit)], footer=FOOT)


def test_validate_document():
    got = full(ValidateView(valid=True, bundled=False, data_dirs=["/d"], counts={"therapies": 10, "trials": 22},
                            errors=[]))
    title = "Valid data in /d"
    assert got == Document(title, [Section(title, ["Records", "Count"], [["therapies", "10"], ["trials", "22"]])])


def test_validate_names_the_stack_in_order():
    for bundled, dirs, title in [(True, [], "Valid data in the bundled data"),
                                 (True, ["/d"], "Valid data in the bundled data + /d"),
                                 (True, ["/d", "/e"], "Valid data in the bundled data + /d + /e"),
                                 (False, ["/d", "/e"], "Valid data in /d + /e")]:
        assert full(ValidateView(valid=True, bundled=bundled, data_dirs=dirs, counts={}, errors=[])).title == title


# -- chart --------------------------------------------------------------------------------------------
def bar(label, value, p=None, locator='Table 2, row "X"'):
    return {"trial": "T", "arm": "a", "label": label, "value": value, "p": p, "origin": "Table 2", "locator": locator}


def chart_view(panels, not_drawn=(), differences=()):
    return ChartView(panels=panels, not_drawn=list(not_drawn), differences=list(differences), caution=CAUTION,
                     sources=[SOURCE])


def test_chart_document():
    p1 = {"comparison": "<", "value": 0.001, "printed": "(P0.001)"}
    panels = [
        {"measure": "arr-reduction", "title": "ARR reduction", "groups": [
            {"comparator": "placebo", "bars": [bar("AFFIRM: natalizumab", 68, p1), bar("FREEDOMS: 0.5 mg", 54.5)]},
            {"comparator": "IFN beta-1a", "bars": [bar("CARE-MS I: alemtuzumab", 54.9, None, "Table 3, row 1")]},
        ]},
        {"measure": "disability-risk-reduction", "title": "Disability", "groups": []},
    ]
    differences = [{"aspect": "comparator", "values": {"AFFIRM": "placebo", "CARE-MS-I": "IFN beta-1a"}}]
    got = full(chart_view(panels, ["a hazard ratio (FREEDOMS)"], differences))
    rows = [["placebo", "AFFIRM: natalizumab", "68%", "P<0.001", "Table 2"],
            ["placebo", "FREEDOMS: 0.5 mg", "54.5%", "", "Table 2"],
            ["IFN beta-1a", "CARE-MS I: alemtuzumab", "54.9%", "", "Table 3"]]
    bars = [BarLine("placebo", "AFFIRM: natalizumab", 68, "68% P<0.001 [Table 2]"),
            BarLine("placebo", "FREEDOMS: 0.5 mg", 54.5, "54.5% [Table 2]"),
            BarLine("IFN beta-1a", "CARE-MS I: alemtuzumab", 54.9, "54.9% [Table 3]")]
    assert got == Document("Reported reductions by trial and arm", [
        Section("ARR reduction (% versus the trial's own comparator; 0-100% scale)",
                ["Versus", "Trial: arm", "Reduction", "P", "Where"], rows, kind="bars", bars=bars),
        Section("Not drawn", ["Figure"], [["Not drawn: a hazard ratio (FREEDOMS)."]], kind="lines"),
    ], banner=[CAUTION, "These trials differ in comparator (AFFIRM: placebo; CARE-MS-I: IFN beta-1a)."],
        footer=FOOT)


def test_chart_with_nothing_to_draw():
    got = full(chart_view([{"measure": "m", "title": "T", "groups": [{"comparator": "c", "bars": []}]}]))
    assert got.sections == [Section("Nothing to draw", ["Figure"], [[
        "Nothing to draw: none of these trials reports a relapse-rate or disability reduction as a percentage."]],
        kind="lines")]
    assert got.banner == [CAUTION]


def test_differences_banner():
    assert differences_banner([]) == []
    assert differences_banner([
        {"aspect": "duration", "values": {"A": "2 years", "B": "1 year"}},
        {"aspect": "population", "values": {"A": "treatment-naive"}},
    ]) == ["These trials differ in duration (A: 2 years; B: 1 year).",
           "These trials differ in population (A: treatment-naive)."]


# -- therapies ----------------------------------------------------------------------------------------
def year(value, **kw):
    return {"value": value, "unit": "calendar year", "printed": str(value), "locator": "Table 1, row 1", **kw}


def test_therapies_document():
    rows = [
        {"id": "a", "name": "Alemtuzumab", "brand": "Lemtrada", "approval_year": year(2014, note="EU approval"),
         "route": "IV", "dosing": {"printed": "12 mg/day", "locator": "Table 1", "erratum": "was 12 mg"},
         "drug_class": "Monoclonal antibody", "target": "CD52", "note": "also Campath",
         "mechanism": {"text": "Anti-CD52\n antibody", "locator": 'Text, "Alemtuzumab", paragraph 1',
                       "repair": "b for β"}},
        {"id": "b", "name": "Interferon", "brand": "Avonex", "approval_year": year(1996), "route": None,
         "dosing": {"printed": "30 µg weekly", "locator": "Table 1"}, "drug_class": "Interferon", "target": None,
         "mechanism": {"text": "Immunomodulator", "locator": "Table 1, row 2", "note": "also Campath"}},
    ]
    facts = [{"label": "Approved DMTs", "value": 12, "unit": None, "locator": 'Text, "Intro", paragraph 1',
              "note": "EU approval"}]
    got = full(TherapiesView(filters={"route": "IV"}, therapies=rows, facts=facts, sources=[SOURCE]))
    title = "Approved disease-modifying therapies (Table 1), route IV"
    assert got == Document(title, [
        Section(title, ["Therapy", "Year", "Route", "Dosing (as printed)", "Class; target (msdmt's summary)"], [
            ["Alemtuzumab (Lemtrada) [1]", "2014 [2]", "IV", "12 mg/day [3]", "Monoclonal antibody; CD52"],
            ["Interferon (Avonex)", "1996", "not stated", "30 µg weekly", "Interferon"],
        ]),
        # the mechanisms follow the rows above, so their notes are numbered after them
        Section("Mechanisms (as printed)", ["Therapy", "Mechanism", "Where"], [
            ["Alemtuzumab", "Anti-CD52 antibody [4]", "Text, Alemtuzumab ¶1"],
            ["Interferon", "Immunomodulator [1]", "Table 1"],
        ]),
        Section("Figures from the text", ["Figure", "Value", "Where"], [["Approved DMTs", "12 [2]", "Text, Intro ¶1"]]),
        Section("Notes", ["#", "Note"], [["1", "Note: also Campath"], ["2", "Note: EU approval"],
                                         ["3", "Erratum: was 12 mg"], ["4", "Repair: b for β"]]),
    ], footer=FOOT)


def test_therapies_without_a_filter_or_facts():
    got = full(TherapiesView(filters={"route": None}, therapies=[], facts=[], sources=[SOURCE]))
    title = "Approved disease-modifying therapies"
    assert got == Document(title, [Section(title, ["Therapy", "Year", "Route", "Dosing (as printed)",
                                                   "Class; target (msdmt's summary)"], []),
                                   Section("Mechanisms (as printed)", ["Therapy", "Mechanism", "Where"], [])],
                           footer=FOOT)


# -- adverse events -----------------------------------------------------------------------------------
def quantity(value, unit="%", locator="Text, safety", **kw):
    return {"value": value, "unit": unit, "printed": f"{value}", "locator": locator, **kw}


def event(id_, therapy, **kw):
    out = {"id": id_, "therapy": therapy, "event": id_.capitalize(), "category": "infection", "context": "ctx",
           "rate": None, "comparator": None, "count": None, "deaths": None}
    out.update(kw)
    return out


def comparator_rate(**kw):
    out = {"of_therapy": "alemtuzumab", "of_therapy_name": "Alemtuzumab", "adverse_event": "herpes",
           "event": "Herpes", "category": "infection", "label": "IFN beta-1a",
           "rate": quantity(3, locator='Text, "Safety", paragraph 2'), "context": "CARE-MS"}
    out.update(kw)
    return out


def test_adverse_events_of_one_therapy():
    events = [
        event("herpes", "alemtuzumab", note="with acyclovir",
              rate=quantity(16, locator='Text, "Safety", paragraph 2'),
              comparator={"label": "IFN beta-1a", "therapy": "ifn", "note": "pooled",
                          "rate": quantity(3, locator='Text, "Safety", paragraph 2', repair="fixed")}),
        event("pml", "alemtuzumab", category="serious", count=quantity(2, "cases", "Table 4", note="pooled"),
              deaths=quantity(1, "deaths", 'Text, "Safety", paragraph 5')),
        event("rash", "alemtuzumab", rate=quantity(0.2, bound="<", locator="Table 4")),
    ]
    view = AdverseEventsView(filters={"therapy": "alemtuzumab", "therapy_name": "Alemtuzumab", "category": None,
                                      "sort": "source"}, adverse_events=events, comparator_rates=[comparator_rate()],
                             sources=[SOURCE])
    title = "Adverse events of Alemtuzumab"
    cols = ["Event (category)", "Figures", "Context", "Where"]
    assert full(view) == Document(title, [
        Section(title, cols, [
            ["Herpes [1]\n(infection)", "16%\nIFN beta-1a: 3% [2] [3]", "ctx", "Text, Safety ¶2"],
            ["Pml\n(serious)", "2 cases [2]\ndeaths: 1", "ctx", "Table 4; Text, Safety ¶5"],
            ["Rash\n(infection)", "<0.2%", "ctx", "Table 4"],
        ]),
        Section("Rates as a comparator", cols, [
            ["Herpes\n(infection)", "IFN beta-1a: 3%", "comparator of Alemtuzumab; CARE-MS", "Text, Safety ¶2"]],
            note="Printed for this therapy as the comparison group of another therapy's adverse events."),
        Section("Notes", ["#", "Note"], [["1", "Note: with acyclovir"], ["2", "Note: pooled"], ["3", "Repair: fixed"]]),
    ], footer=FOOT)


def test_adverse_events_of_several_therapies_name_the_therapy():
    events = [event("herpes", "alemtuzumab", rate=quantity(16)), event("flu", "ifn", rate=quantity(1, "cases"))]
    view = AdverseEventsView(filters={"therapy": None, "therapy_name": None, "category": "infection",
                                      "sort": "event"}, adverse_events=events, comparator_rates=[], sources=[SOURCE])
    assert full(view) == Document("Adverse events", [
        Section("Adverse events", ["Therapy", "Event (category)", "Figures", "Context", "Where"], [
            ["alemtuzumab", "Herpes\n(infection)", "16%", "ctx", "Text, safety"],
            ["ifn", "Flu\n(infection)", "1 case", "ctx", "Text, safety"],
        ])], footer=FOOT)


def test_adverse_events_of_nothing():
    filters = {"therapy": "x", "therapy_name": "Xdrug", "category": None, "sort": "source"}
    got = full(AdverseEventsView(filters=filters, adverse_events=[], comparator_rates=[], sources=[SOURCE]))
    title = "Adverse events of Xdrug"
    assert got == Document(title, [Section(title, ["Event"], [
        ["No source here gives adverse-event figures for this selection."]])], footer=FOOT)
    # only comparator rates
    got = full(AdverseEventsView(filters=filters, adverse_events=[], comparator_rates=[comparator_rate()],
                                  sources=[SOURCE]))
    assert [s.title for s in got.sections] == ["Rates as a comparator"]


# -- trials -------------------------------------------------------------------------------------------
def summary(id_, **kw):
    out = {"id": id_, "name": id_.replace("-", " "), "kind": "RCT", "phase": 3, "therapies": ["drug"],
           "comparator": {"type": "placebo", "label": "Placebo", "locator": "Table 2"},
           "population": None, "durations": [quantity(2, "years")],
           "arms": [{"id": "drug", "label": "Drug", "role": "treatment",
                     "n": quantity(627, "patients")},
                    {"id": "pbo", "label": "Placebo", "role": "comparator", "n": None}],
           "key_results": [], "role": None, "source": "babij2015"}
    out.update(kw)
    return out


REL = {"unit": "%", "kind": "relative_reduction"}


def test_trials_document():
    p = {"comparison": "<", "value": 0.001, "printed": "P0.001"}
    affirm = summary("AFFIRM", key_results=[
        {"measure": "arr-reduction", **REL, "note": "versus placebo",
         "results": [{"arm": "drug", "value": 68, "p": p}]},
        {"measure": "disability-risk-reduction", **REL,
         "results": [{"arm": "drug", "value": 42}, {"arm": None, "value": None, "text": "n/a"}]},
    ])
    three = summary("FREEDOMS", phase=None, role="comparator", comparator=None, durations=[],
                    arms=[{"id": "hi", "label": "1.25 mg", "role": "treatment", "n": quantity(429, "patients")},
                          {"id": "lo", "label": "0.5 mg", "role": "treatment", "n": quantity(425, "patients")},
                          {"id": "pbo", "label": "Placebo", "role": "comparator"}],
                    key_results=[{"measure": "arr-reduction", **REL, "results": [
                        {"arm": "hi", "value": 60}, {"arm": "lo", "value": 54}, {"arm": None, "value": 57}]}])
    filters = {"therapy": "drug", "comparator": None, "phase": 3}
    got = full(TrialsView(filters=filters, trials=[affirm, three], caution=CAUTION, sources=[SOURCE]))
    title = "Trials (therapy drug, phase 3)"
    assert got == Document(title, [
        Section(title, ["Trial", "Comparator", "Duration", "Arms", "Key results"], [
            ["AFFIRM\nphase 3", "Placebo", "2 years", "Drug n=627; Placebo",
             "ARR reduction: 68% (P<0.001) [1]; Disability: 42%; Disability: n/a"],
            ["FREEDOMS\n(as comparator)", "not stated", "not stated", "1.25 mg n=429; 0.5 mg n=425; Placebo",
             "ARR reduction 1.25 mg: 60%; ARR reduction 0.5 mg: 54%; ARR reduction: 57%"],
        ], note="Cross-trial comparisons are unreliable."),
        Section("Notes", ["#", "Note"], [["1", "Note: versus placebo"]]),
    ], footer=FOOT)


def test_trials_without_a_match():
    filters = {"therapy": None, "comparator": None, "phase": None}
    got = full(TrialsView(filters=filters, trials=[], caution="No colon here", sources=[SOURCE]))
    assert got == Document("Trials", [Section("Trials", ["Trial", "Comparator", "Duration", "Arms", "Key results"],
                                              [["No trial matches these filters.", "", "", "", ""]],
                                              note="No colon here.")], footer=FOOT)


def test_durations_join():
    t = summary("X", durations=[quantity(2, "years"), quantity(1, "years", text="extension")])
    assert doc._duration(t, Notes()) == "2 years; 1 year (extension)"
    notes = Notes()
    t = summary("X", durations=[quantity(2, "years", note="core"), quantity(1, "years", note="core")])
    assert doc._duration(t, notes) == "2 years [1]; 1 year [1]"
    assert doc._duration(summary("X", durations=[]), notes) == "not stated"


# -- fixed bugs ----------------------------------------------------------------------------------------

def test_adverse_event_notes_are_numbered_in_reading_order():
    # the event's own note stands in the first column, before the notes of its figures
    herpes = {"id": "herpes", "therapy": "a", "event": "Herpes", "category": "infection", "context": "ctx",
              "note": "with acyclovir", "comparator": None, "deaths": None,
              "rate": {"value": 16, "printed": "16%", "unit": "%", "locator": "Text", "note": "pooled"},
              "count": {"value": 3, "printed": "3", "unit": "patients", "locator": "Text", "erratum": "was 4"}}
    view = AdverseEventsView(filters={"therapy": "a", "therapy_name": "A", "category": None, "sort": "source"},
                             adverse_events=[herpes], comparator_rates=[], sources=[SOURCE])
    got = full(view)
    assert got.sections[0].rows == [["Herpes [1]\n(infection)", "16% [2]\n3 patients [3]", "ctx", "Text"]]
    assert got.sections[1].rows == [["1", "Note: with acyclovir"], ["2", "Note: pooled"], ["3", "Erratum: was 4"]]


def test_trial_note_is_numbered_before_the_rows_under_it():
    t = {"id": "T", "name": "TRIAL", "note": "read as CAMMS223", "kind": "extension", "phase": None,
         "therapies": ["a"], "design": None, "population": None, "comparator": None, "parent": None,
         "durations": [{"value": 2, "unit": "years", "printed": "2", "locator": "Text", "note": "median"}],
         "references": [], "arms": [], "endpoints": [], "facts": []}
    got = full(TrialView(other_reports=[], disagreements=[], trial=t, filters={"endpoint": None}, derived=[], sources=[SOURCE]))
    assert got.sections[0].title == "TRIAL [1]"
    assert got.sections[0].rows[3] == ["Duration", "2 years [2]", "Text"]
    assert got.sections[-1].rows == [["1", "Note: read as CAMMS223"], ["2", "Note: median"]]


def test_a_therapy_without_a_brand_is_shown_by_its_name():
    t = {"id": "x", "name": "Xdrug", "brand": None, "generic": "xdrug", "route": None, "route_locator": None,
         "approval_year": {"value": 2010, "unit": "calendar year", "printed": "2010", "locator": "Table 1"},
         "dosing": {"printed": "10 mg", "locator": "Table 1", "regimens": []},
         "mechanism": {"text": "m", "locator": "Table 1"}, "drug_class": "c", "target": None, "references": [],
         "facts": [], "adverse_events": []}
    assert full(TherapiesView(filters={"route": None}, therapies=[t], facts=[], sources=[SOURCE])).sections[0].rows[0][0] \
        == "Xdrug"
    got = full(TherapyView(therapy=t, trials=[], derived=[], comparator_rates=[], caution="c", sources=[SOURCE]))
    assert (got.title, got.sections[0].title) == ("Xdrug", "Xdrug")


# -- therapy ------------------------------------------------------------------------------------------
def alemtuzumab(**kw):
    out = {
        "id": "alemtuzumab", "name": "Alemtuzumab", "brand": "Lemtrada", "generic": "alemtuzumab",
        "note": "also Campath", "approval_year": year(2014, note="EU"), "route": "IV",
        "route_locator": 'Text, "Dosing", paragraph 2',
        "dosing": {"printed": "12 mg/day IV", "locator": 'Table 1, row "Alemtuzumab"', "erratum": "IV", "regimens": [
            {"amount": 12, "unit": "mg", "route": "IV", "frequency": "daily",
             "schedule": "5 days, then 3 days a year later", "cumulative_limit": 60},
            {"amount": None, "unit": None, "route": None, "frequency": "as needed", "schedule": None,
             "cumulative_limit": None, "note": "no dose"}]},
        "mechanism": {"text": "Anti-CD52\n  antibody", "locator": 'Text, "Alemtuzumab", paragraph 1',
                      "repair": "b for β"},
        "drug_class": "Monoclonal antibody", "target": "CD52",
        "references": [{"number": 12, "locator": "x"}, {"number": 3, "locator": "x"}],
        "facts": [{"label": "Half-life", "value": 12, "unit": "days", "locator": "Table 1, row 2", "note": "no dose"}],
        "adverse_events": [
            event("herpes", None, rate=quantity(16, locator='Text, "Safety", paragraph 2'),
                  comparator={"label": "IFN beta-1a", "therapy": "ifn",
                              "rate": quantity(3, locator='Text, "Safety", paragraph 2')}),
            event("rash", None, rate=quantity(5), comparator={"label": "placebo", "therapy": None,
                                                               "rate": quantity(4)}),
            event("itp", None, count=quantity(3, "patients", "Table 4"),
                  deaths=quantity(1, "deaths", "Table 4", note="one death")),
        ],
    }
    out.update(kw)
    return out


def test_therapy_document():
    nnh = {"metric": "nnh", "label": "x", "value": 8, "unit": "patients", "formula": "ceil(100 / |16 - 3|)",
           "range": (8, 9)}
    derived = [diff(arm="alemtuzumab", versus="ifn", trial=None, adverse_event="herpes", label="Absolute difference: Herpes",
                    value=13,
                    period=None, formula="16% - 3%", number_needed=nnh, cautions=["unclear groups"]),
               diff(arm="alemtuzumab", versus="placebo", trial=None, adverse_event="rash", label="Absolute difference: Rash",
                    value=1,
                    period=None, formula="5% - 4%", number_needed=None)]
    trials = [summary("CARE-MS-I", key_results=[{"measure": "arr-reduction", **REL,
                                                  "results": [{"arm": "drug", "value": 55}]}])]
    view = TherapyView(therapy=alemtuzumab(), trials=trials, derived=derived,
                       comparator_rates=[comparator_rate(of_therapy_name="Fingolimod", label="Alemtuzumab",
                                                         rate=quantity(3, locator="Table 4", note="one death"))],
                       caution=CAUTION, sources=[SOURCE])
    cols = ["Event (category)", "Figures", "Context", "Where"]
    title = "Alemtuzumab (Lemtrada) [1]"
    assert full(view) == Document(title, [
        Section(title, ["Field", "Value", "Where"], [
            ["Generic name", "alemtuzumab", ""],
            ["Brand", "Lemtrada", "Table 1"],
            ["Year of approval", "2014 [2]", "Table 1"],
            ["Route", "IV", "Text, Dosing ¶2"],
            ["Dosing (as printed)", "12 mg/day IV [3]", "Table 1"],
            ["Dosing (structured)", "12 mg IV daily (5 days, then 3 days a year later) (cumulative limit 60 mg); as needed [4] [3]", "Table 1"],
            ["Mechanism (as printed)", "Anti-CD52 antibody [5]", "Text, Alemtuzumab ¶1"],
            ["Class; target", "Monoclonal antibody; CD52", "msdmt's summary of the mechanism"],
            ["References cited", "12, 3", ""],
            ["Half-life", "12 days [4]", "Table 1"],
        ]),
        Section("Trials", ["Trial", "Comparator", "Duration", "Arms", "Key results"],
                [["CARE MS I\nphase 3", "Placebo", "2 years", "Drug n=627; Placebo", "ARR reduction: 55%"]],
                note="Cross-trial comparisons are unreliable."),
        Section("Adverse events", cols, [
            ["Herpes\n(infection)", "16%\nIFN beta-1a: 3%", "ctx", "Text, Safety ¶2"],
            ["Rash\n(infection)", "5%\nplacebo: 4%", "ctx", "Text, safety"],
            ["Itp\n(infection)", "3 patients\ndeaths: 1 [6]", "ctx", "Table 4"],
        ]),
        Section("Rates as a comparator", cols, [
            ["Herpes\n(infection)", "Alemtuzumab: 3% [6]", "comparator of Fingolimod; CARE-MS", "Table 4"]],
            note="Printed for this therapy as the comparison group of another therapy's adverse events."),
        Section(DERIVED_TITLE, DERIVED_COLUMNS, [
            ["Herpes\nAlemtuzumab vs IFN beta-1a", "13 percentage points\nNNH 8 patients (8 to 9 with rounding)",
             "16% - 3%\nceil(100 / |16 - 3|)", "Caution: unclear groups"],
            ["Rash\nAlemtuzumab vs placebo", "1 percentage points", "5% - 4%", ""],
        ], note=DERIVED_NOTE),
        Section("Notes", ["#", "Note"], [["1", "Note: also Campath"], ["2", "Note: EU"], ["3", "Erratum: IV"],
                                         ["4", "Note: no dose"], ["5", "Repair: b for β"], ["6", "Note: one death"]]),
    ], footer=FOOT)


def test_therapy_with_little_data():
    t = alemtuzumab(note=None, brand=None, route=None, target=None, references=[], facts=[], adverse_events=[],
                    approval_year=year(2014),
                    mechanism={"text": "m", "locator": "Table 1"},
                    dosing={"printed": "d", "locator": "Table 1", "regimens": [
                        {"amount": 1.5, "unit": "mg/m²", "route": None, "frequency": "monthly", "schedule": "",
                         "cumulative_limit": None}]})
    got = full(TherapyView(therapy=t, trials=[], derived=[], comparator_rates=[], caution=CAUTION, sources=[SOURCE]))
    assert got == Document("Alemtuzumab", [
        Section("Alemtuzumab", ["Field", "Value", "Where"], [
            ["Generic name", "alemtuzumab", ""],
            ["Brand", "not stated", ""],
            ["Year of approval", "2014", "Table 1"],
            ["Route", "not stated", ""],
            ["Dosing (as printed)", "d", "Table 1"],
            ["Dosing (structured)", "1.5 mg/m² monthly", "Table 1"],
            ["Mechanism (as printed)", "m", "Table 1"],
            ["Class; target", "Monoclonal antibody; not stated", "msdmt's summary of the mechanism"],
            ["References cited", "none", ""],
        ]),
        Section("Adverse events", ["Event"], [["No source here gives adverse-event figures for this therapy."]]),
    ], footer=FOOT)
    # the route's place is the dosing cell unless the route is printed elsewhere
    got = full(TherapyView(therapy=alemtuzumab(route_locator=None), trials=[], derived=[], comparator_rates=[],
                            caution=CAUTION, sources=[SOURCE]))
    assert got.sections[0].rows[3] == ["Route", "IV", "Table 1"]
    # comparator rates alone are adverse-event figures enough
    got = full(TherapyView(therapy=t, trials=[], derived=[], comparator_rates=[comparator_rate()], caution=CAUTION,
                            sources=[SOURCE]))
    assert [s.title for s in got.sections] == ["Alemtuzumab", "Rates as a comparator"]


# -- trial --------------------------------------------------------------------------------------------
def full_trial(**kw):
    out = {
        "id": "CARE-MS-I", "name": "CARE-MS I", "kind": "randomized controlled trial", "phase": 3,
        "therapies": ["alemtuzumab", "ifn"], "parent": "CAMMS223",
        "design": {"text": "Rater-blinded\nrandomized", "locator": 'Text, "Trials", paragraph 1'},
        "population": {"text": "Treatment-naive RRMS", "category": "treatment-naive", "locator": "Table 2",
                       "note": "EDSS 0-3"},
        "comparator": {"type": "active", "label": "IFN beta-1a SC", "text": "unused", "locator": "Table 2"},
        "durations": [quantity(2, "years", "Table 3")],
        "references": [{"number": 40, "locator": "Table 3, row 2"}, {"number": 41, "locator": "Text", "note": "EDSS 0-3"}],
        "arms": [{"id": "alem", "label": "Alemtuzumab 12 mg", "dose": "12 mg", "role": "treatment",
                  "n": quantity(376, "patients", "Table 3", erratum="386 in the text")},
                 {"id": "ifn", "label": "IFN beta-1a", "dose": None, "role": "comparator", "n": None,
                  "note": "44 µg"}],
        "endpoints": [
            {"id": "arr", "label": "ARR", "measure": "arr", "kind": "annualized_relapse_rate",
             "unit": "relapses/year", "locator": "Table 3, row 4", "note": "per year", "results": [
                 {"arm": "alem", "value": 0.18, "printed": "0.18"}, {"arm": "ifn", "value": 0.39, "printed": "0.39"},
                 {"arm": "alem", "value": 0.2, "printed": "0.20", "note": "second report"}]},
            {"id": "free", "label": "Relapse-free", "measure": "relapse-free", "kind": "proportion", "unit": "%",
             "locator": 'Text, "Efficacy", paragraph 3', "results": [
                 {"arm": None, "value": None, "text": "No significant difference", "significant": False}]},
        ],
        "facts": [{"label": "Screened", "value": 581, "unit": "patients", "text": "in\n two phases",
                   "locator": "Table 3, row 9", "note": "per year"}],
    }
    out.update(kw)
    return out


def test_trial_document():
    t = full_trial()
    derived = [rr(trial="CARE-MS-I", arm="alem", versus="ifn", reported=[], label="Relative reduction: ARR"),
               rr(trial="CARE-MS-I", arm="alem", versus="arr-before", reported=[], range=None)]
    got = full(TrialView(other_reports=[], disagreements=[], trial=t, filters={"endpoint": None}, derived=derived, sources=[SOURCE]))
    assert got == Document("CARE-MS I", [
        Section("CARE-MS I", ["Field", "Value", "Where"], [
            ["Kind", "randomized controlled trial", ""],
            ["Phase", "3", ""],
            ["Therapies", "alemtuzumab, ifn", ""],
            ["Design", "Rater-blinded randomized", "Text, Trials ¶1"],
            ["Population", "Treatment-naive RRMS [1]", "Table 2"],
            ["Comparator", "IFN beta-1a SC", "Table 2"],
            ["Duration", "2 years", "Table 3"],
            ["Follows", "CAMMS223", ""],
            ["References cited", "40 (Table 3); 41 (Text) [1]", ""],
        ]),
        Section("Arms", ["Arm", "Dose", "Role", "Patients", "Where"], [
            ["Alemtuzumab 12 mg", "12 mg", "treatment", "376 patients [2]", "Table 3"],
            ["IFN beta-1a [3]", "", "comparator", "not stated", ""],
        ]),
        Section("Reported endpoints", ["Endpoint", "Where", "Whole trial", "Alemtuzumab 12 mg", "IFN beta-1a"], [
            ["ARR [4]", "Table 3", "", "0.18\n0.20 [5]", "0.39"],
            ["Relapse-free", "Text, Efficacy ¶3", "No significant difference", "", ""],
        ], note="A relative reduction or hazard ratio stands in the column of the arm it favours and is against "
                "the comparator."),
        Section("Other figures from the text", ["Figure", "Value", "Where"],
                [["Screened", "581 patients (in two phases) [4]", "Table 3"]]),
        Section(DERIVED_TITLE, DERIVED_COLUMNS, [
            ["Relative reduction: ARR\nAlemtuzumab 12 mg vs IFN beta-1a", "53.8% (51.9 to 55.7 with rounding)",
             "(1 - 0.18 / 0.39) × 100", ""],
            ["Relative reduction: ARR\nAlemtuzumab 12 mg vs arr-before", "53.8%", "(1 - 0.18 / 0.39) × 100", ""],
        ], note=DERIVED_NOTE),
        Section("Notes", ["#", "Note"], [["1", "Note: EDSS 0-3"], ["2", "Erratum: 386 in the text"],
                                         ["3", "Note: 44 µg"], ["4", "Note: per year"], ["5", "Note: second report"]]),
    ], footer=FOOT)


def test_trial_with_little_data():
    t = full_trial(phase=None, parent=None, design=None, population=None, comparator=None, durations=[],
                   references=[], endpoints=[], facts=[],
                   arms=[{"id": "all", "label": "All", "dose": None, "role": "treatment", "n": None}])
    got = full(TrialView(other_reports=[], disagreements=[], trial=t, filters={"endpoint": None}, derived=[], sources=[SOURCE]))
    assert got == Document("CARE-MS I", [
        Section("CARE-MS I", ["Field", "Value", "Where"], [
            ["Kind", "randomized controlled trial", ""],
            ["Phase", "not stated", ""],
            ["Therapies", "alemtuzumab, ifn", ""],
            ["References cited", "none", ""],
        ]),
        Section("Arms", ["Arm", "Dose", "Role", "Patients", "Where"], [["All", "", "treatment", "not stated", ""]]),
    ], footer=FOOT)


def test_trial_endpoints_without_whole_trial_figures_have_no_such_column():
    t = full_trial()
    t["endpoints"] = t["endpoints"][:1]
    got = full(TrialView(other_reports=[], disagreements=[], trial=t, filters={"endpoint": None}, derived=[], sources=[SOURCE]))
    section = next(s for s in got.sections if s.title == "Reported endpoints")
    assert section.columns == ["Endpoint", "Where", "Alemtuzumab 12 mg", "IFN beta-1a"]
    assert section.rows == [["ARR [4]", "Table 3", "0.18\n0.20 [5]", "0.39"]]


def test_a_design_label_wins_over_its_text():
    t = full_trial(design={"label": "Open-label", "text": "long text", "locator": "Table 2"})
    assert full(TrialView(other_reports=[], disagreements=[], trial=t, filters={"endpoint": None}, derived=[], sources=[SOURCE])).sections[0].rows[3] == ["Design", "Open-label", "Table 2"]


# -- compare ------------------------------------------------------------------------------------------
def cell(trial_id, arm, value, locator="Table 3, row 1", **kw):
    out = {"trial": trial_id, "arm": arm, "value": value, "printed": f"{value}", "unit": "relapses/year",
           "kind": "annualized_relapse_rate", "locator": locator, "whole_trial": arm is None, "endpoint": "arr",
           "endpoint_notes": {"repair": None, "erratum": None, "note": None}}
    out.update(kw)
    return out


def test_compare_document():
    a = summary("CARE-MS-I", population={"text": "naive", "category": "treatment-naive", "locator": "x"},
                comparator={"type": "active", "label": "IFN", "locator": "x"})
    b = summary("CARE-MS-II", phase=None, comparator=None, durations=[],
                population={"text": "Previously treated", "category": None, "locator": "x"})
    c = summary("AFFIRM", population=None)
    columns = [{"trial": "CARE-MS-I", "arm": "drug", "label": "Alem", "role": "treatment"},
               {"trial": "CARE-MS-II", "arm": "drug", "label": "Alem 12", "role": "treatment"},
               {"trial": "AFFIRM", "arm": "pbo", "label": "Placebo", "role": "comparator"}]
    notes = {"repair": None, "erratum": "was 0.26", "note": None}
    rows = [
        {"measure": "arr", "origin": "Table 3", "source": "babij2015", "report": "babij2015", "kind": "annualized_relapse_rate", "unit": "relapses/year",
         "labels": {"CARE-MS-I": "ARR", "CARE-MS-II": "ARR", "AFFIRM": "Annualized rate"},
         "cells": {"CARE-MS-I/drug": [cell("CARE-MS-I", "drug", 0.18, note="first")],
                   "CARE-MS-II/drug": [cell("CARE-MS-II", "drug", 0.26, endpoint_notes=notes),
                                       cell("CARE-MS-II", "drug", 0.3, 'Text, "Efficacy", paragraph 1')]}},
    ]
    derived = [rr(trial="CARE-MS-I", arm="drug", versus="pbo"), rr(trial=None, arm="drug", versus="x", range=None)]
    view = CompareView(other_reports=[], disagreements=[], filters={"endpoint": None, "therapy": None, "comparator": None}, trials=[a, b, c], columns=columns, rows=rows, derived=derived,
                       differences=[{"aspect": "duration", "values": {"CARE-MS-I": "2 years", "CARE-MS-II": "-"}}],
                       caution=CAUTION, sources=[SOURCE])
    got = full(view)
    assert got == Document("Comparison of CARE MS I, CARE MS II, AFFIRM", [
        Section("Trials compared", ["Trial", "Phase", "Comparator", "Population", "Duration", "Arms"], [
            ["CARE MS I", "3", "IFN", "treatment-naive", "2 years", "Drug n=627; Placebo"],
            ["CARE MS II", "-", "not stated", "Previously treated", "not stated", "Drug n=627; Placebo"],
            ["AFFIRM", "3", "Placebo", "not stated", "2 years", "Drug n=627; Placebo"],
        ]),
        Section("Reported endpoints", ["Endpoint", "Where", "CARE MS I: Alem", "CARE MS II: Alem 12",
                                       "AFFIRM: Placebo"], [
            ["ARR / Annualized rate", "Table 3\nText, Efficacy ¶1", "0.18 [1]", "0.26 [2]\n0.3", "—"],
        ], note="— means the source reports no such figure for that trial and arm (not zero). Rows join the same "
                "measure printed in the same place; each trial's own label is kept, separated by /."),
        Section(DERIVED_TITLE, DERIVED_COLUMNS, [
            ["CARE MS I: Relative reduction: ARR\nAlem vs pbo", "53.8% (51.9 to 55.7 with rounding)",
             "(1 - 0.18 / 0.39) × 100", ""],
            ["Relative reduction: ARR\ndrug vs x", "53.8%", "(1 - 0.18 / 0.39) × 100", ""],
        ], note=DERIVED_NOTE),
        Section("Notes", ["#", "Note"], [["1", "Note: first"], ["2", "Erratum: was 0.26"]]),
    ], banner=[CAUTION, "These trials differ in duration (CARE-MS-I: 2 years; CARE-MS-II: -)."], footer=FOOT)


def test_compare_without_derived_figures():
    view = CompareView(other_reports=[], disagreements=[], filters={"endpoint": None, "therapy": None, "comparator": None}, trials=[summary("A")], columns=[], rows=[], derived=[], differences=[], caution=CAUTION,
                       sources=[SOURCE])
    got = full(view)
    assert [s.title for s in got.sections] == ["Trials compared", "Reported endpoints"]
    assert got.banner == [CAUTION]
