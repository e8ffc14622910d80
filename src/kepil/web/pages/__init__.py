"""One module per page (or family of pages), each with a `router`; `kepil.web.install` mounts them all."""
