from django.shortcuts import get_object_or_404, render

from speakers.models import Speaker

from .models import Episode, Show

HOME_LIST_LENGTH = 12


def home(request):
    """Latest public episodes and the speakers heard most often. Two queries."""
    context = {
        "episodes": Episode.objects.public().with_show().latest()[:HOME_LIST_LENGTH],
        "speakers": Speaker.objects.most_appearing()[:HOME_LIST_LENGTH],
    }
    return render(request, "archive/home.html", context)


def show_detail(request, slug):
    show = get_object_or_404(Show, slug=slug)
    episodes = show.episodes.public().with_show().latest()
    return render(request, "archive/show_detail.html", {"show": show, "episodes": episodes})


def episode_detail(request, show, slug):
    """An episode with its credits and its whole transcript. Three queries."""
    episode = get_object_or_404(Episode.objects.public().with_show(), show__slug=show, slug=slug)
    context = {
        "episode": episode,
        "appearances": episode.appearances.public().select_related("speaker").in_credit_order(),
        "utterances": episode.utterances.select_related("speaker").order_by("sequence"),
    }
    return render(request, "archive/episode_detail.html", context)
