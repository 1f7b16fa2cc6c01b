from django.http import Http404
from django.shortcuts import redirect, render

from .models import Speaker, SpeakerSlugRedirect


def speaker_detail(request, slug):
    """A speaker, who they are, and every public episode they appeared on. Three queries.

    A slug the speaker had before (renamed, merged away) answers 301 to the page now.
    """
    speaker = Speaker.objects.public().filter(slug=slug).first()
    if speaker is None:
        return _redirect_old_slug(slug)
    appearances = speaker.appearances.public().select_related("episode__show").by_episode_date()
    context = {"speaker": speaker, "appearances": appearances, "links": speaker.links.all()}
    return render(request, "speakers/speaker_detail.html", context)


def _redirect_old_slug(slug):
    moved = SpeakerSlugRedirect.objects.filter(old_slug=slug, speaker__is_published=True)
    target = moved.select_related("speaker").first()
    if target is None:
        raise Http404("No such speaker.")
    return redirect(target.speaker, permanent=True)
