"""The Python API: ``msdmt.open()`` answers every question as the command line does.

``view.to_dict()`` of a catalog method equals ``json.loads`` of the matching
command's ``--json`` output, for every command with a JSON output.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest

import msdmt
from conftest import run
from msdmt.core.catalog import Catalog

THERAPY_IDS = ["interferon-beta-1b-sc", "interferon-beta-1a-im", "glatiramer-acetate", "mitoxantrone",
               "interferon-beta-1a-sc", "natalizumab", "fingolimod", "teriflunomide", "dimethyl-fumarate",
               "alemtuzumab"]
TRIAL_IDS = ["AFFIRM", "FREEDOMS", "TRANSFORMS", "TEMSO", "DEFINE", "CONFIRM", "CARE-MS-I", "CARE-MS-II", "CAMMS223",
             "CAMMS223-EXT", "SEVEN-YEAR-FOLLOW-UP", "CAMBRIDGE-OPEN-LABEL"]

Ask = Callable[[Catalog], Any]


def _cases() -> list[tuple[list[str], Ask]]:
    cases: list[tuple[list[str], Ask]] = [(["therapies"], lambda c: c.therapies())]
    for route in ("SC", "IM", "IV", "oral", "iv"):
        cases.append((["therapies", "--route", route], lambda c, r=route: c.therapies(r)))
    for name in THERAPY_IDS + ["Lemtrada", "rebif", "IFN β-1a SC", "interferon beta-1b", "DMF", "natal"]:
        cases.append((["therapy", name], lambda c, n=name: c.therapy(n)))
    cases.append((["trials"], lambda c: c.trials()))
    for name in THERAPY_IDS + ["rebif", "interferon beta-1a", "interferon", "ifn"]:
        cases.append((["trials", "--therapy", name], lambda c, n=name: c.trials(therapy=n)))
    for kind in ("placebo", "active", "PLACEBO"):
        cases.append((["trials", "--comparator", kind], lambda c, k=kind: c.trials(comparator=k)))
    for phase in (1, 2, 3):
        cases.append((["trials", "--phase", str(phase)], lambda c, p=phase: c.trials(phase=p)))
    cases.append((["trials", "--therapy", "fingolimod", "--comparator", "active", "--phase", "3"],
                  lambda c: c.trials("fingolimod", "active", 3)))
    for trial_id in TRIAL_IDS + ["care-ms-1", "CAREMS2", "7-year follow-up"]:
        cases.append((["trial", trial_id], lambda c, t=trial_id: c.trial(t)))
    cases.append((["trial", "care", "ms", "2"], lambda c: c.trial("care ms 2")))
    for trial_id, endpoint in (("CARE-MS-II", "edss"), ("CARE-MS-I", "relapse"), ("AFFIRM", "ARR")):
        cases.append((["trial", trial_id, "--endpoint", endpoint], lambda c, t=trial_id, e=endpoint: c.trial(t, e)))
    combos = [list(p) for p in itertools.combinations(TRIAL_IDS, 2)][::4]
    combos += [["CAMMS223", "CARE-MS-I", "CARE-MS-II"], ["CARE-MS-II", "AFFIRM"], ["AFFIRM", "FREEDOMS", "CARE-MS-I"],
               ["care ms 2", "camms223"]]
    for ids in combos:
        cases.append((["compare", *ids], lambda c, i=ids: c.compare(i)))
        cases.append((["compare", *ids, "--chart"], lambda c, i=ids: c.chart(i)))
    cases.append((["compare", "CARE-MS-I", "CARE-MS-II", "--endpoint", "relapse"],
                  lambda c: c.compare(["CARE-MS-I", "CARE-MS-II"], endpoint="relapse")))
    cases.append((["compare", "--therapy", "fingolimod"], lambda c: c.compare(therapy="fingolimod")))
    cases.append((["compare", "AFFIRM", "--therapy", "fingolimod", "--comparator", "placebo"],
                  lambda c: c.compare(["AFFIRM"], therapy="fingolimod", comparator="placebo")))
    cases.append((["compare", "--therapy", "interferon", "--chart"], lambda c: c.chart(therapy="interferon")))
    cases.append((["adverse-events"], lambda c: c.adverse_events()))
    for name in THERAPY_IDS:
        cases.append((["adverse-events", name], lambda c, n=name: c.adverse_events(n)))
    for sort in ("rate", "event", "category", "source"):
        cases.append((["adverse-events", "--sort", sort], lambda c, s=sort: c.adverse_events(sort=s)))
        cases.append((["adverse-events", "alemtuzumab", "--sort", sort],
                      lambda c, s=sort: c.adverse_events("alemtuzumab", sort=s)))
    for category in ("infusion", "infection", "autoimmune", "malignancy", "haematological", "Malignancy"):
        cases.append((["adverse-events", "--category", category], lambda c, k=category: c.adverse_events(category=k)))
    cases.append((["adverse-events", "rebif", "--category", "infection"],
                  lambda c: c.adverse_events("rebif", category="infection")))
    cases.append((["adverse-events", "alemtuzumab", "--sort", "event", "--category", "malignancy"],
                  lambda c: c.adverse_events("alemtuzumab", "event", "malignancy")))
    for event in ("thyroid", "infection", "herpes zoster"):
        cases.append((["adverse-events", "--event", event], lambda c, e=event: c.adverse_events(event=e)))
    cases.append((["adverse-events", "alemtuzumab", "--event", "thyroid"],
                  lambda c: c.adverse_events("alemtuzumab", event="thyroid")))
    for text in ("relapse", "thyroid", "BETA-1A IM", "Goodpasture", "acyclovir"):
        cases.append((["search", text], lambda c, t=text: c.search(t)))
    cases.append((["audit"], lambda c: c.audit()))
    cases.append((["glossary"], lambda c: c.glossary()))
    cases.append((["sources"], lambda c: c.sources()))
    for term in ("ARR", "arr", "beta", "EDSS", "ed"):
        cases.append((["glossary", term], lambda c, t=term: c.glossary(t)))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return msdmt.open()


@pytest.mark.parametrize("args, ask", CASES, ids=[" ".join(a) for a, _ in CASES])
def test_to_dict_equals_the_commands_json(cat, args, ask):
    result = run(*args, "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert ask(cat).to_dict() == json.loads(result.stdout)


def test_every_command_with_json_output_is_covered():
    from msdmt.core.views import VIEWS

    covered = {"chart" if "--chart" in args else args[0] for args, _ in CASES}
    assert covered == set(VIEWS) - {"validate"}  # validate checks a directory and has no catalog method


def test_the_promised_example():
    """The example of msdmt's docstring and of the issue, word for word."""
    assert msdmt.open().trial("care ms 2").to_dict() == json.loads(run("trial", "care", "ms", "2", "--json").stdout)


