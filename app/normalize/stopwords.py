"""Stopwords of the page's language: the share of them in a line tells prose from chrome.

Running text in any language is full of function words; menus, link titles, captions and
credits are not. The lists are jusText's (one per language, shipped with that package).
"""

from __future__ import annotations

from functools import cache

import justext

# ISO 639-1 (as py3langid answers) -> jusText stoplist name.
_STOPLIST_NAMES = {
    "af": "Afrikaans", "an": "Aragonese", "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian",
    "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "gu": "Gujarati",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "is": "Icelandic", "it": "Italian", "jv": "Javanese",
    "ka": "Georgian", "kk": "Kazakh", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish",
    "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish", "lt": "Lithuanian", "lv": "Latvian",
    "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi", "ms": "Malay", "mt": "Maltese",
    "nb": "Norwegian_Bokmal", "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian_Nynorsk",
    "no": "Norwegian_Bokmal", "oc": "Occitan", "pl": "Polish", "pt": "Portuguese",
    "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil",
    "te": "Telugu", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "uz": "Uzbek", "vi": "Vietnamese", "wa": "Walloon", "yo": "Yoruba",
}  # fmt: skip


@cache
def stoplist(language: str | None) -> frozenset[str]:
    """Lower-cased stopwords of an ISO 639-1 language; empty when none is known."""
    name = _STOPLIST_NAMES.get(language or "")
    return frozenset(justext.get_stoplist(name)) if name else frozenset()
