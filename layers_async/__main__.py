"""``python -m layers_async``: the ``layers-async`` command line."""

import sys

from layers_async._cli import main

if __name__ == "__main__":
    sys.exit(main())
