"""Scenario model: devolved custody budgets, diversion, reinvestment and redrawn boundaries (no Streamlit)."""
