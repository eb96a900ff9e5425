"""pytest plugin: `fake_layers` and `layers_client` fixtures (filled in by the emulator work)."""
