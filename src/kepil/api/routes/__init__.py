"""The API's routers, one per register."""
