"""Shell completion of values, through the protocol the installed completion scripts speak.

typer (0.27, 0.28) runs completion when ``_MSDMT_COMPLETE`` is set, in its own
instruction order, ``complete_<shell>`` (click 8's own scripts send
``<shell>_complete``; typer answers that with "Shell complete not supported.").
bash sends the words in ``COMP_WORDS`` and the index of the word being
completed in ``COMP_CWORD``; zsh and fish send the command line up to the cursor
in ``_TYPER_COMPLETE_ARGS``. ``msdmt --show-completion`` prints the scripts; the
first test pins them to the protocol the others use.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import EXAMPLE_SOURCE, copy_bundled, data_dir, example_trial
from msdmt import completion
from msdmt.cli import _completer
from msdmt.completion import Candidate, Names, candidates, fits, pick

ENTRY = shutil.which("msdmt", path=str(Path(sys.executable).parent))
COMMAND = [ENTRY] if ENTRY else [sys.executable, "-m", "msdmt"]
CA = ["CARE-MS-I", "CARE-MS-II", "CAMMS223", "CAMMS223-EXT", "CAMBRIDGE-OPEN-LABEL"]

slow = pytest.mark.slow  # subprocesses: deselect locally with -m 'not slow'


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("_MSDMT", "_TYPER", "COMP_"))}
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, env={**base, **env}, timeout=60)


def complete(line: str, shell: str = "bash", env: dict[str, str] | None = None) -> list[str]:
    """The candidates the shell would get for the command line ``line`` (cursor at its end); nothing on stderr."""
    if shell == "bash":
        words = shlex.split(line)
        cword = len(words) if line.endswith(" ") else len(words) - 1
        protocol = {"COMP_WORDS": line, "COMP_CWORD": str(cword)}
    else:
        protocol = {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = run({"_MSDMT_COMPLETE": f"complete_{shell}", **protocol, **(env or {})})
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    return [] if lines == [""] else lines  # bash: an empty line when there is nothing to offer


def zsh(values: list[str]) -> list[str]:
    """What typer's zsh completion prints for these values (no help texts)."""
    if not values:
        return ["_files"]
    return ("_arguments '*: :((" + "\n".join(f'"{v}"' for v in values) + "))'").splitlines()


