from office.models import OfficeProfile
from office.roles import primary_role, roles_of


def office(request):
    """The office profile and the user's roles, for the letterhead and the menu."""
    user = getattr(request, "user", None)
    return {
        "office": OfficeProfile.shown(),
        "user_roles": roles_of(user),
        "user_primary_role": primary_role(user),
    }
