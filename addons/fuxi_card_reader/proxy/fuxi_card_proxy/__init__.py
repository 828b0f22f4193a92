"""Fuxi card-reader proxy: PC/SC card monitor → durable queue → Odoo."""

__version__ = "1.0.0"
