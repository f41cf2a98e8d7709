"""Exports without Streamlit: figures to PNG/SVG, tables to formula-safe CSV, views to a board pack PDF."""
