"""The questionnaire in other languages: translations/<code>.yaml beside questions.yaml,
keyed by the same ids (fields.py), each entry keeping a hash of the English it was made
from (document.py), checked and laid over the English to give a Questionnaire in that
language with the same ids, codes, logic and content hash (loader.py)."""
