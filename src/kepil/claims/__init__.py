"""The batch inputs of payment and monitoring (shared/contracts/claims.md): schema, reading and
validation (`inputs`), and synthetic national data (`synth`)."""
