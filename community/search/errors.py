class SearchUnavailable(Exception):
    """The search engine could not be reached or did not answer in time."""
