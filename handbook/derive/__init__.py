"""What the data implies, computed from the model alone: public and staff views, fees, packets, words."""
