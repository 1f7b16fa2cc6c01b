"""Names for the synthetic archive's people and shows, combined from lists written here.

Every person gets a distinct first-and-last combination, so no two speakers
share an alias key (``speakers.names.name_key``); a few names carry accents
or apostrophes, as real ones do, and exercise slugs and keys.
"""

from __future__ import annotations

import random

FIRST_NAMES = [
    *("Ada", "Alan", "Alma", "Amara", "Amir", "Ana", "Anders", "Anika", "Arjun", "Astrid"),
    *("Aurora", "Ayla", "Beatrix", "Bella", "Benedikt", "Bruno", "Caleb", "Camila", "Carmen"),
    *("Cecil", "Chiara", "Clara", "Conrad", "Dalia", "Damon", "Daria", "Delphine", "Desmond"),
    *("Dev", "Diego", "Dora", "Edgar", "Edith", "Elias", "Elif", "Elena", "Emeka", "Emil", "Enzo"),
    *("Esme", "Ezra", "Farah", "Felix", "Fern", "Fiona", "Flora", "Gideon", "Greta", "Hana"),
    *("Hamid", "Harriet", "Hugo", "Ida", "Ines", "Ingrid", "Irene", "Isaac", "Ivan", "Jasper"),
    *("Jonah", "Juno", "Kai", "Kamal", "Kenji", "Kira", "Lars", "Leila", "Leon", "Lena", "Levi"),
    *("Lila", "Linus", "Lorenzo", "Lucia", "Luka", "Mabel", "Magnus", "Maia", "Malik", "Mara"),
    *("Marcel", "Marta", "Mateo", "Maxine", "Mei", "Milo", "Mira", "Nadia", "Naomi", "Nico"),
    *("Nina", "Noor", "Oksana", "Olga", "Omar", "Orla", "Oscar", "Otto", "Paloma", "Pavel", "Pia"),
    *("Priya", "Quentin", "Rafael", "Rania", "Ravi", "Rhea", "Rosa", "Rowan", "Ruth", "Sami"),
    *("Sanna", "Santiago", "Selma", "Silas", "Sofia", "Stellan", "Sunita", "Tariq", "Tess", "Theo"),
    *("Tomas", "Uma", "Valentin", "Vera", "Viggo", "Wanda", "Wendell", "Xavier", "Yara", "Yusuf"),
    *("Zara", "Zeno", "Zoë", "José", "Chloé", "Björn", "Renée", "Søren", "Ximena", "Dagny", "Imre"),
    *("Anouk", "Bastian", "Cosima", "Emrys", "Femi", "Hollis", "Ines-Marie", "Jovana"),
]

