"""Calculations: pure functions of the model or of arrays, each in a scalar and a vectorised form."""
