"""One module per API area; each class is a namespace on the client (``client.content``...)."""
