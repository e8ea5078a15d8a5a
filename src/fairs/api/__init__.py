"""FastAPI routers: the JSON API under /api/v1 and the HTMX pages."""
