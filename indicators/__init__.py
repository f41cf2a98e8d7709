"""Indicators: the tidy store of sourced figures by area, layer and period, and uploads that join it."""
