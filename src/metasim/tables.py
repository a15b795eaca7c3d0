"""Fixed reference tables of the world: TMDb genres, watch providers, companies, networks, countries,
languages, certifications and the word pools names are drawn from.

Genre, provider, company and network ids are TMDb's real ids for those names, so a real config that
says ``with_genres: 28`` or ``tmdb_company: 420`` means the same thing here as against TMDb.
"""

from __future__ import annotations

#: TMDb's movie genre table (GET /genre/movie/list).
MOVIE_GENRES: dict[int, str] = {
    28: "Action", 12: "Adventure", 16: "Animation", 35: "Comedy", 80: "Crime", 99: "Documentary",
    18: "Drama", 10751: "Family", 14: "Fantasy", 36: "History", 27: "Horror", 10402: "Music",
    9648: "Mystery", 10749: "Romance", 878: "Science Fiction", 10770: "TV Movie", 53: "Thriller",
    10752: "War", 37: "Western",
}
#: TMDb's TV genre table (GET /genre/tv/list).
TV_GENRES: dict[int, str] = {
    10759: "Action & Adventure", 16: "Animation", 35: "Comedy", 80: "Crime", 99: "Documentary",
    18: "Drama", 10751: "Family", 10762: "Kids", 9648: "Mystery", 10763: "News", 10764: "Reality",
    10765: "Sci-Fi & Fantasy", 10766: "Soap", 10767: "Talk", 10768: "War & Politics", 37: "Western",
}
#: relative weights when drawing genres (common genres more often)
MOVIE_GENRE_WEIGHTS: dict[int, int] = {18: 30, 35: 22, 28: 18, 53: 16, 12: 12, 80: 10, 27: 10, 10749: 10,
                                       878: 9, 14: 8, 16: 7, 10751: 7, 9648: 7, 99: 5, 36: 4, 10752: 3,
                                       10402: 3, 37: 2, 10770: 2}
TV_GENRE_WEIGHTS: dict[int, int] = {18: 30, 35: 20, 80: 12, 10765: 12, 10759: 12, 9648: 9, 99: 6, 16: 6,
                                    10751: 4, 10764: 4, 10768: 3, 10762: 2, 37: 1, 10763: 1, 10766: 1, 10767: 1}

