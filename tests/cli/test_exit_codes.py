"""Every command of the parser, given bad input: exit 1 and one line for a user's error,
exit 2 only for a usage error, exit 0 for ``--help`` (issue 28).

The commands are read from the parser itself, so a command added later is walked too
(and fails :func:`test_every_command_has_a_bad_input` until it is given one here).

Imports the command line's private ``cli._parse`` to make one command fail on purpose.
"""

from __future__ import annotations

import argparse
import re

import pytest

from microcommerce.cli import EXIT_CODES, build_parser, main
from microcommerce.cli import _parse as parse_command


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Yield ``(path, parser)`` for every command and sub-command, as the parser has them."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands(build_parser()))
TOP = sorted(path[0] for path in COMMANDS if len(path) == 1)
#: the commands that run (those with sub-commands only choose one)
LEAVES = [p for p, sub in COMMANDS.items() if not any(q[: len(p)] == p != q for q in COMMANDS)]


def _said(capsys, command: str) -> str:
    """The one line ``microcommerce COMMAND: …`` on stderr (after any progress bar)."""
    err = capsys.readouterr().err
    said = re.findall(rf"microcommerce {command}: .*", err)
    assert len(said) == 1 and "Traceback" not in err, err
    return said[0]


#: A user's error for each command: its arguments ({tmp} is a fresh folder) and what the
#: one line on stderr must name.
BAD_INPUTS = {
    "parse": [(["parse", "--date", "July 22nd"], "no year in 'July 22nd'")],
    "clean": [
        (["clean", "orders", "{tmp}/nope.csv"], "nope.csv: no such file"),
        (["clean", "orders", "{tmp}/nope.csv", "--column", "单据"], "expected HEADER=COLUMN"),
        (["clean", "sellers", "{tmp}/nope.csv", "--seller", "x"], "--seller is for order"),
        (["clean", "orders", "{tmp}", "--alias", "shop:a=b"], "--alias 'shop:a=b'"),
    ],
    "inspect": [(["inspect", "{tmp}/nope.xlsx"], "nope.xlsx: no such file")],
    "datasets": [
        (["datasets", "show", "nope"], "no dataset 'nope'"),
        (["datasets", "export", "events", "-o", "{tmp}/e.doc"], "cannot write '.doc' files"),
    ],
    "simulate": [
        (["simulate", "--months", "0", "-q", "-o", "{tmp}/s"], "expected months ≥ 1"),
        (["simulate", "--messy", "--dataset", "-o", "{tmp}/s"], "--messy writes one set"),
    ],
    "analyse": [
        (["analyse", "market", "{tmp}/none", "-o", "{tmp}/t"], "none: no Parquet dataset"),
    ],
    "reproduce": [
        (["reproduce", "--only", "nope", "-q", "--out", "{tmp}/r"], "unknown notebooks ['nope']"),
        (["reproduce", "--jobs", "0", "-q", "--out", "{tmp}/r"], "jobs=0: expected at least 1"),
    ],
}


def test_every_command_has_a_bad_input():
    assert sorted(BAD_INPUTS) == TOP


@pytest.mark.parametrize(
    ("argv", "needle"), [case for cases in BAD_INPUTS.values() for case in cases], ids=str
)
def test_a_users_error_is_one_line_and_exit_1(tmp_path, capsys, argv, needle):
    argv = [a.format(tmp=tmp_path) for a in argv]
    assert main(argv) == 1
    if argv[0] == "parse":  # parse prints each text's fields, the error among them
        out = capsys.readouterr().out
        assert f"error      {needle}" in out, out
        return
    said = _said(capsys, argv[0])
    assert needle in said, said


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
def test_a_usage_error_exits_2_naming_the_option(capsys, path):
    """An unknown option, and a value of the wrong type or outside the choices, of each option."""
    sub = COMMANDS[path]
    cases = [(["--no-such-option"], "--no-such-option")]
    for action in sub._actions:
        if action.option_strings and (action.type is int or action.choices):
            cases.append(([action.option_strings[-1], "many"], action.option_strings[-1]))
    for extra, named in cases:
        with pytest.raises(SystemExit) as exited:
            main([*path, *extra])
        assert exited.value.code == 2, (path, extra)
        err = capsys.readouterr().err
        last = err.strip().splitlines()[-1]
        # unknown arguments are the top parser's to report, the rest the command's own
        assert re.match(rf"microcommerce( {' '.join(path)})?: error: ", last), err
        assert named in last or "required" in last, err


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda p: " ".join(p) or "microcommerce")
def test_help_of_every_command_exits_0(capsys, path):
    with pytest.raises(SystemExit) as exited:
        main([*path, "--help"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: {' '.join(('microcommerce', *path))}")


@pytest.mark.parametrize("parts", [[], ["--chunksize", "1"]], ids=["whole", "chunks"])
def test_an_export_without_dates_is_named_once(tmp_path, capsys, parts):
    undated = tmp_path / "undated.csv"
    undated.write_text("订单号,金额\n1,2\n", encoding="utf-8")
    assert main(["clean", "orders", str(undated), "-o", str(tmp_path / "o"), *parts]) == 1
    said = _said(capsys, "clean")
    assert said.count("undated.csv") == 1 and said.endswith("with --date YYYY-MM-DD"), said


def test_an_interrupt_is_130_and_one_line(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(parse_command, "run", interrupted)
    assert main(["parse", "1"]) == 130
    assert _said(capsys, "parse") == "microcommerce parse: interrupted"


def test_a_bug_keeps_its_traceback_and_debug_keeps_a_users_error(monkeypatch):
    def broken(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(parse_command, "run", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        main(["parse", "1"])
    monkeypatch.setattr(parse_command, "run", lambda args: _raise(ValueError("no year")))
    with pytest.raises(ValueError, match="no year"):  # a user's error, raised as it is
        main(["--debug", "parse", "1"])


def _raise(exc: BaseException) -> int:
    raise exc


def test_a_message_is_escaped_and_on_one_line(monkeypatch, capsys):
    message = "bad cell 'a\u202eb'\n  on two lines"
    monkeypatch.setattr(parse_command, "run", lambda args: _raise(OSError(message)))
    assert main(["parse", "1"]) == 1
    said = _said(capsys, "parse")
    assert "\u202e" not in said and said.endswith("bad cell 'a\\u202eb' on two lines"), said


def test_exit_codes_are_one_table_read_first_match_first():
    assert EXIT_CODES[0] == (KeyboardInterrupt, 130)
    assert {code for _, code in EXIT_CODES[1:]} == {1}
