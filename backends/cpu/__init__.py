"""tiledsl package."""
