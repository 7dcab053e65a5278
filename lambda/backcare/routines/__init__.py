"""Guided stretch-and-self-massage routines."""
