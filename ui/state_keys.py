"""Session-state keys of the map, coterminosity, reoffending, upload and board pack pages, each named once here.

A key read or written through st.session_state, or given to a control that tests and callbacks address, is a
constant here; keys that only give a chart or download button its identity stay beside the element."""
from __future__ import annotations

# Shared between pages and ui modules.
UPLOADED_INDICATORS = "uploaded_indicators"  # (frame, sources) accepted this session; every indicator page reads it
UPLOADED_FINGERPRINT = "uploaded_indicators_fingerprint"  # (those uploads, their digest): hashed once per change
PLACE_QUERY = "place_query"  # the place explorer's text box; the overlay map sets it to hand a council over

# Overlay map and place explorer.
OVERLAY_OPEN_PLACE = "overlay_map_open_place"  # set by a pinned stack's button: go to the place explorer
OVERLAY_LINK = "overlay_link"  # the overlay map's choices as read from the link, once per session
PLACE_LINK = "place_link"  # the same for the place explorer's map

# Coterminosity.
COT_LAYER_A = "cot_a"
COT_LAYER_B = "cot_b"
COT_WEIGHT = "cot_w"

# Reoffending by area.
REO_INDICATOR = "reo_indicator"
REO_BREAKDOWN = "reo_breakdown"
REO_PERIOD = "reo_period"
REO_LAYER = "reo_layer"
REO_AREA = "reo_area"

# Bring your own figures.
UPLOAD_FILES = "upload_files"
OFFICIAL_IMPORT_RESULTS = "official_import_results"  # file id -> the official import's results (or why not)
SAVE_LOCAL = "save_local"
DROP_CHOICE = "drop_choice"
DROP_SESSION = "drop_session"
FORGET_CHOICE = "forget_choice"
FORGET_SAVED = "forget_saved"

# Board pack (ui/board_pack.py seeds the first three from the link).
PACK_VIEWS = "pack_views"
PACK_STEP = "pack_step"
PACK_PLACE = "pack_place"
PACK_PREVIOUS = "pack_previous"
PACK_NEXT = "pack_next"

# Combined authority lens, prisons, custody cost, boundary what-if (issue 12, thin pages 38/40/55/75).
LENS_AUTHORITY = "lens_ca"
LENS_WEIGHT = "lens_weight"
LENS_LAYER = "lens_layer"
LENS_ERA = "lens_era"
PRISON_OPERATORS = "prison_operators"
PRISON_GROUPS = "prison_groups"
PRISON_ONLY_RESETTLEMENT = "prison_only_resettlement"
PRISON_LAYERS = "prison_layers"  # ui.layer_picker.pick_layers's key; its fill toggle is this + "_fill"
PRISON_LAYERS_FILL = "prison_layers_fill"
DISTANCE_LAYER = "distance_layer"
DISTANCE_METRIC = "distance_metric"
SENT_INDICATOR = "sent_indicator"
SENT_BREAKDOWN = "sent_breakdown"
SENT_PERIOD = "sent_period"
SENT_AREA = "sent_area"
COST_COHORT = "cost_cohort"
COST_PERIOD = "cost_period"
COST_BASIS = "cost_basis"
COST_LAYER = "cost_layer"
BOUNDARY_SEEDED = "boundary_seeded"
BOUNDARY_PRESET = "boundary_preset"
BOUNDARY_MOVES = "boundary_moves"  # force area code -> provider area code, on top of the preset
BOUNDARY_NOTICES = "boundary_notices"
BOUNDARY_FORCE = "boundary_force"
BOUNDARY_TARGET = "boundary_target"
BOUNDARY_MOVE = "boundary_move"
BOUNDARY_CLEAR = "boundary_clear"

# Saved uploads' owners (issue 13, who sees what: ui/upload_saved.py).
SHARE_SAVED = "share_saved"
WITHDRAW_SAVED = "withdraw_saved"
SAVED_MESSAGE = "saved_message"  # (kind, words): the outcome of the last share, withdraw or forget, said once


def upload_key(ident: str) -> str:
    """The prefix of one uploaded file's controls ('up_' and the file's id or content hash)."""
    return f"up_{ident}"


# What-if (pages/70_what_if.py, ui/what_if_*.py; what-if engineer). Lever widgets are "lever_<name>" and typed
# own-area figures "own_<cohort>_<field>" (ui.what_if_form.lever_key / own_key).
WHATIF_SEEDED = "whatif_seeded"  # the link has been read once this session
WHATIF_SAVED_IDS = "whatif_saved_ids"  # ids saved or opened this session: the link keeps one while it still matches
WHATIF_NOTICES = "whatif_notices"  # notices about the link or an opened file, shown once
WHATIF_MESSAGE = "whatif_message"  # (kind, text) after saving, opening, refusing or deleting, shown once
WHATIF_NAME_DEFAULT = "whatif_name_default"  # the opened scenario's name: the name field's own default value
WHATIF_NAME_GENERATION = "whatif_name_generation"  # +1 per opened scenario: a fresh name field, never a stale one
WHATIF_NAME = "whatif_name"  # prefix of the name field's key ("whatif_name_<generation>")
WHATIF_BASELINE = "whatif_baseline"
WHATIF_LAYER = "whatif_layer"
WHATIF_BAND = "whatif_band"
WHATIF_OWN_NAME = "own_name"
WHATIF_OWN_COHORTS = "own_cohorts"
WHATIF_DEVOLVE_COHORTS = "whatif_devolve_cohorts"
WHATIF_DEVOLVE_MODE = "whatif_devolve_mode"
WHATIF_DEVOLVE_AREAS = "whatif_devolve_areas"
WHATIF_STRIP_HEADLINE = "whatif_strip_headline"
WHATIF_COMPARE = "whatif_compare"
WHATIF_METRIC = "whatif_metric"
WHATIF_MAP_METRIC = "whatif_map_metric"
WHATIF_SAVE = "whatif_save"
WHATIF_UPLOAD = "whatif_upload"
WHATIF_OPEN = "whatif_open"
WHATIF_DELETE = "whatif_delete"
WHATIF_SHARE = "whatif_share"  # share or withdraw the chosen saved scenario (its owner only)
WHATIF_RESET = "whatif_reset"
WHATIF_CURRENT = "whatif_current"  # the scenario the What if page last showed (a scenario file): the board pack's default
PACK_SCENARIO = "pack_scenario"  # which scenario the board pack's scenario slide shows: current, saved:<id> or preset
REO_PEER_AREA = "reo_peer_area"  # the area whose similar areas are highlighted ('' = none)
REO_PEER_KIND = "reo_peer_kind"  # global, economic or demographic neighbours
REO_OVERDISPERSION = "reo_overdispersion"  # funnel limits widened for overdispersion
SENT_OVERDISPERSION = "sent_overdispersion"
