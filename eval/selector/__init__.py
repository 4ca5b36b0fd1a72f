"""Training data and training for the learned answer selector (service/ask/selector.py).

`examples` turns questions with known answers into labelled candidate features through the
product's own pipeline; `train` fits gradient-boosted trees, chooses the answer threshold on
held-out folds of the tuning data and writes service/ask/data/selector.json. See README.md.
"""
