"""One error tree: each kind of mistake raises its class of ``microcommerce.errors``.

Every class is also the builtin an earlier version raised (``ValueError``, ``TypeError``,
``KeyError`` …), so code written against that version keeps catching it; the tests below
check both, and the message word for word, for one representative raise of each kind.
The rule that nothing else is raised is checked over the whole package by
``tests/test_architecture.py``.
"""

from __future__ import annotations

import pickle
import sys
import warnings

import pandas as pd
import pytest

import microcommerce as mc
from microcommerce import datasets, errors
from microcommerce.analyses.timeseries import fit_bass
from microcommerce.core import import_dask
from microcommerce.errors import (
    DecodeError,
    FileNotFoundInputError,
    FitError,
    InputError,
    InternalError,
    MicrocommerceError,
    MissingColumnsError,
    MixedUnitsError,
    OptionalDependencyError,
    OutputError,
    ParameterError,
    ParameterTypeError,
    SchemaError,
    UnknownDatasetError,
    UnknownNameError,
)
from microcommerce.io import staged_files

CLASSES = [
    value
    for name in errors.__all__
    if isinstance(value := getattr(errors, name), type) and issubclass(value, BaseException)
]


# ---------------------------------------------------------------------------
# the tree
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "builtins_"),
    [
        (ParameterError, (ValueError,)),
        (ParameterTypeError, (ValueError, TypeError)),
        (UnknownNameError, (ValueError, KeyError)),
        (UnknownDatasetError, (ValueError, KeyError)),
        (MissingColumnsError, (ValueError,)),
        (SchemaError, (ValueError,)),
        (FitError, (ValueError,)),
        (OptionalDependencyError, (ImportError,)),
        (OutputError, (OSError,)),
    ],
)
def test_each_class_is_also_the_builtin_it_replaces(cls, builtins_):
    assert issubclass(cls, MicrocommerceError)
    assert all(issubclass(cls, b) for b in builtins_), cls.__mro__


#: One retail order, the least an analysis of orders reads.
_ONE_ORDER = pd.DataFrame(
    {
        "date": pd.to_datetime(["2015-01-01"]),
        "seller_id": ["s1"],
        "kind": ["retail"],
        "quantity": [1],
        "amount": [1.0],
    }
)


def test_a_bug_is_an_assertion_error_outside_the_tree():
    # ``except MicrocommerceError`` is for what a user can correct; a broken invariant is not
    assert issubclass(InternalError, AssertionError)
    assert not issubclass(InternalError, MicrocommerceError)


def test_the_tree_names_every_class_once_with_its_builtins():
    tree = errors.error_tree()
    names = [line.split("── ")[-1].split(" (")[0] for line in tree.splitlines()]
    assert sorted(names) == sorted(c.__name__ for c in CLASSES)
    assert "├── ParameterTypeError (TypeError)" in tree
    assert "│   └── UnknownNameError (KeyError)" in tree
    assert "│       └── UnknownDatasetError" in tree
    assert tree.splitlines()[-1] == "InternalError (AssertionError)"


def test_an_unknown_name_reads_as_written_and_suggests_the_closest():
    err = UnknownNameError("unknown layout 'taobo'", name="taobo", known=["taobao", "jd_pop"])
    assert str(err) == "unknown layout 'taobo'; did you mean 'taobao'?"  # no KeyError quotes
    assert err.close == ("taobao",) and err.known == ("taobao", "jd_pop")
    far = UnknownNameError("unknown layout 'zzz'", name="zzz", known=["taobao"])
    assert str(far) == "unknown layout 'zzz'" and far.close == ()
    assert str(UnknownNameError("no such name", name=3, known=["a"])) == "no such name"


@pytest.mark.parametrize(
    "err",
    [
        MissingColumnsError(
            "demo: missing ['a']", "cli", missing=["a"], available=["b"], path="x.csv"
        ),
        MixedUnitsError("demo", {"persons": 2, "percent": 1}, option="unit='persons'"),
        UnknownDatasetError("no dataset 'fact'", name="fact", known=["facts", "fx"]),
        DecodeError("byte 7 is not utf-8", offset=7, encodings=["utf-8"], path="a.csv"),
        FileNotFoundInputError("no such file", path="a.csv"),
        OutputError("the file system is read-only", path="out", errno=30),
        ParameterTypeError("by=[1]: expected column names"),
    ],
    ids=lambda err: type(err).__name__,
)
def test_every_error_survives_pickling_as_between_dask_processes(err):
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err)
    assert str(again) == str(err) and again.args == err.args
    assert vars(again) == vars(err)
    if isinstance(err, OSError):
        assert (again.errno, again.filename) == (err.errno, err.filename)


# ---------------------------------------------------------------------------
# one representative raise of each kind, caught by its class and by the old builtin
# ---------------------------------------------------------------------------


def test_a_bad_option_is_a_parameter_error():
    orders = pd.DataFrame({"amount": [1.0]})
    with pytest.raises(ParameterError) as caught:
        mc.sold_orders(orders, status="gross")
    assert str(caught.value) == "status='gross': expected one of sold, all"
    with pytest.raises(ValueError, match="years_to_clear: stock=-1: expected units ≥ 0"):
        mc.years_to_clear(-1, 100)


def test_a_wrong_type_is_a_parameter_type_error_and_still_a_type_error():
    with pytest.raises(TypeError) as caught:
        mc.market_size(_ONE_ORDER, by=["category", 1])
    assert isinstance(caught.value, ParameterTypeError)
    assert str(caught.value) == "by=['category', 1]: expected column names (text), got [1]"
    with pytest.raises(ParameterTypeError) as caught:
        mc.clean_orders([["A1", "2014-03-05"]])
    assert str(caught.value) == "raw: expected a DataFrame of text (see read_table), got list"