def test_a_search_without_hits_is_an_empty_view_not_an_error(cat):
    view = cat.search("zzzqqq")
    assert view.hits == []
    result = run("search", "zzzqqq", "--json")
    assert result.exit_code == 1 and view.to_dict() == json.loads(result.stdout)


def test_to_dict_holds_plain_json_values_only(cat):
    """No tuples or other Python-only values: to_dict() survives a JSON round trip unchanged."""
    for _, ask in CASES:
        data = ask(cat).to_dict()
        assert json.loads(json.dumps(data)) == data


# -- errors: the msdmt exceptions, importable from msdmt ---------------------------------
def test_the_exceptions_are_one_family_importable_from_msdmt():
    from msdmt import errors

    for name in ("MsdmtError", "DataError", "NotFoundError", "AmbiguousError", "UsageError"):
        assert getattr(msdmt, name) is getattr(errors, name)
        assert name in msdmt.__all__
        assert issubclass(getattr(msdmt, name), msdmt.MsdmtError)


@pytest.mark.parametrize("ask, message", [
    (lambda c: c.therapy("xyzzy"), "no therapy named 'xyzzy'; 'msdmt therapies' lists them"),
    (lambda c: c.therapy("alemtuzumb"), "no therapy named 'alemtuzumb'; did you mean 'alemtuzumab'?"),
    (lambda c: c.trial("CAREMS3"), "no trial named 'CAREMS3'; did you mean 'CARE-MS-I' or 'CARE-MS-II'?"),
    (lambda c: c.trials(therapy="xyzzy"), "no therapy named 'xyzzy'; 'msdmt therapies' lists them"),
    (lambda c: c.compare(["AFFIRM", "xyzzy"]), "no trial named 'xyzzy'; 'msdmt trials' lists them"),
    (lambda c: c.chart(["AFFIRM", "xyzzy"]), "no trial named 'xyzzy'; 'msdmt trials' lists them"),
    (lambda c: c.adverse_events("xyzzy"), "no therapy named 'xyzzy'; 'msdmt therapies' lists them"),
    (lambda c: c.therapy(" "), "no therapy name given"),
])
def test_not_found(cat, ask, message):
    with pytest.raises(msdmt.NotFoundError) as exc:
        ask(cat)
    assert str(exc.value) == message


