"""The survey prompt in the page chrome (see `community.listening.prompt` for its cost)."""

from django import template

from ..prompt import pending_surveys

register = template.Library()


@register.inclusion_tag("listening/includes/prompt.html", takes_context=True)
def survey_prompt(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    # Visitors are never invited: their pages skip the cache read altogether, whatever the
    # template around the tag checks first.
    if user is None or not user.is_authenticated or context.get("hide_survey_prompt"):
        return {"survey": None}
    pending = pending_surveys(user)
    if not pending:
        return {"survey": None}
    return {"survey": pending[0], "scores": range(11), "next": request.get_full_path()}
