"""The ASGI entry point for uvicorn workers: `kepil.api.asgi:app` on KEPIL_DATABASE_URL."""

import gc

from kepil.api.app import create_app

app = create_app()
# The objects of the imports and the rule book live as long as the worker: moved out of the collector's
# generations, they are not walked again by the collections a large request body triggers.
gc.collect()
gc.freeze()
