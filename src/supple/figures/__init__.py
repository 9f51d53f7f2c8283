"""Animated exercise figures: load the key poses, draw them as SVG (web) or PNG / GIF (terminal, print)."""
