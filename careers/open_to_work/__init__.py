"""Open to work: a member's card saying which roles and places they want, which only employers
(and community managers) browse."""
