"""Walking analysis adapter: reading motion files people already have, and running the detector on them."""