# -- the scripts and the protocol --------------------------------------------------------
@slow
@pytest.mark.parametrize("shell, fragment", [
    ("bash", "COMP_CWORD=$COMP_CWORD \\\n                   _MSDMT_COMPLETE=complete_bash"),
    ("zsh", '_TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _MSDMT_COMPLETE=complete_zsh msdmt'),
    ("fish", "_MSDMT_COMPLETE=complete_fish _TYPER_COMPLETE_FISH_ACTION=get-args _TYPER_COMPLETE_ARGS=(commandline -cp)"),
])
def test_show_completion_prints_the_script_that_speaks_this_protocol(shell, fragment):
    # _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION makes the options take the shell's name instead of detecting it.
    result = run({"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}, "--show-completion", shell)
    assert (result.returncode, result.stderr) == (0, "")
    assert fragment in result.stdout


@slow
def test_install_completion_writes_the_bash_script(tmp_path):
    result = run({"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1", "HOME": str(tmp_path)},
                 "--install-completion", "bash")
    assert result.returncode == 0, result.stderr
    assert "_MSDMT_COMPLETE=complete_bash" in (tmp_path / ".bash_completions" / "msdmt.sh").read_text()
    assert "source" in (tmp_path / ".bashrc").read_text()


@slow
@pytest.mark.skipif(not (ENTRY and shutil.which("bash")), reason="needs bash and the installed msdmt script")
def test_the_bash_script_itself_fills_compreply():
    script = run({"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}, "--show-completion", "bash").stdout
    session = (script + "\nCOMP_WORDS=(msdmt trial ca); COMP_CWORD=2; _msdmt_completion msdmt\n"
               'printf "%s\\n" "${COMPREPLY[@]}"\n')
    path = f"{Path(ENTRY).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run(["bash", "--norc", "--noprofile", "-c", session], capture_output=True, text=True,
                            env={**os.environ, "PATH": path}, timeout=60)
    assert (result.stdout.splitlines(), result.stderr) == (CA, "")


@slow
def test_trial_ca_completes_the_trials_beginning_with_ca():
    # The acceptance test: CARE-MS-I, CARE-MS-II and CAMMS223 (and the other two ids beginning with CA).
    assert complete("msdmt trial CA") == CA


@slow
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_trial_ids_in_every_shell_any_case(shell):
    expected = zsh(CA) if shell == "zsh" else CA
    assert complete("msdmt trial CA", shell) == expected
    assert complete("msdmt trial ca", shell) == expected


@slow
def test_fish_asks_first_whether_there_are_values_and_gets_files_otherwise():
    def is_args(line):
        return run({"_MSDMT_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "is-args",
                    "_TYPER_COMPLETE_ARGS": line})
    assert [is_args("msdmt trial CA").returncode, is_args("msdmt trial XYZ").returncode] == [0, 1]
    assert is_args("msdmt trial XYZ").stderr == ""


@slow
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_a_brand_beginning_gives_the_brand(shell):
    assert complete("msdmt therapy Lem", shell) == (zsh(["Lemtrada"]) if shell == "zsh" else ["Lemtrada"])


@slow
@pytest.mark.parametrize("line, expected", [
    # ids and brands, in the order of Table 1
    ("msdmt therapy ", ["interferon-beta-1b-sc", "Betaseron", "interferon-beta-1a-im", "Avonex", "glatiramer-acetate",
                        "Copaxone", "mitoxantrone", "Novantrone", "interferon-beta-1a-sc", "Rebif", "natalizumab",
                        "Tysabri", "fingolimod", "Gilenya", "teriflunomide", "Aubagio", "dimethyl-fumarate",
                        "Tecfidera", "alemtuzumab", "Lemtrada"]),
    ("msdmt therapy lem", ["Lemtrada"]),
    ("msdmt therapy a", ["Avonex", "Aubagio", "alemtuzumab"]),
    ("msdmt therapy interferon-β", ["interferon-beta-1b-sc", "interferon-beta-1a-im", "interferon-beta-1a-sc"]),
    ("msdmt therapy INTERFERON-ß-1A", ["interferon-beta-1a-im", "interferon-beta-1a-sc"]),
    ("msdmt therapy dm", ["DMF"]),  # a one-word alias when no id or brand fits
    ("msdmt therapy fty", ["FTY720"]),
    ("msdmt therapy ifn", []),  # IFNB-1b alone would hide "IFN β-1a IM" and "IFN β-1a SC"
    ("msdmt therapy alemtuzumab ", []),  # only the first word of a name
    ("msdmt trials --therapy reb", ["Rebif"]),
    ("msdmt adverse-events Lem", ["Lemtrada"]),
    ("msdmt trial carems", ["CARE-MS-I", "CARE-MS-II"]),
    ("msdmt trial 7", ["7yr"]),
    ("msdmt trial CARE-MS-I ", []),
    ("msdmt compare CARE-MS-I ca", ["CARE-MS-II", "CAMMS223", "CAMMS223-EXT", "CAMBRIDGE-OPEN-LABEL"]),
    ("msdmt compare affirm care-ms-2 CA", ["CARE-MS-I", "CAMMS223", "CAMMS223-EXT", "CAMBRIDGE-OPEN-LABEL"]),
    ("msdmt schema c", ["compare", "chart"]),
    ("msdmt schema ", ["therapies", "therapy", "trials", "trial", "compare", "chart", "adverse-events", "search",
                       "validate", "audit", "glossary", "sources"]),
])
def test_values_complete(line, expected):
    assert complete(line) == expected


@slow
@pytest.mark.parametrize("line, expected", [
    ("msdmt therapies --route ", ["SC", "IM", "IV", "oral"]),
    ("msdmt therapies --route i", ["IM", "IV"]),
    ("msdmt therapies --route OR", ["oral"]),
    ("msdmt trials --comparator p", ["placebo"]),
    ("msdmt adverse-events --category ma", ["malignancy"]),
    ("msdmt adverse-events --sort ", ["rate", "event", "category", "source"]),
    ("msdmt trial CARE-MS-I --format ", ["table", "json", "csv", "markdown"]),
    ("msdmt trial CARE-MS-I -f M", ["markdown"]),
    ("msdmt compare AFFIRM CONFIRM --format j", ["json"]),
])
def test_choices_complete_through_their_enums(line, expected):
    assert complete(line) == expected


@slow
@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_choices_in_zsh_and_fish(shell):
    expected = ["SC", "IM", "IV", "oral"]
    assert complete("msdmt therapies --route ", shell) == (zsh(expected) if shell == "zsh" else expected)


PROBE = """
import sys
from msdmt.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("\\nCOMPLETION-MODULE " + str("msdmt.completion" in sys.modules) + "\\n")
"""


@slow
@pytest.mark.parametrize("args, env, loaded", [
    (["--help"], {}, False),
    (["trial", "CARE-MS-I", "--json"], {}, False),
    ([], {"_MSDMT_COMPLETE": "complete_bash", "COMP_WORDS": "msdmt trial CA", "COMP_CWORD": "2"}, True),
])
def test_the_completion_module_is_imported_only_when_completing(args, env, loaded):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("_MSDMT", "COMP_"))}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                            env={**base, **env}, timeout=60)
    assert result.stderr.splitlines()[-1] == f"COMPLETION-MODULE {loaded}"


