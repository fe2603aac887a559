"""The command line and the commands beside build: serve, schema, portal, doctor, new."""