#: (provider_id, provider_name, logo file stem) — TMDb's watch provider ids.
PROVIDERS: tuple[tuple[int, str], ...] = (
    (8, "Netflix"), (9, "Amazon Prime Video"), (337, "Disney Plus"), (15, "Hulu"), (1899, "Max"),
    (350, "Apple TV Plus"), (531, "Paramount Plus"), (386, "Peacock Premium"), (283, "Crunchyroll"),
    (38, "BBC iPlayer"), (39, "Now TV"), (2, "Apple TV"), (3, "Google Play Movies"), (10, "Amazon Video"),
    (192, "YouTube"),
)
#: which providers offer subscriptions (flatrate) and which rent/buy, per region
FLATRATE: dict[str, tuple[int, ...]] = {
    "US": (8, 9, 337, 15, 1899, 350, 531, 386, 283), "GB": (8, 9, 337, 350, 38, 39, 283),
    "DE": (8, 9, 337, 350, 283), "CA": (8, 9, 337, 350, 283), "FR": (8, 9, 337, 350),
    "AU": (8, 9, 337, 350),
}
STORES: tuple[int, ...] = (2, 3, 10, 192)
#: the regional services and the other ids TMDb gives a service (TMDb's ids), added to the providers
#: above; they are drawn from a random stream of their own, so the older draws stay as they were
REGIONAL_PROVIDERS: tuple[tuple[int, str], ...] = (
    (119, "Amazon Prime Video"), (175, "Netflix Kids"), (387, "Peacock Premium Plus"),
    (1770, "Paramount+ with Showtime"), (528, "AMC+"), (1854, "AMC Plus Apple TV Channel"), (1759, "BET+"),
    (73, "Tubi TV"), (188, "YouTube Premium"), (235, "YouTube Free"), (508, "DisneyNOW"), (510, "Discovery+"),
    (524, "Discovery+"), (584, "Discovery+ Amazon Channel"), (103, "Channel 4"), (41, "ITVX"),
    (2300, "ITVX Premium"), (223, "Hayu"), (230, "Crave"), (149, "Movistar Plus+"),
    (339, "Movistar Plus+ Ficción Total"), (2241, "Movistar Plus+ Amazon Channel"), (62, "Atres Player"),
    (2162, "Atresplayer Amazon Channel"), (63, "Filmin"),
)
#: region -> (provider id, monetization type) a title may also be offered with; ES is a region of its own
REGIONAL_OFFERS: dict[str, tuple[tuple[int, str], ...]] = {
    "US": ((528, "flatrate"), (1854, "flatrate"), (1759, "flatrate"), (73, "ads"), (188, "flatrate"),
           (235, "free"), (510, "flatrate"), (524, "flatrate"), (1770, "flatrate"), (387, "flatrate"),
           (175, "flatrate")),
    "GB": ((103, "flatrate"), (41, "flatrate"), (2300, "flatrate"), (223, "flatrate"), (39, "flatrate"),
           (584, "flatrate")),
    "CA": ((230, "flatrate"), (73, "ads")),
    "ES": ((8, "flatrate"), (119, "flatrate"), (337, "flatrate"), (1899, "flatrate"), (149, "flatrate"),
           (339, "flatrate"), (2241, "flatrate"), (62, "flatrate"), (2162, "flatrate"), (63, "flatrate")),
}
#: the regions where TMDb gives Amazon Prime Video the id 119 (9 elsewhere)
PRIME_119: tuple[str, ...] = ("CA", "AU", "NL", "ES")
REGIONS: tuple[str, ...] = tuple(dict.fromkeys((*FLATRATE, *REGIONAL_OFFERS)))
#: an MDBList list k0meta/<key>-originals per service that has one: the service's provider ids (its
#: originals are drawn among the titles it offers) and the TMDb network of its own shows
ORIGINALS: dict[str, tuple[tuple[int, ...], int | None]] = {
    "netflix": ((8, 175), 213), "amazon": ((9, 119), 1024), "disney": ((337, 508), 2739), "hbomax": ((1899,), 49),
    "hulu": ((15,), 453), "paramount": ((531, 1770), None), "peacock": ((386, 387), None),
    "appletv": ((350,), 2552), "amc": ((528, 1854), 174), "atresplayer": ((62, 2162), None), "filmin": ((63,), None),
    "hayu": ((223,), None), "movistar": ((149, 339, 2241), None), "tubi": ((73,), None),
}

#: (company id, name, origin country) — TMDb production company ids.
COMPANIES: tuple[tuple[int, str, str], ...] = (
    (4, "Paramount Pictures", "US"), (174, "Warner Bros. Pictures", "US"), (33, "Universal Pictures", "US"),
    (25, "20th Century Fox", "US"), (5, "Columbia Pictures", "US"), (21, "Metro-Goldwyn-Mayer", "US"),
    (1632, "Lionsgate", "US"), (41077, "A24", "US"), (3, "Pixar", "US"), (2, "Walt Disney Pictures", "US"),
    (12, "New Line Cinema", "US"), (10146, "Focus Features", "US"), (10342, "Studio Ghibli", "JP"),
    (923, "Legendary Pictures", "US"), (521, "DreamWorks Animation", "US"), (3172, "Blumhouse Productions", "US"),
    (14, "Miramax", "US"), (41, "Orion Pictures", "US"), (56, "Amblin Entertainment", "US"),
    (90733, "NEON", "US"), (882, "Toho", "JP"), (9, "Gaumont", "FR"), (104, "Canal+", "FR"),
    (288, "BBC Film", "GB"), (420, "Marvel Studios", "US"), (1, "Lucasfilm Ltd.", "US"),
    (7505, "Marvel Entertainment", "US"), (128064, "DC Films", "US"),
)
#: (network id, name, origin country) — TMDb TV network ids.
NETWORKS: tuple[tuple[int, str, str], ...] = (
    (49, "HBO", "US"), (174, "AMC", "US"), (4, "BBC One", "GB"), (213, "Netflix", ""), (88, "FX", "US"),
    (6, "NBC", "US"), (16, "CBS", "US"), (71, "The CW", "US"), (67, "Showtime", "US"),
    (2552, "Apple TV+", ""), (2739, "Disney+", ""), (1024, "Prime Video", ""), (453, "Hulu", "US"),
    (2, "ABC", "US"), (19, "FOX", "US"), (332, "BBC Two", "GB"), (26, "Channel 4", "GB"),
)

