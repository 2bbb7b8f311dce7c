"""The edition data matches the spec: key counts, labels, computed cells, the year registry."""

import dataclasses
import pickle

import pytest

from govxl.editions import EDITIONS, UnknownEdition, edition_for_year, get_edition
from govxl.rules import RULES, checks


@pytest.mark.parametrize(("edition", "t3", "t4", "t2"), [("2021", 175, 15, 10), ("2019", 161, 15, 22)])
def test_key_counts(edition, t3, t4, t2):
    e = get_edition(edition)
    assert (len(e.keys("t3")), len(e.keys("t4")), len(e.keys("t2"))) == (t3, t4, t2)
    assert len(e.table("t3").slots) == t3 and len(e.table("t4").slots) == 15 and len(e.table("t2").slots) >= t2


def test_year_registry():
    assert edition_for_year(2020).id == "2019" and edition_for_year(2021).id == "2021"
    assert edition_for_year(2025).id == "2021"
    with pytest.raises(UnknownEdition):
        edition_for_year(2018)


def test_outcome_total_sums_exactly_the_outcome_rows():
    e21, e19 = get_edition("2021"), get_edition("2019")
    assert e21["t3_total_legal"].sum_of[0] == "t3_granted_legal" and e21["t3_total_legal"].sum_of[-1] == "t3_other_misc_legal"
    assert e19["t3_total_legal"].sum_of[-1] == "t3_other_legal"
    assert len(e21["t3_total_legal"].sum_of) == 21 and len(e19["t3_total_legal"].sum_of) == 19
    assert e21["t3_new_total"].sum_of == tuple(f"t3_new_{c}" for c in e21.sets["t3_applicant"])


def test_labels_are_character_exact():
    e = get_edition("2021")
    assert e["t3_denied_safety_natural"].path[0] == "3.危及“三安全一稳定”"
    assert e["t2_normative_valid"].path == ("第二十条第（一）项", "行政规范性文件", "现行有效件数")
    assert get_edition("2019")["t2_license_change"].path[2] == "本年增/减"
    spans = {s.text for s in e.table("t3").spans}
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in spans


def test_keys_are_valid_excel_names_and_not_cell_references():
    import re

    for e in EDITIONS.values():
        for k in e.keys():
            assert re.fullmatch(r"[a-z][a-z0-9_]*", k) and not re.fullmatch(r"[a-z]{1,3}\d+", k), k


def test_every_expression_rule_applies_to_some_edition():
    from govxl.rules import Scope

    applied = {c.rule.id for e in EDITIONS.values() for c in checks(e)}
    applied |= {c.rule.id for e in EDITIONS.values() for p in EDITIONS.values() for c in checks(e, Scope.PRIOR, p)}
    assert {r.id for r in RULES if r.check} == applied


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_an_edition_survives_plain_pickle_as_itself(protocol):
    for e in EDITIONS.values():  # joblib, disk caches: back as the registered object, which compares by identity
        assert pickle.loads(pickle.dumps(e, protocol)) is e
    custom = dataclasses.replace(get_edition("2021"), id="2021-county")  # not registered: travels by value
    back = pickle.loads(pickle.dumps(custom, protocol))
    assert back is not custom and back.id == "2021-county" and back.fields == custom.fields
    assert back["t3_new_total"].label == custom["t3_new_total"].label
    assert back.value_index["t3_new_total"] == custom.value_index["t3_new_total"]


def test_value_fields_are_the_number_cells_in_form_order_and_indexed_by_key():
    for e in EDITIONS.values():
        assert [f.key for f in e.value_fields] == [f.key for f in e.fields if f.kind.numeric]
        assert [e.value_index[f.key] for f in e.value_fields] == list(range(len(e.value_fields)))
