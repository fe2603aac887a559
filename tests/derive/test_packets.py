"""Tests for handbook.derive.packets: which forms a unit signs, in move-in order, each copy with its holder."""

from __future__ import annotations

import pytest

from handbook.derive.packets import (
    appointment_order,
    check_items,
    copies,
    form_set,
    inspection_rooms,
    packet_forms,
    printed_forms,
    unit_forms,
)
from handbook.model.estate import CheckItem
from handbook.model.units import Unit
from tests.conftest import sample_project


@pytest.fixture(scope="module")
def lotus():
    return sample_project("lotus-garden")


def unit(number: str = "1-0403", **fields) -> Unit:
    """Return a unit of the unit list, with the given columns changed."""
    row = dict(unit=number, area_m2="72.30", property_type="residential", household_type="family",
               owner_name="潘轩梓", move_in_date="2027-03-08") | fields
    return Unit.model_validate(row)


def ids(forms) -> list[str]:
    return [form.id for form in forms]


def test_printed_forms_are_those_with_a_kind(lotus):
    printed = ids(printed_forms(lotus))
    assert "owner_card" in printed and "key_log" in printed
    assert "archive_bag" not in printed and "owners_handbook" not in printed


def test_packets_hold_household_forms_in_move_in_order(lotus):
    # stage 1 (owner card, authorisation), stage 2 (agreements, in table order), stage 3 (inspection); logs are per
    # project
    assert ids(packet_forms(lotus)) == [
        "owner_card", "authorisation", "management_covenant", "bank_debit_agreement", "fire_safety_pledge",
        "preliminary_service_agreement", "parking_rental_agreement", "parking_service_agreement", "inspection_form"]


def test_a_transfer_household_without_parking(lotus):
    assert ids(unit_forms(lotus, unit(household_type="transfer"))) == [
        "owner_card", "management_covenant", "bank_debit_agreement", "fire_safety_pledge",
        "preliminary_service_agreement", "inspection_form"]


def test_a_parking_only_buyer_signs_the_service_agreement_and_inspects_nothing(lotus):
    assert ids(unit_forms(lotus, unit(household_type="parking", parking="bought"))) == [
        "owner_card", "management_covenant", "bank_debit_agreement", "fire_safety_pledge",
        "parking_service_agreement"]


def test_a_family_renting_a_space_gets_the_rental_agreement_only(lotus):
    forms = ids(unit_forms(lotus, unit(parking="rented", parking_type="standard")))
    assert "parking_rental_agreement" in forms and "parking_service_agreement" not in forms
    assert forms.index("parking_rental_agreement") < forms.index("inspection_form")


def test_a_household_types_set_includes_both_parking_agreements(lotus):
    assert ids(form_set(lotus, "parking")) == [
        "owner_card", "authorisation", "management_covenant", "bank_debit_agreement", "fire_safety_pledge",
        "parking_rental_agreement", "parking_service_agreement"]


def test_only_a_unit_a_proxy_comes_for_gets_the_authorisation_letter(lotus):
    assert "authorisation" not in ids(unit_forms(lotus, unit()))
    assert ids(unit_forms(lotus, unit(proxy="yes")))[:2] == ["owner_card", "authorisation"]
    assert "authorisation" in ids(unit_forms(lotus, unit(household_type="company", proxy="yes")))


def test_copies_name_their_holders_or_are_numbered(lotus):
    forms = {form.id: form for form in lotus.forms}
    bank = list(copies(forms["bank_debit_agreement"]))
    assert [(c.number, c.holder) for c in bank] == [(1, "owner"), (2, "property_company"), (3, "bank")]
    assert [(c.number, c.holder) for c in copies(forms["owner_card"])] == [(1, None)]


def test_appointment_order_puts_units_without_one_last():
    late = unit("2-0101", appointment="2027-03-08 16:00")
    early = unit("9-0101", appointment="2027-03-08 09:00")
    none_early_day = unit("1-0101", move_in_date="2027-03-06")
    none_same_day = unit("1-0102")
    queue = sorted([none_same_day, late, none_early_day, early], key=appointment_order)
    assert [u.unit for u in queue] == ["9-0101", "2-0101", "1-0101", "1-0102"]


def test_inspection_rooms_follow_the_unit_type(lotus):
    unit_type = lotus.unit_types[0]
    rooms = inspection_rooms(lotus, unit_type.id)
    assert [room.id for room in rooms] == list(unit_type.rooms)
    assert inspection_rooms(lotus, None) is None
    assert inspection_rooms(lotus, "no-such-type") is None


def test_check_items_are_those_some_room_has_in_model_order(lotus):
    rooms = [room for room in lotus.rooms if room.id in ("dining", "entrance")]
    assert check_items(lotus.model_copy(update={"rooms": rooms})) == [
        "walls", "ceiling", "floor", "doors", "electrical"]
    assert check_items(lotus.model_copy(update={"rooms": []})) == list(CheckItem.__args__)  # blank rows: every column
