"""Search over the active chunks: a request (`request.py`), dense and lexical candidates
(`dense.py`, `lexical.py`), their fusion (`fusion.py`), and "menade du" (`spelling.py`), put
together by `Searcher` (`searcher.py`)."""
