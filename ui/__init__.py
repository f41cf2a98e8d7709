"""Streamlit glue shared by pages: cached resources, URL state and common notes."""
