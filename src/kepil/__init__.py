"""kepil — Kazakhstan's guarantees of medical care, executable.

The acts of shared/seeds (GLOSSARY.md ids) become dated, cited rules.
"""

__version__ = "0.1.0"