def test_an_unknown_table_is_an_unknown_name_error_and_still_a_key_error():
    with pytest.raises(KeyError) as caught:
        mc.validate(pd.DataFrame(), "order")
    assert isinstance(caught.value, UnknownNameError)
    assert str(caught.value) == (
        "unknown table 'order'; the tables are orders, sellers, inventory; did you mean 'orders'?"
    )
    with pytest.raises(UnknownNameError) as caught:
        mc.readable(pd.DataFrame({"units": [1]}), counts=["unit"])
    assert str(caught.value) == (
        "counts: no column ['unit'] in the table; it has ['units']; did you mean 'units'?"
    )


def test_an_unknown_dataset_names_the_datasets_and_the_closest():
    with pytest.raises(UnknownDatasetError) as caught:
        datasets.load("fact")
    assert str(caught.value) == (
        "no dataset 'fact'; the datasets are events, facts, fx, online_retail, seed_claims, "
        "wechat_users; did you mean 'facts'?"
    )
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, ParameterError)
    assert caught.value.close == ("facts",) and caught.value.known == tuple(datasets.names())


def test_an_analysis_missing_a_column_raises_what_cleaning_raises():
    orders = pd.DataFrame({"date": pd.to_datetime(["2015-01-01"]), "seller_id": ["s1"]})
    with pytest.raises(MissingColumnsError) as caught:
        mc.market_size(orders)
    err = caught.value
    assert str(err) == (
        "market_size: columns should include ['date', 'seller_id', 'kind', 'quantity', "
        "'amount']; missing ['kind', 'quantity', 'amount']; they come from clean_orders "
        "(or simulate_pyramid); the frame has ['date', 'seller_id']"
    )
    assert err.missing == ["kind", "quantity", "amount"]
    assert err.available == ["date", "seller_id"]
    assert err.cli_message == str(err)  # the command line shows the same words
    # the same class as cleaning's, for an export whose headers give no amount
    with pytest.raises(MissingColumnsError) as cleaning:
        mc.clean_orders(pd.DataFrame({"订单号": ["A1"], "下单时间": ["2014-03-05"]}))
    assert "amount" in cleaning.value.missing


def test_raw_text_where_an_analysis_needs_numbers_is_a_schema_error():
    raw = pd.DataFrame(
        {"date": pd.to_datetime(["2015-01-01"]), "seller_id": ["s1"], "kind": ["retail"]}
    ).assign(quantity=["1"], amount=["¥276.00"])
    with pytest.raises(SchemaError) as caught:
        mc.market_size(raw)
    assert str(caught.value) == (
        "market_size: column 'quantity' has dtype str (e.g. '1'), expected numbers: this looks "
        "like a raw export; clean it first with microcommerce.clean_orders "
        "(raw.mc.clean('orders'))"
    )


def test_missing_values_in_an_input_are_an_input_error():
    orders = pd.concat([_ONE_ORDER] * 3, ignore_index=True)
    orders["date"] = pd.to_datetime(["2015-01-01", None, None])
    with pytest.raises(InputError) as caught:
        mc.active_sellers(orders)
    assert str(caught.value) == (
        "practitioner counts: the date is missing in 2 rows (first [1, 2]); clean the table first"
    )


def test_a_shipped_table_fault_names_its_file_row_and_column():
    err = InputError("empty alias", path="data/platforms.csv", row=7, column="alias")
    assert str(err) == "data/platforms.csv, row 7, column 'alias': empty alias"


def test_a_fit_the_data_cannot_determine_is_a_fit_error():
    years = [2015, 2016, 2017, 2018, 2019]
    s = pd.Series([1.8195e11, 3.6073e11, 6.8358e11, 1.2e12, 2.06058e12], index=years)
    with pytest.raises(FitError, match=r"^fit_bass: the data do not determine the parameters"):
        fit_bass(s, cumulative=False, origin=2011.0)


def test_a_missing_extra_is_an_optional_dependency_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(ImportError) as caught:
        import_dask()
    assert isinstance(caught.value, OptionalDependencyError)
    assert str(caught.value) == (
        "this needs Dask, which is not installed: "
        'pip install "microcommerce[dask]"  (dask[dataframe] and distributed)'
    )


def test_files_a_staged_write_left_unwritten_are_an_output_error(tmp_path):
    with pytest.raises(OutputError) as caught:  # noqa: SIM117 - the error leaves the block
        with staged_files([tmp_path / "a.txt", tmp_path / "b.txt"]) as (a, _b):
            a.write_text("only a")
    assert str(caught.value) == (
        f"{tmp_path / 'a.txt'}: staged_files: ['b.txt'] not written by the block; "
        "nothing was replaced"
    )
    assert not (tmp_path / "a.txt").exists()  # nothing half-written is left


# ---------------------------------------------------------------------------
# datasets.list → datasets.catalog
# ---------------------------------------------------------------------------


def test_datasets_list_still_works_with_a_warning_naming_catalog():
    with pytest.warns(DeprecationWarning, match=r"use datasets\.catalog\(\)") as caught:
        listing = datasets.list()
    assert caught[0].filename == __file__  # the warning points at the caller's line
    pd.testing.assert_frame_equal(listing, datasets.catalog())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        datasets.catalog()  # the new name does not warn
    assert "list" not in vars(datasets) and "list" not in datasets.__all__
    with pytest.raises(AttributeError, match="has no attribute 'lisst'"):
        datasets.lisst  # noqa: B018
