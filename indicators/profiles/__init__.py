"""Importers for official MoJ file layouts, each a small declared profile recognised from the file's header."""
