"""Job alerts: saved searches of the board and the postings they are told of (services), the
page where members manage them, and the tasks that match and send."""
