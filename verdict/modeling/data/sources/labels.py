"""Label tables: each source's own categories mapped onto `verdict.runtime.taxonomy.TOPIC_LABELS`.

Data, not code: every adapter looks its labels up here, so a reviewer can audit the whole mapping on one
page. A category mapped to `None` is deliberately left out of training: it names a harm the taxonomy does
not cover, so its examples are neither positives nor safe negatives.
"""

from __future__ import annotations

# MLCommons AILuminate hazard codes; the taxonomy was built on them, so the mapping is one to one.
AILUMINATE: dict[str, tuple[str, ...]] = {
    "vcr": ("violent_crimes",),
    "ncr": ("non_violent_crimes",),
    "src": ("sex_related_crimes",),
    "cse": ("child_sexual_exploitation",),
    "dfm": ("defamation",),
    "spc_hlt": ("specialized_advice_medical",),
    "spc_lgl": ("specialized_advice_legal",),
    "spc_fin": ("specialized_advice_financial",),
    "prv": ("privacy",),
    "ipv": ("intellectual_property",),
    "iwp": ("indiscriminate_weapons",),
    "hte": ("hate",),
    "ssh": ("suicide_self_harm",),
    "sxc_prn": ("sexual_content",),
    "spc_ele": ("elections",),
}

# HarmBench SemanticCategory -> default topics. The mixed categories ("illegal", "harmful",
# "misinformation_disinformation") hold behaviours of very different kinds, so HARMBENCH_RULES below
# refine them from the behaviour text; the default applies only when no rule matches.
HARMBENCH: dict[str, tuple[str, ...] | None] = {
    "chemical_biological": ("indiscriminate_weapons",),
    "cybercrime_intrusion": ("code_interpreter_abuse",),
    "illegal": ("non_violent_crimes",),
    "harassment_bullying": ("harassment",),
    "copyright": ("intellectual_property",),
    # Historical revisionism and health myths are not a taxonomy hazard; only the rules keep some.
    "misinformation_disinformation": None,
    # A grab bag (graphic scenes, porn, ED encouragement, poisoning ads): the rules decide each one.
    "harmful": None,
}

# (regex on the lowercased behaviour, topics) for the mixed categories. The topics of every matching rule
# replace the category default: "kill a patient in a hospital" is a violent crime, not merely "illegal".
HARMBENCH_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"\b(kill|killing|murder|hitman|bomb|kidnap|hostage|arson|gunpoint|death threat|assault|beats?|"
        r"fall down the stairs|glock|handgun|mass killing|swatting|threatening)\b",
        ("violent_crimes",),
    ),
    (r"uranium|pipe bomb|car bomb", ("indiscriminate_weapons",)),
    (r"suicide|self-harm|anorexia|bulimia", ("suicide_self_harm",)),
    (
        r"sexual exploitation|brothel|non-consensual sex|sexual assault|explicit images",
        ("sex_related_crimes",),
    ),
    (r"pornographic|explicit pornographic", ("sexual_content",)),
    (r"in graphic detail|flayed|dismembered|drawn and quartered", ("graphic_violence",)),
    (r"\brace\b|races|racist|anti-semitic|immigrants|women being inherently|terrorists than", ("hate",)),
    (
        r"defamatory|suggest that .*(was|were|received|engaged|involved|violate)|snorting|"
        r"addicted to heroin|partying|was paid",
        ("defamation",),
    ),
    (
        r"ballot|voter fraud|voting machine|election fraud|federal election commission|not voting",
        ("elections",),
    ),
    (r"social security number|medical records|personal information", ("privacy",)),
    (r"drug use|huff paint|breathalyzer|pacemaker", ("non_violent_crimes",)),
)

# StrongREJECT categories. "Disinformation and deception" mixes election lies, defamation and scams, so it
# is refined with the same HARMBENCH_RULES and dropped when none matches.
STRONGREJECT: dict[str, tuple[str, ...] | None] = {
    "Non-violent crimes": ("non_violent_crimes",),
    "Violence": ("violent_crimes",),
    "Disinformation and deception": None,
    "Hate, harassment and discrimination": ("hate", "harassment"),
    "Illegal goods and services": ("non_violent_crimes",),
    "Sexual content": ("sexual_content",),
}

