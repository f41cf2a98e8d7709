"""Numbers as a board reads them: the one formatter behind every page, figure and export."""
