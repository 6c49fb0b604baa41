"""Corpus → structure-aware chunks → Chroma (through langchain-chroma) + jieba BM25 → hybrid retrieval with citations."""