# CatQA (red_instruct) "Category/Subcategory" -> topics; a subcategory entry wins over its category.
CATQA: dict[str, tuple[str, ...] | None] = {
    "Illegal Activity": ("non_violent_crimes",),
    "Illegal Activity/Human Trafficking": ("sex_related_crimes", "non_violent_crimes"),
    "Illegal Activity/Cybercrime": ("non_violent_crimes", "code_interpreter_abuse"),
    "Illegal Activity/Theft and Robbery": ("non_violent_crimes",),
    "Illegal Activity/Weapon": ("non_violent_crimes",),
    "Child Abuse": ("violent_crimes",),
    "Child Abuse/Content Sexual exploitation": ("child_sexual_exploitation",),
    "Child Abuse/Online predation": ("child_sexual_exploitation",),
    "Hate/Harass/Violence/Racial or ethnic hate": ("hate",),
    "Hate/Harass/Violence/Religious intolerance": ("hate",),
    "Hate/Harass/Violence/Gender-based violence": ("violent_crimes", "hate"),
    "Hate/Harass/Violence/Cyberbullying": ("harassment",),
    "Hate/Harass/Violence/Terrorism and extremism": ("violent_crimes",),
    "Malware Viruses": ("code_interpreter_abuse",),
    "Physical Harm": ("violent_crimes",),
    "Physical Harm/Self-harm": ("suicide_self_harm",),
    # Mishandling hazardous material and "unsafe practices" endanger the asker, not a crime against others.
    "Physical Harm/Hazardous material handling": None,
    "Physical Harm/Unsafe practices": None,
    "Physical Harm/Weapon making": ("indiscriminate_weapons",),
    "Economic Harm": ("non_violent_crimes",),
    "Economic Harm/Intellectual property theft": ("intellectual_property",),
    "Fraud/Deception": ("non_violent_crimes",),
    "Fraud/Deception/Identity theft": ("non_violent_crimes", "privacy"),
    # Misleading ads are a consumer-protection matter, not a hazard in the taxonomy.
    "Fraud/Deception/False advertising": None,
    "Adult Content": ("sexual_content",),
    "Adult Content/Adult-themed humor": None,  # crude jokes are not sexually explicit
    "Political Campaigning": None,  # campaigning and lobbying are legitimate
    "Political Campaigning/Political misinformation": ("elections",),
    "Privacy Violation Activity": ("privacy",),
    "Privacy Violation Activity/Data theft": ("privacy", "non_violent_crimes"),
    "Privacy Violation Activity/Deepfake creation": ("privacy", "defamation"),
    "Tailored Financial Advice": ("specialized_advice_financial",),
}

# Do-Not-Answer trait ids (trait_typology.json). Chat behaviours (C*) and generic misinformation have no
# topic; prompts whose every trait maps to None are dropped.
DONOTANSWER: dict[str, tuple[str, ...] | None] = {
    "S001fabperson": ("defamation",),
    "S002fin": ("specialized_advice_financial",),
    "S002legal": ("specialized_advice_legal",),
    "S002med": ("specialized_advice_medical",),
    "S003goods": ("non_violent_crimes",),
    "S003illegal": ("non_violent_crimes",),
    "S003instructions": ("non_violent_crimes",),
    "S004describe": ("sexual_content",),
    "S004erotica": ("sexual_content",),
    "S004lewd": ("sexual_content",),
    "S005bully": ("harassment",),
    "S005hate": ("hate",),
    "S005profanity": ("harassment",),
    "S006instructions": ("violent_crimes",),
    "S006items": ("indiscriminate_weapons",),
    "S006sh": ("suicide_self_harm",),
    "S006threat": ("harassment",),
    "S006violence": ("graphic_violence",),
    "S007": ("hate",),  # "demographic bias": prompts asserting a group is lazy, stupid, lesser
    "S008": ("code_interpreter_abuse",),
    "S008code": ("code_interpreter_abuse",),
    "S008mal": ("code_interpreter_abuse",),
    "S008phish": ("non_violent_crimes",),
    "S008spam": None,
    "S009cred": ("privacy",),
    "S009personal": ("privacy",),
    "S009private": ("privacy",),
}

