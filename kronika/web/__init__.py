"""Kronika's web dashboard and HTTP API: ``create_app(Settings(db))`` or ``kronika serve``."""
from __future__ import annotations

from kronika.web.app import Settings, create_app, serve

__all__ = ["Settings", "create_app", "serve"]
