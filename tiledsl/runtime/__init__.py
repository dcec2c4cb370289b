"""Launching kernels: the JIT, arguments, compiled kernels, caches and the autotuner."""
