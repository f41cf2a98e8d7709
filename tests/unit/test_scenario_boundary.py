"""Boundary what-if on the real atlas: presets, moves and fragmentation measures."""
from __future__ import annotations

import pytest

from scenario import boundary_whatif as bw


def test_presets_cover_every_force_area(atlas):
    for name in bw.PRESETS:
        assignment = bw.preset(atlas, name)
        assert len(assignment) == 43 and (assignment != "").all(), name
    assert bw.preset(atlas, "crc").nunique() == 21
    assert bw.preset(atlas, "probation_region").nunique() == 12
    combined = bw.preset(atlas, "mayoral_combined_authority")
    assert combined["E23000005"] == "E47000001" and combined["E23000001"] == "E61000001"  # GM, London
    assert combined["E23000002"] == "CPA02"  # Cumbria meets no mayoral authority: keeps its CRC
    with pytest.raises(KeyError, match="unknown preset"):
        bw.preset(atlas, "counties")


def test_one_provider_per_force_area_has_one_pcc_each_and_fewer_councils(atlas):
    today = bw.measures(atlas, bw.preset(atlas, "crc"))
    aligned = bw.measures(atlas, bw.preset(atlas, "police_force_area"))
    assert today["Provider areas"] == 21 and aligned["Provider areas"] == 43
    assert aligned["Mean PCCs per provider area"] == 1 and aligned["Provider areas matching exactly one PCC"] == 43
    assert aligned["Mean councils per provider area"] < today["Mean councils per provider area"]
    # Blocks nest in force areas, so no council is ever split by a provider built from whole force areas.
    assert aligned["Councils (districts and unitaries) split between provider areas"] == 0


def test_moves_and_their_link_form(atlas):
    today = bw.preset(atlas, "crc")
    moved = bw.apply_moves(today, {"E23000002": "E23000002"})
    assert moved.nunique() == 22 and (moved != today).sum() == 1
    with pytest.raises(ValueError, match="unknown force area"):
        bw.apply_moves(today, {"X1": "CPA02"})
    moves, notices = bw.parse_moves("E23000002:CPA03;E23000002x:CPA03;E23000003:ZZZ", list(today.index), set(today))
    assert moves == {"E23000002": "CPA03"} and len(notices) == 2


def test_partner_table_counts_force_areas_of_each_provider(atlas):
    table = bw.partners(atlas, bw.preset(atlas, "crc"))
    assert len(table) == 21
    assert table["police_force_area"].sum() == 43
    assert (table["councils"] == table["district"] + table["county"]).all()


def test_colour_groups_keep_bordering_provider_areas_apart(atlas):
    import pandas as pd
    line = pd.Series({"a": "P", "b": "Q", "c": "R"})  # a-b-c in a row: P and R may share, Q may not
    colours = bw.colour_groups(line, {("a", "b"), ("b", "c")}, 2)
    assert colours["Q"] != colours["P"] and colours["Q"] != colours["R"]
    neighbours = bw.force_area_neighbours(atlas)
    assert ("E23000005", "E23000004") in neighbours  # Greater Manchester borders Merseyside
    for name in bw.PRESETS:
        assignment = bw.preset(atlas, name)
        colours = bw.colour_groups(assignment, neighbours, 7)
        assert all(colours[assignment[x]] != colours[assignment[y]] for x, y in neighbours
                   if assignment[x] != assignment[y]), name


def test_ippr_devolution_units_are_mayors_where_they_exist_and_pccs_elsewhere(atlas):
    from scenario.area_population import layer_population

    units = bw.mayor_or_pcc(atlas)
    assert units["E23000005"] == "E47000001" and units["E23000002"] == "E23000002"  # Greater Manchester; Cumbria
    assert units["E23000001"] == units["E23000034"] == "E61000001"  # Met and City of London: the GLA
    people, _ = layer_population(atlas, "mayor_or_pcc")
    assert len(people) == units.nunique() == 42
