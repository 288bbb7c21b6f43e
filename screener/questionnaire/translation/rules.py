"""The wording rules for each language a translation may be in: the same rules as the
English (wording.py), in that language's words, and its reading-ease limit."""

from __future__ import annotations

from ..wording import WordingRules

#: Fernández Huerta's reading ease (0-100, higher is easier; Spanish's adaptation of
#: Flesch). 60-70 reads as "normal", about the 8th or 9th year of school, in line with
#: the English limit of grade 8; 70-80 "fairly easy", what we aim for.
MIN_SPANISH_READING_EASE = 60.0

SPANISH = WordingRules(
    language="es",
    min_reading_ease=MIN_SPANISH_READING_EASE,
    diagnostic_phrases=(
        "usted tiene",
        "usted padece",
        "puede tener",
        "podría tener",
        "puede que tenga",
        "probablemente tiene",
        "probablemente",
        "probable",
        "es posible que tenga",
        "diagnóstico de",
        "diagnosticado de",
        "diagnosticada de",
        "diagnosticado con",
        "diagnosticada con",
        "compatible con",
        "indicativo de",
        "sugestivo de",
        "su puntuación",
    ),
    allowed_phrases=(
        "esto no es un diagnóstico",
        "no es un diagnóstico",
        "no puede decirle si tiene",
    ),
    implied_label_phrases=(
        "rasgo reconocido",
        "rasgo conocido",
        "un rasgo de",
        "típico de",
        "típica de",
        "signo típico",
        "signo clásico",
        "característico de",
        "característica de",
        "el tipo más común",
        "el tipo más frecuente",
        "la forma más común",
        "la forma más frecuente",
        "un signo de",
        "un tipo de distonía",
        "así es como se ve",
        "apunta a",
        "es un síntoma de",
        "sugiere",
        "indica que",
    ),
    condition_names=(
        "distonía",
        "distónic",
        "parkinson",
        "ictus",
        "derrame cerebral",
        "wilson",
        "epilepsia",
        "convulsión",
        "convulsiones",
        "encefalitis",
        "meningitis",
        "tumor",
        "síndrome",
        "enfermedad",
        "tortícolis",
        "blefaroespasmo",
        "disfonía",
        "discinesia tardía",
        "parálisis",
        "esclerosis",
        "trastorno de tics",
        "trastorno funcional",
    ),
)

#: By language code. English's rules come from the app's settings (wording_rules).
RULES: dict[str, WordingRules] = {"es": SPANISH}
