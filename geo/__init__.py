"""The boundary engine: layers of offender management built on 2013 district building blocks."""