#: ISO 3166-1 code -> English name (the countries the world uses)
COUNTRIES: dict[str, str] = {
    "US": "United States of America", "GB": "United Kingdom", "FR": "France", "DE": "Germany",
    "JP": "Japan", "CA": "Canada", "IT": "Italy", "ES": "Spain", "KR": "South Korea", "AU": "Australia",
    "IN": "India", "SE": "Sweden",
}
COUNTRY_WEIGHTS: dict[str, int] = {"US": 55, "GB": 10, "FR": 6, "DE": 4, "JP": 6, "CA": 4, "IT": 3, "ES": 3,
                                   "KR": 4, "AU": 2, "IN": 2, "SE": 1}
#: ISO 639-1 -> (English name, native name)
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "English"), "fr": ("French", "Français"), "de": ("German", "Deutsch"),
    "ja": ("Japanese", "日本語"), "it": ("Italian", "Italiano"), "es": ("Spanish", "Español"),
    "ko": ("Korean", "한국어/조선말"), "hi": ("Hindi", "हिन्दी"), "sv": ("Swedish", "svenska"),
}
#: a title's original language follows its first origin country
COUNTRY_LANGUAGE: dict[str, str] = {"US": "en", "GB": "en", "CA": "en", "AU": "en", "FR": "fr", "DE": "de",
                                    "JP": "ja", "IT": "it", "ES": "es", "KR": "ko", "IN": "hi", "SE": "sv"}
PRIMARY_TRANSLATIONS: tuple[str, ...] = ("en-US", "en-GB", "fr-FR", "de-DE", "ja-JP", "it-IT", "es-ES",
                                         "ko-KR", "hi-IN", "sv-SE", "pt-BR")

#: certification ladders (US movie, US TV, and the other regions' nearest equivalents)
MOVIE_CERTS: dict[str, tuple[str, ...]] = {
    "US": ("G", "PG", "PG-13", "R", "NC-17", "NR"), "GB": ("U", "PG", "12A", "15", "18", "18"),
    "DE": ("0", "6", "12", "16", "18", "18"), "FR": ("U", "U", "12", "16", "18", "18"),
    "CA": ("G", "PG", "14A", "18A", "R", "R"), "AU": ("G", "PG", "M", "MA15+", "R18+", "R18+"),
}
MOVIE_CERT_WEIGHTS: tuple[int, ...] = (6, 16, 30, 36, 2, 10)
TV_CERTS: dict[str, tuple[str, ...]] = {
    "US": ("TV-Y", "TV-G", "TV-PG", "TV-14", "TV-MA"), "GB": ("U", "PG", "12", "15", "18"),
    "DE": ("0", "6", "12", "16", "18"), "FR": ("NR", "10", "12", "16", "18"),
    "CA": ("C", "G", "PG", "14+", "18+"), "AU": ("P", "G", "PG", "M", "MA15+"),
}
TV_CERT_WEIGHTS: tuple[int, ...] = (3, 6, 16, 40, 35)

SHOW_STATUSES: tuple[tuple[str, int], ...] = (("Returning Series", 40), ("Ended", 45), ("Canceled", 15))
SHOW_TYPES: tuple[tuple[str, int], ...] = (("Scripted", 75), ("Documentary", 8), ("Reality", 7),
                                           ("Miniseries", 7), ("Talk Show", 2), ("News", 1))
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "Directing": ("Director",), "Writing": ("Writer", "Screenplay", "Novel"),
    "Production": ("Producer", "Executive Producer", "Casting"), "Camera": ("Director of Photography",),
    "Sound": ("Original Music Composer",), "Editing": ("Editor",), "Acting": (),
}
TIMEZONES: dict[str, tuple[str, ...]] = {
    "US": ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"),
    "GB": ("Europe/London",), "DE": ("Europe/Berlin",), "FR": ("Europe/Paris",), "JP": ("Asia/Tokyo",),
    "CA": ("America/Toronto", "America/Vancouver"), "AU": ("Australia/Sydney",),
}
CHANGE_KEYS: tuple[str, ...] = (
    "adult", "air_date", "also_known_as", "alternative_titles", "biography", "birthday", "budget", "cast",
    "certifications", "character_names", "created_by", "crew", "deathday", "episode", "episode_number",
    "episode_run_time", "freebase_id", "freebase_mid", "general", "genres", "guest_stars", "homepage",
    "images", "imdb_id", "languages", "name", "network", "origin_country", "original_name",
    "original_title", "overview", "parts", "place_of_birth", "plot_keywords", "production_code",
    "production_companies", "production_countries", "releases", "revenue", "runtime", "season",
    "season_number", "season_regular", "spoken_languages", "status", "tagline", "title", "translations",
    "tvdb_id", "tvrage_id", "type", "video", "videos",
)

