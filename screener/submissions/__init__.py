"""What is stored about a patient's answers, used by both sides: drafts and sending,
reference codes, the questionnaire versions answered, what staff do to a submission
(status, notes, purge), the running tallies, the queue's queries and the CSV export.

Functions take a Session, add and flush, and never commit: the caller (a view, a
command, a test) owns the transaction.
"""