# -- which data ----------------------------------------------------------------------------
@pytest.fixture()
def canary_dir(tmp_path):
    """A directory to add to the bundled data: one made-up trial, CANARY, from a source of type example."""
    return data_dir(tmp_path / "added", sources=EXAMPLE_SOURCE, trials=example_trial("CANARY", "natalizumab"))


@pytest.fixture()
def canary_copy(tmp_path):
    """The bundled data with one more alias, to be used alone (--no-bundled): AFFIRM is also CANARY."""
    copy_bundled(tmp_path)
    trials = tmp_path / "trials.yaml"
    text = trials.read_text(encoding="utf-8")
    assert "    name: AFFIRM\n    aliases: []\n" in text
    trials.write_text(text.replace("    name: AFFIRM\n    aliases: []\n", "    name: AFFIRM\n    aliases: [CANARY]\n"),
                      encoding="utf-8")
    return tmp_path


@slow
def test_values_come_from_the_data_dir_on_the_command_line(canary_dir):
    assert complete("msdmt trial CAN") == []
    assert complete(f"msdmt --data-dir {shlex.quote(str(canary_dir))} trial CAN") == ["CANARY"]
    assert complete(f"msdmt --data-dir {shlex.quote(str(canary_dir))} trial CAN", "zsh") == zsh(["CANARY"])
    assert complete(f"msdmt --data-dir {shlex.quote(str(canary_dir))} trial CA") == CA + ["CANARY"]  # added to


@slow
def test_values_come_from_msdmt_data_dir(canary_dir):
    assert complete("msdmt trial CAN", env={"MSDMT_DATA_DIR": f"{os.pathsep}{canary_dir}"}) == ["CANARY"]


@slow
def test_values_follow_no_bundled(canary_copy):
    assert complete(f"msdmt --no-bundled --data-dir {shlex.quote(str(canary_copy))} trial CAN") == ["CANARY"]
    assert complete("msdmt --no-bundled trial CAN", env={"MSDMT_DATA_DIR": str(canary_copy)}) == ["CANARY"]
    assert complete("msdmt --no-bundled trial CA") == []  # no data at all: nothing, and nothing on stderr


@slow
@pytest.mark.parametrize("broken", ["missing", "file", "invalid"])
def test_a_broken_data_dir_gives_no_candidates_and_no_error(tmp_path, broken):
    target = tmp_path / "data"
    if broken == "file":
        target.write_text("not a directory")
    elif broken == "invalid":
        target.mkdir()
        copy_bundled(target).joinpath("trials.yaml").write_text("trials: [\n")
    assert complete(f"msdmt --data-dir {shlex.quote(str(target))} trial CA") == []  # complete() checks stderr is empty
    assert complete("msdmt trial CA", env={"MSDMT_DATA_DIR": str(target)}) == []
    assert complete(f"msdmt --data-dir {shlex.quote(str(target))} trial --f") == ["--format", "--full"]


