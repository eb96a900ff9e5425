"""``python -m layers_async.testing serve --port 8000``: the emulator over loopback HTTP."""

from layers_async.testing._fake._serve import main

main()