ADJ: tuple[str, ...] = (
    "Silent", "Crimson", "Last", "Hidden", "Broken", "Golden", "Midnight", "Lost", "Wild", "Frozen", "Burning",
    "Electric", "Savage", "Quiet", "Eternal", "Hollow", "Iron", "Velvet", "Distant", "Secret", "Little",
    "Dark", "Bright", "Northern", "Final", "Scarlet", "Forgotten", "Endless", "Restless", "Blue", "Stolen",
    "Sacred", "Falling", "Rising", "Wandering", "Glass", "Paper", "Neon", "Sunken", "Painted",
)
NOUN: tuple[str, ...] = (
    "Harbor", "Kingdom", "River", "Garden", "Empire", "Witness", "Horizon", "Signal", "Mirror", "Voyage",
    "Orchard", "Frontier", "Machine", "Storm", "Letter", "Island", "Circus", "Shadow", "Station", "Crown",
    "Heart", "Promise", "Dynasty", "Canyon", "Lantern", "Citadel", "Paradox", "Symphony", "Archive", "Engine",
    "Comet", "Tide", "Labyrinth", "Oracle", "Bridge", "Desert", "Winter", "Carnival", "Meridian", "Atlas",
)
FOREIGN: dict[str, tuple[str, ...]] = {
    "fr": ("Le Dernier Été", "La Nuit Bleue", "Les Enfants du Port", "Coup de Grâce", "Amélie des Ombres"),
    "de": ("Das Letzte Licht", "Der Stille Fluss", "Die Gläserne Stadt", "Über den Wolken"),
    "ja": ("風の谷", "夜明けの街", "静かな海", "千の夢"),
    "it": ("La Grande Strada", "Il Silenzio", "Notte d'Estate"),
    "es": ("El Niño Perdido", "La Señora del Mar", "Noche de Fuego"),
    "ko": ("기억의 밤", "바람의 노래", "푸른 강"),
    "hi": ("सपनों का शहर", "आख़िरी रात"),
    "sv": ("Smörgåsbord", "Den Tysta Sjön"),
}
FIRST: tuple[str, ...] = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Sofia", "Akira",
    "Chen", "Amara", "Lars", "Ines", "Mateo", "Yuki", "Olga", "Ravi", "Noor", "Pierre", "Greta", "Kwame",
    "Leila", "Tomás", "Aoife", "Dmitri", "Zoë", "Hiro", "Björn", "Elena", "Samuel", "Priya", "Oscar", "Mei",
)
LAST: tuple[str, ...] = (
    "Smith", "Johnson", "Garcia", "Kurosawa", "Nakamura", "Okafor", "Lindqvist", "Moreau", "Rossi", "Müller",
    "Kowalski", "Singh", "Haddad", "O'Brien", "Fernández", "Novak", "Park", "Ivanova", "Dubois", "Bergman",
    "Tanaka", "Mensah", "Costa", "Walsh", "Schmidt", "Kim", "Silva", "Andersen", "Petrov", "Laurent",
)
KEYWORDS: tuple[str, ...] = (
    "based on novel or book", "superhero", "dystopia", "time travel", "heist", "revenge", "space",
    "artificial intelligence", "coming of age", "serial killer", "road trip", "zombie", "martial arts",
    "world war ii", "biography", "survival", "friendship", "small town", "conspiracy", "haunted house",
    "post-apocalyptic future", "sequel", "remake", "based on comic", "anime", "christmas", "sports",
    "musical", "female protagonist", "lgbt", "alien", "vampire", "parallel world", "detective",
    "hostage", "prison", "high school", "family relationships", "mockumentary", "woman director",
)
#: TMDb's keywords for a scene after / during the credits (MediaStinger's data, as TMDb spells them)
STINGERS: tuple[str, ...] = ("aftercreditsstinger", "duringcreditsstinger")