# -- endpoint measures, for an --endpoint option -----------------------------------------------
def _app_with_endpoint_option() -> typer.Typer:
    """A command shaped like ``msdmt trial`` with ``--endpoint``, the hook attached as msdmt will attach it."""
    app = typer.Typer()

    @app.command()
    def trial(trial_id: list[str] = typer.Argument(..., autocompletion=_completer("trial")),  # noqa: B008
              endpoint: str = typer.Option("", autocompletion=_completer("endpoint"))) -> None:  # noqa: B008
        pass

    return app


def complete_in_process(app: typer.Typer, line: str) -> list[str]:
    words = shlex.split(line)
    env = {"_MSDMT_COMPLETE": "complete_bash", "COMP_WORDS": line,
           "COMP_CWORD": str(len(words) if line.endswith(" ") else len(words) - 1)}
    result = CliRunner().invoke(app, [], env=env, prog_name="msdmt")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    return [] if lines == [""] else lines


def test_endpoint_measures_of_the_trial_named(data):
    app = _app_with_endpoint_option()
    care = list(dict.fromkeys(e["measure"] for t in data["trials"] if t["id"] == "CARE-MS-I" for e in t["endpoints"]))
    assert complete_in_process(app, "msdmt care ms 1 --endpoint ") == care
    assert complete_in_process(app, "msdmt CARE-MS-I --endpoint RELAPSE") == ["relapse-free", "relapsed"]
    assert complete_in_process(app, "msdmt AFFIRM --endpoint relapse") == []


def test_endpoint_measures_of_every_trial_when_none_is_named(data):
    every = list(dict.fromkeys(e["measure"] for t in data["trials"] for e in t["endpoints"]))
    assert completion.endpoints(None, "") == every
    assert completion.endpoints(None, "sustained-disability-r") == [
        "sustained-disability-reduction-6m", "sustained-disability-reduction-12m"]
    assert complete_in_process(_app_with_endpoint_option(), "msdmt --endpoint edss") == ["edss-mean-change"]


# -- matching ----------------------------------------------------------------------------------
def test_a_candidate_begins_with_what_was_typed_folded_as_lookups_fold():
    assert fits("CARE-MS-I", "ca") and fits("CARE-MS-I", "care ms") and fits("interferon-beta-1a-sc", "Interferon-β")
    assert fits("interferon-beta-1a-sc", "interferon-ß") and fits("Lemtrada", "")
    assert not fits("CAMMS223", "care")
    # typer keeps an autocompletion value only if value.startswith(incomplete): Candidate folds that test too.
    assert Candidate("CARE-MS-I").startswith("ca") and not Candidate("CARE-MS-I").startswith("af")
    assert Candidate("CARE-MS-I").startswith("MS", 5) and not Candidate("CARE-MS-I").startswith("ms", 5)
    assert str(Candidate("CARE-MS-I")) == "CARE-MS-I" and f"{Candidate('CARE-MS-I')}" == "CARE-MS-I"


def test_other_names_only_where_no_main_name_fits_and_none_is_hidden():
    records = [Names(["alpha-one", "Brandy"], ["AO", "AO1"], ["alpha-one", "Brandy", "AO", "AO1", "alpha one"]),
               Names(["beta-two"], ["B2"], ["beta-two", "B2", "a beta"])]
    assert pick(records, "") == ["alpha-one", "Brandy", "beta-two"]
    assert pick(records, "a") == ["alpha-one"]  # the main name fits: its aliases are not offered
    assert pick(records, "ao") == ["AO", "AO1"]
    assert pick(records, "b") == ["Brandy", "beta-two"]
    records.append(Names(["gamma"], [], ["gamma", "AO gamma"]))  # "ao" now also begins a name that cannot be offered
    assert pick(records, "ao") == []


def test_completion_never_raises_and_never_writes_to_stderr(capsys, monkeypatch):
    def broken(ctx, incomplete):
        print("noise", file=sys.stderr)
        raise RuntimeError("a bug")

    monkeypatch.setitem(completion.KINDS, "trial", broken)
    assert candidates("trial", None, "CA") == []
    assert candidates("no such kind", None, "") == []
    assert capsys.readouterr() == ("", "")
