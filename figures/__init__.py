"""Figure and table builders: Plotly figures and pandas tables from the domain, no Streamlit."""
