from django.shortcuts import get_object_or_404, render

from .models import Speaker


def speaker_detail(request, slug):
    """A speaker and every public episode they appeared on, newest first. Two queries."""
    speaker = get_object_or_404(Speaker, slug=slug)
    appearances = speaker.appearances.public().select_related("episode__show").by_episode_date()
    return render(
        request, "speakers/speaker_detail.html", {"speaker": speaker, "appearances": appearances}
    )
