"""The layer registry: every body of offender management as a layer built from district blocks."""
from __future__ import annotations

from dataclasses import asdict, dataclass

ERAS = ("2005-2008", "2010-2014", "2014-2021", "2021-")


@dataclass(frozen=True)
class Layer:
    """One layer: a set of areas, each a union of 2013 districts (the building blocks)."""

    id: str
    name: str
    singular: str
    eras: tuple[str, ...]
    parent: str  # the block the fact table maps from: "district" or "police_force_area"
    coverage: str  # "full": tiles England and Wales; "partial": covers only part of it
    expected_count: int
    published_count_source: str
    note: str = ""
    today: bool = True  # False: a body of an earlier era, shown as history


    def to_dict(self) -> dict:
        """Plain-JSON form for the CLI and the app."""
        out = asdict(self)
        out["eras"] = list(self.eras)
        return out


LAYERS: tuple[Layer, ...] = (
    Layer("council", "Councils today: districts, boroughs and unitaries (2023-)", "council",
          ("2021-",), "district", "full", 318,
          "ONS local authority districts 2023-2025 (318 in England and Wales), counted again from the ONS file at build",
          "Each reorganisation of 2019-2023 merged whole 2013 districts, so today's councils are unions of them."),
    Layer("upper_tier_council", "Councils today: counties and unitaries (2023-)", "county or unitary council",
          ("2021-",), "district", "full", 175,
          "ONS upper-tier local authorities 2023-2025 (21 counties + 154 unitary, metropolitan and London councils)"),
    Layer("police_force_area", "Police force areas (PCCs)", "police force area",
          ("2005-2008", "2010-2014", "2014-2021", "2021-"), "district", "full", 43,
          "IPPR 2016 p.26 (43 police force areas)"),
    Layer("probation_region", "Probation regions (2021-)", "probation region",
          ("2021-",), "police_force_area", "full", 12, "HMPPS 2021 (12 probation regions)"),
    Layer("lcjb_area", "Local Criminal Justice Board areas", "Local Criminal Justice Board area",
          ("2021-",), "police_force_area", "full", 40,
          "MoJ Criminal Justice System Delivery Data Dashboard data note, Nov 2022 (43 force areas -> 40 LCJB areas)"),
    Layer("cps_area", "CPS areas", "CPS area",
          ("2014-2021", "2021-"), "police_force_area", "full", 13,
          "IPPR 2016 p.26 (13 CPS areas); confirmed for every force area by the MoJ CJS dashboard data note, Nov 2022",
          "CPS London is shown whole; it splits into London North and South by borough, not by force area."),
    Layer("combined_authority", "Combined authorities and the GLA (2025)", "combined authority",
          ("2021-",), "district", "partial", 16,
          "ONS combined authorities in being in 2025 (15, counted again from the ONS file at build) plus the GLA",
          "Combined authorities and combined county authorities as they stand in 2025; covers only their areas."),
    Layer("region", "English regions and Wales", "region",
          ("2014-2021", "2021-"), "district", "full", 10, "ONS: 9 English regions + Wales"),
    Layer("hmcts_region", "HMCTS court regions (c.2016)", "HMCTS region",
          ("2014-2021",), "police_force_area", "full", 7, "IPPR 2016 p.26 (7 court regions)",
          "Hand-curated by force area, medium confidence: verify before relying on it."),
    Layer("district", "Councils 2013-19: districts and unitaries (history)", "district or unitary council",
          ("2014-2021",), "district", "full", 348,
          "IPPR 2016 p.26 (375 councils = 348 districts and unitaries + 27 counties)",
          "The councils of 2013-19, before the reorganisations of 2019-2023; the atlas's building blocks.", False),
    Layer("county", "Councils 2013-19: county councils (history)", "county council",
          ("2014-2021",), "district", "partial", 27,
          "IPPR 2016 p.26 (375 councils = 348 + 27)",
          "Covers only the two-tier areas of England as they were in 2013-19.", False),
    Layer("mayoral_combined_authority", "Mayoral combined authorities and the GLA (2021-24, history)",
          "mayoral combined authority",
          ("2021-",), "district", "partial", 10,
          "Statutory orders (9 combined authorities with a mayor elected by May 2021, plus the GLA)",
          "Membership as at May 2021, before the authorities of 2024-25.", False),
    Layer("combined_authority_2019", "Combined authorities and the GLA (2017-21, history)", "2017-21 combined authority",
          ("2014-2021",), "district", "partial", 11,
          "ONS combined authorities in being in 2019 (10, counted again at build from the ONS file and the years each "
          "began) plus the GLA",
          "As in 2019: the first mayors (2017), North East split in two (November 2018).", False),
    Layer("combined_authority_2015", "Combined authorities and the GLA (2014-17, history)", "2014-17 combined authority",
          ("2014-2021",), "district", "partial", 6,
          "ONS combined authorities in being in 2015 (5, counted again at build) plus the GLA",
          "As in 2015: the five authorities of April 2014, before any mayor.", False),
    Layer("crc", "Community Rehabilitation Companies (2014-21)", "CRC",
          ("2014-2021",), "police_force_area", "full", 21, "IPPR 2016 p.26 (21 CRCs)", "", False),
    Layer("nps_division", "National Probation Service divisions (2014-21)", "NPS division",
          ("2014-2021",), "police_force_area", "full", 7, "IPPR 2016 p.26 (7 NPS divisions)", "", False),
    Layer("probation_trust", "Probation trusts (2010-14)", "probation trust",
          ("2010-2014",), "police_force_area", "full", 35,
          "SI 2014/2704 art. 2 (the 35 probation trusts dissolved on 31 October 2014)",
          "The trusts as at their dissolution in 2014; a few were formed by mergers during 2010-14.", False),
    Layer("regional_offender_manager", "Regional offender managers (2005-08)", "regional offender manager",
          ("2005-2008",), "district", "full", 10,
          "NOMS 2005-08: 9 English regions + Wales (seed papers 000, 002)", "", False),
)

_BY_ID = {layer.id: layer for layer in LAYERS}


class UnknownLayerError(KeyError):
    """A layer id that the registry does not know."""

    def __str__(self) -> str:
        return f"Unknown layer '{self.args[0]}'. Known layers: {', '.join(_BY_ID)}."


def get_layer(layer_id: str) -> Layer:
    """The layer with this id, or UnknownLayerError naming the known ones."""
    try:
        return _BY_ID[layer_id]
    except KeyError:
        raise UnknownLayerError(layer_id) from None


def layer_ids() -> list[str]:
    """Every layer id, in display order (today's bodies first, then history)."""
    return list(_BY_ID)


def today_layer_ids() -> list[str]:
    """The layers of bodies as they stand today."""
    return [layer.id for layer in LAYERS if layer.today]
