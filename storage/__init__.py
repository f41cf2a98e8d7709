"""The lowest layer: one shared database (PostgreSQL or embedded SQLite), its migrations, owners, audit and identity."""