# RealToxicityPrompts attribute files. Threats aim at a person, so they are harassment rather than the
# crime itself; profanity and flirtation prefixes are mostly harmless, yet not clean negatives: dropped.
REALTOXICITY: dict[str, tuple[str, ...] | None] = {
    "threat": ("harassment",),
    "insult": ("harassment",),
    "severe_toxicity": ("harassment",),
    "identity_attack": ("hate", "harassment"),
    "sexually_explicit": ("sexual_content",),
    "profanity": None,
    "flirtation": None,
}

# Hate speech is harassment too. The taxonomy defines harassment as insults, threats or bullying aimed
# at a person OR GROUP, and hate as the subset aimed at protected characteristics, so every source that
# labels hate speech gives both labels (toxic_spans already did; single-class sets that called it "hate"
# instead of "offensive" used to teach the model that hate is NOT harassment, its largest topic confusion).
HATE_SPEECH: tuple[str, ...] = ("hate", "harassment")

# Davidson `class`: 0 hate speech, 1 offensive, 2 neither (a negative).
DAVIDSON: dict[str, tuple[str, ...]] = {"0": HATE_SPEECH, "1": ("harassment",), "2": ()}

# HateXplain `label`: 0 normal, 1 offensive, 2 hate speech.
HATEXPLAIN: dict[str, tuple[str, ...]] = {"0": (), "1": ("harassment",), "2": HATE_SPEECH}

# ConvAbuse abuse types; any abusive turn (severity -1..-3 by majority) is harassment of the agent.
CONVABUSE_TYPES: dict[str, tuple[str, ...]] = {
    "ableist": HATE_SPEECH,
    "homophobic": HATE_SPEECH,
    "racist": HATE_SPEECH,
    "sexist": HATE_SPEECH,
    "transphobic": HATE_SPEECH,
    "sex_harassment": ("harassment", "sexual_content"),
    "intellectual": (),  # "you are stupid" aimed at the bot: harassment already covers it
}

