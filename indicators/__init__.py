"""Indicators by area: definitions, the tidy store, aggregation across layers and funnel limits (no Streamlit)."""
