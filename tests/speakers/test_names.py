"""Name keys and alias resolution."""

import pytest

from archive.labels import LabelKind, classify_label
from speakers.models import SpeakerAlias
from speakers.names import name_key
from speakers.resolve import add_alias, find_speakers, get_or_create_speakers
from tests.factories import make_speaker


@pytest.mark.parametrize(
    "spelling", ["Tim Davis", "tim  davis", "Tím Davis", " TIM\tDAVIS ", "Ｔｉｍ Davis"]
)
def test_spellings_of_one_name_share_a_key(spelling):
    assert name_key(spelling) == "tim davis"


def test_different_names_have_different_keys():
    assert name_key("Tim Davis") != name_key("Tom Davis")


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Speaker 2", LabelKind.GENERIC),
        ("SPEAKER_1", LabelKind.GENERIC),
        ("spk_0", LabelKind.GENERIC),
        ("Unknown", LabelKind.GENERIC),
        ("Unknown Speaker", LabelKind.GENERIC),
        ("A", LabelKind.GENERIC),
        ("0", LabelKind.GENERIC),
        ("12", LabelKind.GENERIC),
        ("Break", LabelKind.PSEUDO),
        ("Jingles", LabelKind.PSEUDO),
        ("Music", LabelKind.PSEUDO),
        ("Ad", LabelKind.PSEUDO),
        ("Adam Curry", LabelKind.PERSON),
        ("Speakerman Jones", LabelKind.PERSON),
        ("James C", LabelKind.PERSON),
    ],
)
def test_labels_are_classified(label, kind):
    assert classify_label(label) is kind


@pytest.mark.django_db
def test_resolving_names_is_one_query(django_assert_num_queries):
    make_speaker("Ada Lovelace"), make_speaker("Grace Hopper")

    with django_assert_num_queries(1):
        found = find_speakers(["ada lovelace", "Grace  Hopper", "Nobody Known"])

    assert {name: s.name for name, s in found.items()} == {
        "ada lovelace": "Ada Lovelace",
        "Grace  Hopper": "Grace Hopper",
    }


@pytest.mark.django_db
def test_new_spellings_of_one_new_name_become_one_speaker():
    found, created = get_or_create_speakers(["Zoë Quinn", "zoe quinn"])

    assert len(created) == 1
    assert found["Zoë Quinn"] == found["zoe quinn"]
    assert created[0].slug == "zoe-quinn"
    assert SpeakerAlias.objects.get().key == "zoe quinn"


@pytest.mark.django_db
def test_slugs_stay_unique_for_people_with_the_same_name():
    make_speaker("Tim Davis", slug="tim-davis")
    SpeakerAlias.objects.all().delete()  # the next "Tim Davis" is someone new

    # "Zoë Quinn" and "Zoe-Quinn" are two names (two keys) that slugify alike.
    _, created = get_or_create_speakers(["Tim Davis", "Zoë Quinn", "Zoe-Quinn"])

    assert [speaker.slug for speaker in created] == ["tim-davis-2", "zoe-quinn", "zoe-quinn-2"]


@pytest.mark.django_db
def test_a_name_cannot_alias_two_people():
    ada, other = make_speaker("Ada"), make_speaker("Other")
    add_alias(ada, "Countess of Lovelace")

    with pytest.raises(ValueError, match="already a name of Ada"):
        add_alias(other, "countess of  lovelace")
    assert add_alias(ada, "Countess of Lovelace").speaker == ada
