"""Member roles.

Each role is a Django group created by a migration, which also grants its permissions; group
membership is the single truth for what a member may do and which badge they carry.
"""

from enum import StrEnum


class Role(StrEnum):
    CUSTOMER = "Customer"
    PARTNER = "Partner"
    EMPLOYER = "Employer"
    COMMUNITY_MANAGER = "Community manager"


# The badge shown beside a member's name: the most senior role wins. Customers get none.
BADGE_ORDER = (Role.COMMUNITY_MANAGER, Role.PARTNER, Role.EMPLOYER)

DEFAULT_ROLE = Role.CUSTOMER

# Not a role: a badge for members named as advocates by a published story. It is a group so
# that the badge comes with the groups already loaded for role badges, at no extra query.
ADVOCATE_GROUP = "Advocate"

# Not a role either: the badge of members holding a certificate in force from the learning
# section, a group for the same reason as the advocates'.
CERTIFIED_GROUP = "Certified"