@pytest.mark.parametrize("ask", [
    lambda c: c.therapy("interferon beta-1a"),
    lambda c: c.adverse_events("interferon beta-1a"),
])
def test_ambiguous_names_list_the_candidate_ids(cat, ask):
    with pytest.raises(msdmt.AmbiguousError) as exc:
        ask(cat)
    assert exc.value.candidates == ["interferon-beta-1a-im", "interferon-beta-1a-sc"]
    assert str(exc.value) == (
        "'interferon beta-1a' matches more than one therapy: interferon-beta-1a-im (Interferon β-1a IM, Avonex); "
        "interferon-beta-1a-sc (Interferon β-1a SC, Rebif). Name one of them.")


@pytest.mark.parametrize("name, ids", [
    ("interferon beta-1a", ["interferon-beta-1a-im", "interferon-beta-1a-sc"]),
    ("interferon", ["interferon-beta-1b-sc", "interferon-beta-1a-im", "interferon-beta-1a-sc"]),
    ("rebif", ["interferon-beta-1a-sc"]),
])
def test_trials_of_a_name_several_therapies_share_list_the_trials_of_each(cat, name, ids):
    """trials and compare --therapy take every therapy a name could mean; filters name them all by id."""
    view = cat.trials(therapy=name)
    assert view.filters == {"therapy": ids, "comparator": None, "phase": None}
    expected = [t["id"] for t in cat.data["trials"]
                if any(i in t["therapies"] or any(a["therapy"] == i for a in t["arms"]) for i in ids)]
    assert [t["id"] for t in view.trials] == expected
    assert set(expected) == {t["id"] for i in ids for t in cat.trials(therapy=i).trials}  # each one's trials


def test_interferon_beta_1a_is_both_the_im_and_the_sc_trials(cat):
    assert [t["id"] for t in cat.trials(therapy="interferon beta-1a").trials] == [
        "TRANSFORMS", "CARE-MS-I", "CARE-MS-II", "CAMMS223", "CAMMS223-EXT"]  # IM: TRANSFORMS; SC: the others


def test_a_beginning_of_several_names_is_ambiguous(cat):
    with pytest.raises(msdmt.AmbiguousError) as exc:
        cat.therapy("ifn")
    assert exc.value.candidates == ["interferon-beta-1b-sc", "interferon-beta-1a-im", "interferon-beta-1a-sc"]


@pytest.mark.parametrize("ask, message", [
    (lambda c: c.trials(comparator="sham"), "unknown comparator 'sham'; choose from placebo, active"),
    (lambda c: c.therapies(route="patch"), "unknown route 'patch'; choose from SC, IM, IV, oral"),
    (lambda c: c.adverse_events(sort="size"), "unknown sort 'size'; choose from rate, event, category, source"),
    (lambda c: c.adverse_events(category="cardiac"),
     "unknown category 'cardiac'; choose from infusion, infection, autoimmune, malignancy, haematological"),
    (lambda c: c.compare(["CARE-MS-I"]), "compare needs at least two trials"),
    (lambda c: c.compare(["CARE-MS-I", "care-ms-1"]), "trial CARE-MS-I named twice; compare needs different trials"),
    (lambda c: c.chart(["CARE-MS-I"]), "compare needs at least two trials"),
    (lambda c: c.search("  "), "search needs some text to look for"),
])
def test_bad_choices_are_usage_errors(cat, ask, message):
    with pytest.raises(msdmt.UsageError) as exc:
        ask(cat)
    assert str(exc.value) == message


def test_choices_take_the_enum_or_its_text_in_any_case(cat):
    from msdmt.core.choices import Category, ComparatorType, Route, Sort

    assert cat.trials(comparator=ComparatorType.placebo).to_dict() == cat.trials(comparator="PLACEBO").to_dict()
    assert cat.therapies(Route.IV).to_dict() == cat.therapies("iv").to_dict()
    assert (cat.adverse_events(sort=Sort.event, category=Category.malignancy).to_dict()
            == cat.adverse_events(sort="EVENT", category="Malignancy").to_dict())


