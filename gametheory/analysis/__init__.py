"""Analysis beyond Nash equilibria: dominance, security levels, correlated
equilibria, Pareto efficiency, learning dynamics and zugzwang diagnostics.
Each concept has its own module; import from there."""
