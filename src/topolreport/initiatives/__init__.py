"""The review's registry of initiatives: model, file, and how names are placed in it."""

from .load import REGISTRY_FILE, load_registry, registry_path, save_registry
from .match import Matcher, Placement
from .model import DEFAULT_KINDS, RegisteredInitiative, Registry

__all__ = [
    "DEFAULT_KINDS",
    "REGISTRY_FILE",
    "Matcher",
    "Placement",
    "RegisteredInitiative",
    "Registry",
    "load_registry",
    "registry_path",
    "save_registry",
]
