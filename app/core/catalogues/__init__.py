"""The task catalogue: the inventory's tasks per area, its format, loading and versions."""

from app.core.catalogues.loader import (
    catalogue_hash,
    check_catalogue_files,
    load_catalogue_file,
    parse_catalogue,
)
from app.core.catalogues.schema import Catalogue, EnergyOption, Task, TaskArea
from app.core.catalogues.versions import Catalogues, CatalogueVersion

__all__ = [
    "Catalogue",
    "CatalogueVersion",
    "Catalogues",
    "EnergyOption",
    "Task",
    "TaskArea",
    "catalogue_hash",
    "check_catalogue_files",
    "load_catalogue_file",
    "parse_catalogue",
]