def test_open_with_a_broken_data_directory_raises_data_error_with_problems(tmp_path):
    from conftest import copy_bundled

    d = copy_bundled(tmp_path)
    trials = (d / "trials.yaml").read_text(encoding="utf-8")
    assert trials.splitlines()[12] == "    phase: 3"
    (d / "trials.yaml").write_text(trials.replace("    phase: 3\n", "    phase: three\n", 1), encoding="utf-8")
    with pytest.raises(msdmt.DataError) as exc:
        msdmt.open(d, bundled=False)
    assert exc.value.problems == [f"{d / 'trials.yaml'}:13: trials.0.phase: Input should be a valid integer"]
    assert str(exc.value) == "\n".join(exc.value.problems)
    cli = run("--no-bundled", "--data-dir", str(d), "trials", "--json")
    assert (cli.exit_code, cli.stdout, cli.stderr) == (1, "", f"msdmt: {exc.value.problems[0]}\n")


def test_open_a_missing_directory_raises_data_error(tmp_path):
    with pytest.raises(msdmt.DataError) as exc:
        msdmt.open(tmp_path / "nowhere")
    assert exc.value.problems == [f"{tmp_path / 'nowhere'}: data directory not found"]


def test_open_a_directory_of_your_own_answers_from_it(tmp_path):
    from conftest import copy_bundled

    d = copy_bundled(tmp_path)
    text = (d / "therapies.yaml").read_text(encoding="utf-8")
    (d / "therapies.yaml").write_text(text.replace("    brand: Lemtrada\n", "    brand: Examplebrand\n", 1),
                                      encoding="utf-8")
    view = msdmt.open(d, bundled=False).therapy("Examplebrand")
    assert view.therapy["id"] == "alemtuzumab"
    assert view.to_dict() == run("--no-bundled", "--data-dir", str(d), "therapy", "Examplebrand", "--json").json()


# -- import msdmt stays light ----------------------------------------------------------
def test_import_msdmt_imports_no_heavy_module():
    import subprocess
    import sys

    probe = ("import json, sys, msdmt; "
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'typer', 'click', 'rich', 'pydantic', 'pydantic_core', 'yaml', 'jsonschema'})))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == []


def test_the_catalog_class_is_reachable_from_msdmt(cat):
    assert msdmt.Catalog is Catalog and isinstance(cat, msdmt.Catalog)
    with pytest.raises(AttributeError):
        msdmt.NoSuchThing  # noqa: B018


def test_a_warm_lookup_through_the_api_imports_no_heavy_module(tmp_path):
    import os
    import subprocess
    import sys

    probe = ("import json, sys, msdmt; msdmt.open().trial('care ms 2').to_dict(); "
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'typer', 'click', 'rich', 'pydantic', 'pydantic_core', 'yaml', 'jsonschema'})))")
    env = {**os.environ, "MSDMT_CACHE_DIR": str(tmp_path / "cache")}
    imported = []
    for _ in range(2):  # cold: validates with pydantic and yaml; warm: reads the cache
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env)
        assert (result.returncode, result.stderr) == (0, "")
        imported.append(json.loads(result.stdout))
    assert imported == [["pydantic", "pydantic_core", "yaml"], []]


def test_an_ambiguous_name_lists_a_therapy_without_a_brand_by_its_name():
    def therapy(id_: str, name: str, brand: str | None) -> dict:
        return {"id": id_, "name": name, "brand": brand, "generic": "exampledrug", "aliases": []}

    made_up = Catalog({"sources": [], "facts": [], "trials": [],
                       "therapies": [therapy("exampledrug-sc", "Exampledrug SC", "Examplebrand"),
                                     therapy("exampledrug-iv", "Exampledrug IV", None)]})
    with pytest.raises(msdmt.AmbiguousError) as exc:
        made_up.therapy("exampledrug")
    assert str(exc.value) == ("'exampledrug' matches more than one therapy: exampledrug-sc (Exampledrug SC, "
                              "Examplebrand); exampledrug-iv (Exampledrug IV). Name one of them.")
    assert exc.value.candidates == ["exampledrug-sc", "exampledrug-iv"]
