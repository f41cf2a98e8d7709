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


def upload_key(ident: str) -> str:
    """The prefix of one uploaded file's controls ('up_' and the file's id or content hash)."""
    return f"up_{ident}"
