"""Fuxi station bridge: the devices beside a station PC (PC/SC card readers, …) → a durable
queue → Odoo."""

__version__ = "1.1.0"
