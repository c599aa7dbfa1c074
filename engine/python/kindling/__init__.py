"""Kindling's side of a Python driver program: running it, and what the playground provides (`sc`, `spark`)."""
