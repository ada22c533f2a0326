"""Every write of the events app, by subject: registrations (RSVP, waitlist, check-in),
chapters (joining, leaders), calendars (.ics files and feeds) and announcements (changes and
reminders)."""
