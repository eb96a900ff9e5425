"""The emulator's core: state and routes, JSON in and JSON out. It never imports the SDK's models."""