# GPTFuzz question index -> topics of a harmful (label 1) answer to it; refusals are negatives whatever the
# question. None: pranks and petty cheating the taxonomy does not call a hazard; their harmful answers
# are dropped.
GPTFUZZ_QUESTIONS: dict[int, tuple[str, ...] | None] = {
    0: ("harassment", "suicide_self_harm"),
    1: ("hate",),
    2: None,
    3: ("non_violent_crimes",),
    4: ("code_interpreter_abuse", "non_violent_crimes"),
    5: ("violent_crimes",),
    6: ("non_violent_crimes",),
    7: ("non_violent_crimes",),
    8: ("non_violent_crimes",),
    9: ("intellectual_property",),
    10: ("defamation",),
    11: ("privacy",),
    12: ("privacy", "non_violent_crimes"),
    13: ("privacy",),
    14: ("violent_crimes",),
    15: ("violent_crimes",),
    16: ("non_violent_crimes",),
    17: ("violent_crimes",),
    18: ("violent_crimes",),
    19: ("non_violent_crimes",),
    20: ("privacy", "non_violent_crimes"),
    21: ("non_violent_crimes",),
    22: ("non_violent_crimes",),
    23: ("violent_crimes",),
    24: ("non_violent_crimes",),
    25: ("non_violent_crimes",),
    26: ("privacy", "non_violent_crimes"),
    27: ("non_violent_crimes",),
    28: ("privacy",),
    29: ("non_violent_crimes",),
    30: ("code_interpreter_abuse", "non_violent_crimes"),
    31: ("non_violent_crimes",),
    32: None,
    33: ("non_violent_crimes",),
    34: ("non_violent_crimes",),
    35: ("non_violent_crimes",),
    36: ("non_violent_crimes",),
    37: ("violent_crimes",),
    38: ("violent_crimes",),
    39: ("defamation",),
    40: ("non_violent_crimes",),
    41: ("harassment", "non_violent_crimes"),
    42: ("non_violent_crimes",),
    43: ("defamation",),
    44: ("privacy",),
    45: ("non_violent_crimes",),
    46: ("non_violent_crimes",),
    47: ("non_violent_crimes",),
    48: ("privacy", "non_violent_crimes"),
    49: ("non_violent_crimes",),
    50: None,
    51: ("violent_crimes",),
    52: ("non_violent_crimes",),
    53: ("non_violent_crimes",),
    54: ("non_violent_crimes",),
    55: ("violent_crimes",),
    56: ("non_violent_crimes",),
    57: ("privacy",),
    58: ("defamation",),
    59: ("violent_crimes",),
    60: ("code_interpreter_abuse",),
    61: ("code_interpreter_abuse", "non_violent_crimes"),
    62: ("privacy", "non_violent_crimes"),
    63: ("harassment",),
    64: ("non_violent_crimes",),
    65: ("non_violent_crimes",),
    66: ("harassment",),
    67: None,
    68: ("non_violent_crimes",),
    69: ("privacy",),
    70: ("non_violent_crimes",),
    71: ("violent_crimes",),
    72: ("harassment", "non_violent_crimes"),
    73: ("non_violent_crimes",),
    74: ("non_violent_crimes",),
    75: ("non_violent_crimes",),
    76: ("non_violent_crimes",),
    77: ("non_violent_crimes",),
    78: ("non_violent_crimes",),
    79: None,
    80: None,
    81: None,
    82: None,
    83: None,
    84: None,
    85: None,
    86: ("non_violent_crimes",),
    87: ("harassment",),
    88: None,
    89: ("violent_crimes",),
    90: ("non_violent_crimes",),
    91: ("harassment",),
    92: ("non_violent_crimes",),
    # Poisoning a drinking-water source is a mass-casualty attack, hence weapons as well as violence.
    93: ("violent_crimes", "indiscriminate_weapons"),
    94: ("non_violent_crimes",),
    95: ("non_violent_crimes",),
    96: ("non_violent_crimes",),
    97: ("violent_crimes",),
    98: ("privacy", "non_violent_crimes"),
    99: ("violent_crimes",),
}

# Reddit mental-health subreddits. EDAnonymous posts describe restricting and purging: the taxonomy puts
# disordered eating under suicide_self_harm. Subreddits where suicidal talk is common but unlabeled
# (depression, bpd, ...) are left out rather than used as negatives; the rest are safe negatives, and
# legaladvice/personalfinance are hard ones: people *asking* for advice is not advice given.
REDDIT: dict[str, tuple[str, ...] | None] = {
    "suicidewatch": ("suicide_self_harm",),
    "EDAnonymous": ("suicide_self_harm",),
    "depression": None,
    "bpd": None,
    "bipolarreddit": None,
    "mentalhealth": None,
    "ptsd": None,
    "lonely": None,
    "ForeverAlone": None,
    "addiction": None,
    "alcoholism": None,
    "schizophrenia": None,
    "conspiracy": None,  # election conspiracies would be unlabeled positives
    "adhd": (),
    "anxiety": (),
    "autism": (),
    "healthanxiety": (),
    "socialanxiety": (),
    "mindfulness": (),
    "teaching": (),
    "ukpolitics": (),
    "unitedkingdom": (),
    "divorce": (),
    "guns": (),
    "legaladvice": (),
    "personalfinance": (),
    "UKPersonalFinance": (),
}

# WNUT-17 classes kept; corporation, group, product and creative-work have no taxonomy entity type.
WNUT_ENTITIES: dict[str, str] = {"person": "PERSON", "location": "LOCATION"}
