"""Reaching the app from a phone on the home network: address, certificate and pairing."""
