"""The answer routes that answer from facts, decisions and meeting dates, one module per kind.

Each answerer takes the `Question` and returns an `Answer`, or None when what it knows does not
carry the question's topic; `routes.py` says which is tried when.
"""
