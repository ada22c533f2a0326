"""The survey prompt in the page chrome (see `community.listening.prompt` for its cost)."""

from django import template

from ..prompt import pending_surveys

register = template.Library()


@register.inclusion_tag("listening/includes/prompt.html", takes_context=True)
def survey_prompt(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or context.get("hide_survey_prompt"):
        return {"survey": None}
    pending = pending_surveys(user)
    return {
        "survey": pending[0] if pending else None,
        "scores": range(11),
        "next": request.get_full_path(),
    }
