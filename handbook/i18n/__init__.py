"""Languages, message catalogues and script conversion."""
