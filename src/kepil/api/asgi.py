"""The ASGI entry point for uvicorn workers: `kepil.api.asgi:app` on KEPIL_DATABASE_URL."""

from kepil.api.app import create_app

app = create_app()
