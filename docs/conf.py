"""Sphinx configuration: furo theme, Markdown (MyST) sources, the API reference generated from the docstrings."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

import layers_async  # noqa: E402

project = "layers-async"
author = "layers-async developers"
copyright = "layers-async developers"
release = layers_async.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "myst_parser",
    "layers_reference",
    "layers_xref",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
root_doc = "index"

# Every reference must resolve: a broken cross-reference is a warning, and `-W` makes it an error.
nitpicky = True
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autodoc_class_signature = "mixed"
autodoc_default_options = {"exclude-members": "__init__, __new__"}
add_module_names = False
python_use_unqualified_type_names = True

napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True  # `Attributes:` become fields, not a second description of each attrs field
napoleon_use_rtype = False

html_theme = "furo"
html_title = f"layers-async {release}"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_show_sourcelink = False
html_copy_source = False
pygments_style = "friendly"
default_role = "py:obj"  # `Name` in a docstring links to it