LAST_NAMES = [
    *("Abbott", "Acosta", "Adeyemi", "Albright", "Alvarez", "Andersen", "Arkwright", "Ashdown"),
    *("Bauer", "Beaumont", "Bellamy", "Bergstrom", "Blackwood", "Bosch", "Brandt", "Calloway"),
    *("Carrow", "Castillo", "Chandra", "Clement", "Cordova", "Crane", "Dalton", "Danforth"),
    *("Delacroix", "Dimitrov", "Drummond", "Eastman", "Ellery", "Engel", "Farrow", "Fenwick"),
    *("Ferreira", "Fitzgerald", "Fontaine", "Forsythe", "Galloway", "Garrido", "Goldberg"),
    *("Greaves", "Haddad", "Halvorsen", "Hartley", "Hawthorne", "Hayashi", "Holloway", "Ibarra"),
    *("Ingram", "Iwasaki", "Jablonski", "Jarvis", "Kader", "Kaplan", "Kestrel", "Kowalski"),
    *("Lachance", "Langley", "Larsen", "Lindqvist", "Lockhart", "Lowell", "Macready", "Mahler"),
    *("Marchetti", "Mercer", "Moreau", "Nakamura", "Navarro", "Nilsson", "Novak", "Oakley"),
    *("Okafor", "Olsen", "Ortega", "Pacheco", "Pemberton", "Petrov", "Quinlan", "Radcliffe"),
    *("Ramsey", "Reyes", "Rinaldi", "Rossi", "Sandoval", "Sato", "Schafer", "Sinclair", "Solberg"),
    *("Sorensen", "Stroud", "Takahashi", "Tamura", "Thorne", "Torres", "Underwood", "Valdez"),
    *("Vance", "Varga", "Vasquez", "Wakefield", "Waverly", "Weber", "Whitaker", "Winslow"),
    *("Yamada", "Yilmaz", "Zamora", "Zielinski", "Ashby", "Barlow", "Cavendish", "Dunmore"),
    *("Everly", "Fairweather", "Gallagher", "Holm", "Ivers", "Keating", "Linden", "Morrow"),
    *("Northcott", "Pryce", "Rowntree", "Stavros", "Tremaine", "Ulrich", "Voss", "Whitlock"),
    *("Yardley", "Brennan", "Castell", "Dragomir", "Eklund", "Fallon", "Grieve", "Hollis"),
    *("Juarez", "Kimura", "Lorne", "Mwangi", "Nkemelu", "Osei", "Prado", "Quiroga", "Sabine"),
    *("Tanaka", "Uddin", "Vidal", "Wexford", "Achterberg", "Bianchi", "Corrigan", "Dietrich"),
    *("Esposito", "Gunnarsson", "Marlowe", "Pennington", "Strand", "Thackeray", "Vogel"),
    *("Winterbourne", "Ashworth", "Blom"),
    # Names with accents, apostrophes and particles, as real transcripts have them.
    *("Müller", "Núñez", "García", "Ødegaard", "Šimunović", "Brontë", "Łukaszewicz"),
    *("O'Connor", "O'Hara", "D'Amico", "de la Cruz", "van der Berg", "da Silva", "Le Roux"),
]

SHOW_ADJECTIVES = [
    *("Curious", "Quiet", "Late", "Open", "Deep", "Weekly", "Restless", "Careful", "Bright"),
    *("Patient", "Wandering", "Hidden", "Slow", "Loud", "Honest", "Strange", "Modern", "Ancient"),
    *("Digital", "Analog", "Useful", "Unfinished", "Northern", "Southern", "Electric", "Common"),
    *("Second", "Small", "Long", "Little", "Wild", "Plain", "Hungry", "Lucky", "Gentle", "Brave"),
]
SHOW_NOUNS = [
    *("Signal", "Harbor", "Lantern", "Orbit", "Kitchen", "Workshop", "Library", "Engine", "Garden"),
    *("Compass", "Atlas", "Archive", "Bridge", "Frequency", "Margin", "Hour", "Table", "Desk"),
    *("Notebook", "Field", "River", "Island", "Station", "Window", "Ledger", "Theory", "Machine"),
    *("Canvas", "Circuit", "Kettle", "Almanac", "Lighthouse", "Orchard", "Telescope"),
    *("Conversation", "Question", "Attic", "Porch", "Switchboard", "Crossroads", "Observatory"),
    *("Greenhouse", "Quarry", "Tangent", "Chorus"),
]
SHOW_PATTERNS = (
    "The {adjective} {noun}",
    "{noun} and {other}",
    "{adjective} {noun} Radio",
    "The {noun} Hour",
    "{noun} Weekly",
    "Notes from the {noun}",
)


def speaker_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct "First Last" names, drawn without replacement.

    One ``sample`` over the index of all combinations: no retry loop, no
    repeated name, however many are asked for (up to every combination).
    """
    combinations = len(FIRST_NAMES) * len(LAST_NAMES)
    if count > combinations:
        raise ValueError(f"only {combinations:,} distinct names; {count:,} asked for")
    return [
        f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[n // len(FIRST_NAMES)]}"
        for n in rng.sample(range(combinations), count)
    ]


def show_titles(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct show titles such as "The Curious Lantern" or "Atlas and Kettle"."""
    titles: dict[str, None] = {}
    while len(titles) < count:
        noun, other = rng.sample(SHOW_NOUNS, 2)
        pattern = rng.choice(SHOW_PATTERNS)
        adjective = rng.choice(SHOW_ADJECTIVES)
        titles.setdefault(pattern.format(adjective=adjective, noun=noun, other=other))
    return list(titles)
