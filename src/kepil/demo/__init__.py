"""The demonstration dataset behind `kepil demo`: a store with providers, attachments, two monitored
months and the stored reports, and one API key per role, so that every page has something to show."""

from kepil.demo.dataset import DemoInfo, build

__all__ = ["DemoInfo", "build"]
