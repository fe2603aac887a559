"""Reading a project folder: discover, load YAML with places, validate, unit lists, pages, editions."""
