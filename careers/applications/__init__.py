"""Applications to jobs: the form, the applicant's page, the employer's applicants, the CV
download, and the rules on keeping and deleting them (services)."""
