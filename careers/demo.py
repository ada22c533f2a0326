"""The job board's demo: employers, their company pages and jobs."""


def seed_careers(options, out) -> None:
    out("careers: nothing to seed yet")
