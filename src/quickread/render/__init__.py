"""Renderers: markdown (the seed page layout), JSON (a versioned schema) and a self-contained HTML page."""
