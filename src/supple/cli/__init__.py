"""The terminal door. Commands parse input, call one service and print; heavy imports stay inside them."""
