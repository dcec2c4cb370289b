"""Small named passes over the tile IR; ``tiledsl.ir.pipeline`` lists them in order."""
