"""Certificates: issued when a member completes a certifying course or a learning path, kept
with their history (each recertification is a new row), verified in public by their code, sent
as a PDF, revoked by community managers, and shown as a badge beside the holder's name.

    rules.py     what state a certificate is in, and when it may be renewed (no database)
    issuing.py   issuing once, recertifying, revoking, and the "Certified" badge
    notices.py   telling holders a certificate is about to expire, each once
    pdf.py       the PDF itself
    reading.py   what pages, the profile and the data export read
"""
