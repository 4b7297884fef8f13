"""Word lists and patterns the rule-based extractor reads.

In: nothing. Out: compiled patterns for use-of-force events (and the look-alikes to ignore:
sports, film and photo shoots, vaccines), agencies with their normalised codes, outcome words,
number words, and the vocabulary that places a speaker on a side (official, subject, witness).
Kept apart from the rules so a reader can check the vocabulary in one place.
"""
from __future__ import annotations

import re

NUMBER_WORDS = {
    "no": 0, "none": 0, "zero": 0, "a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "two": 2, "both": 2, "pair": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "dozen": 12,
}
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

# A shooting: somebody shot, shots fired, gunfire. Ordered so the most specific reads first.
SHOOTING = re.compile(
    r"""\b(?:
        (?:was|were|been|being|got|get|gets|is|are|and|who\ was)\s+(?:\w+ly\s+|also\s+|then\s+)?shot(?!\s+(?:down\s+(?:the|a|an)\s+(?:idea|plan|bill|proposal)|up\s+the\s+charts|to\ fame|through\ the\ roof))
      | shot\s+(?:and\s+)?(?:killed|dead|wounded|injured|to\ death)
      | (?:fatally|critically|seriously|mortally|non-?fatally|accidentally|mistakenly|repeatedly|allegedly)\s+shot
      | shot\s+(?-i:[A-Z][a-z]+\s+[A-Z][a-z]+)\b | shot\s+(?:his|her|their)\s+(?!own\b|way\b|shot\b|first\b|last\b|best\b)\w+ | shot\s+(?:him|her|them|himself|herself|a\ man|a\ woman|a\ teen|an?\ \w+|the\ (?:man|woman|driver|suspect|victim|teen)|at|into|multiple|several|\w+\ times|once|twice|in\ the\ (?:head|chest|back|leg|arm|neck|face|abdomen|stomach|torso|shoulder|hand|foot|buttocks))
      | shootings?(?!\s+(?:guard|percentage|star|range|script|schedule|location|day\ for|of\ (?:the\ )?(?:film|movie|video|scene)))
      | (?:opened|open|opening)\ fire | gunfire | gun\ ?shots? | gunshot\ wounds? | gunm[ae]n | shooter
      | fired\s+(?:a\ |one\ |\d+\ |several\ |multiple\ |numerous\ |two\ |three\ |four\ |five\ |warning\ |more\ than\ \w+\ )?(?:shots?|rounds?|bullets?)
      | fired\s+(?:at|into|upon|on|toward|towards|through)\b | fired\ (?:his|her|their|a)\ (?:weapon|gun|firearm|pistol|rifle|handgun|service\ weapon)
      | (?:discharged|drew\ and\ fired)\s+(?:a\ |his\ |her\ |their\ )?(?:firearm|weapon|gun|service\ weapon)
      | shot\ dead | gunned\ down | stray\ (?:bullet|round)s? | bullets?\s+(?:struck|hit|grazed|pierced)
      | struck\s+by\s+(?:a\s+)?(?:stray\s+)?(?:bullets?|gunfire|a\ round) | shootout\s+with\s+(?:police|officers|agents|deputies|troopers)
      | (?:police|officer|agent|deputy|trooper)-involved\ shooting
      | (?:gun|firearm|rifle|pistol|handgun|shotgun|revolver)\s+(?:[\w'’-]+\s+){0,8}?(?:discharged|went\ off|accidentally\ fired)
      | accidental(?:ly)?\ discharge | (?:hunting|firearms?|gun)\ accident
      | (?:shotgun|gunshot|bullet)\ (?:wounds?|pellets?) | turn(?:ed|ing|s)?\ (?:the|a|his|her)\ (?:gun|weapon|rifle|pistol|shotgun)\ on
      | shots?\s+(?:were\s+|was\s+|being\s+|had\s+been\s+)?fired\b
      | (?:killed|killing|wounded|injured|struck|hit)\s+(?:[\w'’]+\s+){0,4}?(?:by|with)\s+(?:a|an|his|her|their|the)\s+(?:[\w'’]+\s+)?(?:gun|firearm|rifle|pistol|handgun|shotgun)\b
    )""",
    re.I | re.X,
)
# Force short of firearms, counted only when officers/agents are in the story.
LESS_LETHAL = re.compile(
    r"""\b(?:tased|tasered|taser|stun\ gun|pepper[- ]spray(?:ed)?|pepper[- ]?balls?|tear[- ]gas(?:sed)?|rubber\ bullets?
      | bean\ ?bag\ (?:rounds?|guns?)|less[- ]lethal|chemical\ (?:irritants?|agents?)|flash[- ]bang|chokehold
      | (?:tackled|punched|body[- ]slammed|beaten|kicked|dragged)\s+(?:him|her|them|(?:the|a|an)\ (?:\w+\ )?(?:man|woman|boy|girl|teen|teenager|suspect|driver|protester|demonstrator|person|student|worker|mother|father))\b
      | used\ force|excessive\ force|use\ of\ force)\b""",
    re.I | re.X,
)
# "shot" look-alikes: sport, film, photo, medicine, drinks, idioms.
NOT_VIOLENCE = re.compile(
    r"""\b(?:basketball|hockey|soccer|football|baseball|golf|goalie|goalkeeper|penalty\ shoot|shootout\ win|three-point|3-point
      | free\ throws?|jump\ shot|slap\ shot|shot\ clock|putt|birdie|bogey|par\ \d|rebounds?|assists|field\ goals?|hat\ trick
      | photo\ ?shoot|fashion\ shoot|film(?:ing)?\ shoot|shoot(?:ing)?\ (?:a|the)\ (?:film|movie|scene|video|episode|music\ video)
      | on\ location|cinematograph|director\ of\ photography|box\ office|flu\ shot|booster\ shot|vaccine|vaccinat\w+|injection
      | shot\ glass|tequila|espresso|long\ shot|big\ shot|mug\ ?shot|screen\ ?shot|shot\ to\ fame|shooting\ star|mugshot
      | films?\ (?:slated|scheduled|set)|begins?\ shooting|shooting\ (?:begins|starts|started|wrapped|wraps)|release\ date
      | remake|sequel|screenplay)\b""",
    re.I | re.X,
)
# War and sea: navies, armies, pirates and militants firing on ships or territory are not use of force by
# law enforcement (unless an officer, an agent or the Coast Guard is in the same sentence).
MILITARY = re.compile(r"""\b(?:warships?|navy|naval|pirates?|dhows?|frigates?|troops|soldiers|militants?|insurgents?|rebels
      | air\ ?strikes?|rockets?|artillery|missiles?|bombing|shelling|militia)\b""", re.I | re.X)
LAW_ENFORCEMENT = re.compile(r"\b(?:police|officers?|agents?|deputies|deputy|troopers?|Border\ Patrol|Coast\ Guard|CBP|ICE)\b",
                             re.I | re.X)
KILLED = re.compile(
    r"""\b(?:killed|died|dies|dead|death|deaths|fatal(?:ly)?|slain|murder(?:ed)?|homicide|pronounced\ dead|succumbed
      | lost\ (?:his|her|their)\ li(?:fe|ves)|did\ not\ survive|deceased|lifeless)\b""", re.I | re.X)
INJURED = re.compile(
    r"""\b(?:wounded|injured|injuries|injury|hurt|hospitali[sz]ed|critical\ condition|serious\ condition|stable\ condition
      | fair\ condition|good\ condition|grazed|treated\ (?:for|at)|taken\ to\ (?:a|the)\ (?:\w+\ ){0,3}hospital
      | transported\ to\ (?:a|the)\ (?:\w+\ ){0,3}hospital|rushed\ to)\b""", re.I | re.X)
SURVIVED = re.compile(r"\b(?:survived|expected\ to\ survive|recovering|non-life[- ]threatening|released\ from\ the\ hospital)\b",
                      re.I | re.X)
NOBODY_HURT = re.compile(r"\b(?:no\s+one|nobody|no\s+(?:officers?|agents?|bystanders?|one\ else)|none\s+of\s+the\s+\w+)\s+"
                         r"(?:was|were)\s+(?:\w+\s+)?(?:hurt|injured|wounded|struck|hit)\b", re.I)
VEHICLE = re.compile(
    r"""\b(?:(?:his|her|their|the|a|an)\ (?:\w+\ )?(?:car|vehicle|truck|suv|pickup|van|sedan|minivan|jeep|motorcycle)
      | drove\ (?:toward|towards|at|into|off|away)|tried\ to\ run\ (?:\w+\ ){0,2}over|run\ (?:\w+\ ){0,2}over|ram(?:med|ming)\b
      | behind\ the\ wheel|(?:the\ )?driver\b|traffic\ stop|weaponi[sz]ed\ (?:his|her|their|the|a)\ vehicle|struck\ (?:by\ )?(?:a|the)\ (?:car|vehicle))""",
    re.I | re.X)
SHOTS_COUNT = re.compile(
    rf"""\b(?:(?:fired|shot|discharged)\s+(?:at\ (?:\w+\ ){{0,3}})?(?P<n1>{_NUM}|more\ than\ \w+|at\ least\ \w+)\s+(?:times|shots|rounds|bullets)
      | (?P<n2>{_NUM})\s+(?:shots|rounds|gunshots|bullets)\s+(?:were\s+)?(?:fired|rang\ out|struck|hit)
      | shot\s+(?:\w+\s+){{0,2}}(?P<n3>{_NUM}|several|multiple)\s+times)\b""",
    re.I | re.X)

# Agencies: pattern → code. Order matters: the first that matches a span wins.
AGENCIES: list[tuple[str, re.Pattern]] = [
    (code, re.compile(p, re.I if code not in ("ICE", "CBP", "HSI", "DHS", "FBI", "ATF", "DEA", "ERO", "USMS") else 0))
    for code, p in [
        ("ICE", r"\bImmigration and Customs Enforcement\b|\bICE\b|\b[Ii]mmigration agents?\b|\b[Ii]mmigration officers?\b"),
        ("ERO", r"\bEnforcement and Removal Operations\b|\bERO\b"),
        ("CBP", r"\bCustoms and Border Protection\b|\bBorder Patrol\b|\bCBP\b|\b[Bb]order [Pp]atrol agents?\b"),
        ("HSI", r"\bHomeland Security Investigations\b|\bHSI\b"),
        ("DHS", r"\bDepartment of Homeland Security\b|\bHomeland Security Department\b|\bDHS\b"),
        ("FBI", r"\bFederal Bureau of Investigation\b|\bFBI\b"),
        ("ATF", r"\bBureau of Alcohol, Tobacco, Firearms\b|\bATF\b"),
        ("DEA", r"\bDrug Enforcement Administration\b|\bDEA\b"),
        ("USMS", r"\bU\.?S\.? Marshals?(?: Service)?\b|\bUSMS\b|\bdeputy U\.?S\.? marshals?\b"),
        ("NATIONAL_GUARD", r"\bNational Guard\b"),
        ("STATE_POLICE", r"\bstate (?:police|troopers?|patrol)\b|\bhighway patrol\b|\btroopers?\b"),
        ("SHERIFF", r"\bsheriff'?s? (?:office|department|deputies|deputy)\b|\bsheriff\b|\bdeputies\b|\bdeputy\b"),
        ("POLICE", r"\bpolice\b|\bofficers?\b|\bpatrolm[ae]n\b|\bPD\b|\bcops?\b"),
    ]
]
FEDERAL_AGENT = re.compile(r"\b(?:federal|immigration|Border Patrol|ICE|HSI|CBP)\s+(?:agents?|officers?|officials?)\b")

# Speaker vocabulary → side.
OFFICIAL_WORDS = re.compile(
    r"""\b(?:police|officers?|officials?|authorities|sheriff|deputy|deputies|chief|captain|lieutenant|sergeant|detective
      | agency|department|DHS|ICE|CBP|FBI|Border\ Patrol|Homeland\ Security|Immigration\ and\ Customs
      | prosecutors?|district\ attorney|attorney'?s\ office|U\.S\.\ attorney|state'?s\ attorney|DA\b|coroner|medical\ examiner
      | complaint|affidavit|indictment|charging\ documents?|court\ (?:documents?|records?|filings?)|police\ report|incident\ report
      | secretary|assistant\ secretary|press\ release|statement\ from\ (?:the\ )?(?:agency|department)|trooper|investigators?
      | agents?|administration|White\ House|government|federal\ officials?|the\ department)\b""", re.I | re.X)
SUBJECT_WORDS = re.compile(
    r"""\b(?:family|families|mother|father|mom|dad|parents?|brother|sister|siblings?|son|daughter|wife|husband|partner
      | girlfriend|boyfriend|fianc[ée]e?|aunt|uncle|cousin|grand(?:mother|father|ma|pa|son|daughter)|nephew|niece|relatives?
      | loved\ ones|widow|children|attorney\ for|lawyer\ for|family'?s\ (?:attorney|lawyer)|(?:his|her|their)\ (?:attorney|lawyer|counsel)
      | defense\ (?:attorney|lawyer)|public\ defender|advocates?\ for|friends?)\b""", re.I | re.X)
WITNESS_WORDS = re.compile(
    r"""\b(?:witness(?:es)?|eyewitness(?:es)?|bystanders?|neighbou?rs?|residents?|onlookers?|passers?-?by|who\ saw|saw\ the
      | recorded\ (?:the|a)\ video|filmed|shop\ owner|store\ owner|employee|worker|co-?worker|customer)\b""", re.I | re.X)
SPEECH_VERBS = (r"said|says|say|told|tells|stated|states|wrote|writes|added|adds|explained|explains|recalled|recalls"
                r"|described|describes|claimed|claims|alleged|alleges|asserted|asserts|insisted|insists|noted|notes"
                r"|confirmed|confirms|reported|reports|testified|testifies|argued|argues|maintained|maintains|acknowledged"
                r"|announced|announces|according to|posted|tweeted|shouted|screamed|yelled|cried|asked|asks|recounted")
CLAIM_FIGURE = re.compile(
    r"""(?:\b\d[\d,.]*\s*(?:%|percent\b|per\ cent\b))|\b(?:\d[\d,.]*\s*(?:-fold|x)\b|(?:doubled|tripled|quadrupled)
      | (?:increase|rise|surge|spike|jump|decline|drop)\s+(?:of|in)\s+\d|\d[\d,]*\s+(?:times|more|fewer)\s+(?:than|assaults|attacks|incidents)
      | \d[\d,]*\s+(?:assaults|attacks|arrests|deportations|incidents|cases|deaths|shootings|threats))\b""", re.I | re.X)
SPORTS = re.compile(r"\b(?:goals?|scored|shootout|overtime|innings?|quarterback|touchdowns?|rebounds?|coach|playoffs?|season|tournament"
                    r"|striker|goalie|goaltender|penalty|match|league|championship|fans|stadium|arena|teammates?)\b", re.I)
VIOLENCE = re.compile(r"\b(?:gun|guns|gunman|gunfire|gunshots?|wounded|killed|police|officers?|agents?|victims?|bullets?|firearms?"
                      r"|handgun|rifle|pistol|homicide|deputies|ICE|Border Patrol)\b")
ADVOCACY = re.compile(r"\b(?:coalition|advocacy|advocates?|organizers?|activists?|nonprofit|non-profit|union|campaign|protesters?"
                      r"|rights\ group|civil\ liberties|ACLU|group)\b", re.I)

# Who did what to whom, word by word (read on the dependency parse of an event sentence).
# A force word → what it tells of the person it was used on: "killed", "injured", "hit" (shot or struck,
# whether they lived not told), or "" (force was used; the outcome is not told by this word).
FORCE_WORDS: dict[str, str] = {
    **dict.fromkeys(("killed", "kill", "kills", "killing", "murdered", "murder", "murders", "slain", "slew",
                     "executed", "execute", "gunned"), "killed"),
    **dict.fromkeys(("wounded", "wound", "wounds", "wounding", "injured", "injure", "injures", "injuring", "hurt",
                     "grazed", "maimed", "paralyzed", "hospitalized", "hospitalised"), "injured"),
    # hit by the force; whether they lived is told elsewhere, if at all
    **dict.fromkeys(("shot", "shoot", "shoots", "shooting", "struck", "strike", "strikes", "striking", "hit", "hits",
                     "hitting", "stabbed", "stab", "beaten", "beat", "beating"), "hit"),
    **dict.fromkeys(("fired", "fire", "fires", "firing", "tased", "tasered", "tasing", "pepper-sprayed", "sprayed",
                     "tear-gassed", "gassed", "tackled", "punched", "kicked", "dragged", "rammed", "ram", "ramming",
                     "choked", "pinned", "attacked", "attack", "attacking", "assaulted", "assault", "assaulting",
                     "targeted", "ambushed"), ""),
}
# Words whose grammatical subject is the one it happened to ("X died", "X suffered gunshot wounds").
OUTCOME_VERBS: dict[str, str] = {
    **dict.fromkeys(("died", "dies", "die", "succumbed", "perished"), "killed"),
    **dict.fromkeys(("suffered", "sustained", "survived"), "injured"),
}
# Nouns of an event done to someone: "the shooting of X", "the death of X".
FORCE_NOUNS: dict[str, str] = {
    **dict.fromkeys(("death", "deaths", "killing", "killings", "slaying", "murder", "homicide", "body", "bodies"), "killed"),
    **dict.fromkeys(("wounding",), "injured"),
    **dict.fromkeys(("beating", "stabbing"), "hit"),
    **dict.fromkeys(("shooting", "shootings", "tasing"), ""),
}
# an arrest or a charge over violence, not over papers ("arrested on an immigration warrant")
VIOLENT_CHARGE = re.compile(r"\b(?:murders?|homicides?|manslaughter|assault\w*|battery|attempted|shootings?|shot|gunshots?|killings?"
                            r"|killed|deaths?|dead|weapons?|firearms?|guns?|imped\w+|resisting|endanger\w*|wounding|stabbing"
                            r"|suspects?|at\s+the\s+scene|in\s+connection\s+with|in\s+the\s+case)\b", re.I)
# Nouns for law enforcement as the doer or the target of force ("an ICE officer", "one of the agents").
LAW_NOUNS = frozenset(("officer", "officers", "agent", "agents", "deputy", "deputies", "trooper", "troopers", "police",
                       "policeman", "policemen", "policewoman", "marshal", "marshals", "cop", "cops", "patrolman",
                       "sergeant", "detective", "detectives", "ICE", "CBP", "HSI", "FBI", "DHS", "SWAT", "constable",
                       "lawman", "ranger", "rangers", "authorities"))
# Nouns for a person as the object of force ("shot the driver", "hit a passenger").
PERSON_NOUNS = frozenset(("man", "men", "woman", "women", "boy", "boys", "girl", "girls", "teen", "teens", "teenager",
                          "teenagers", "child", "children", "person", "people", "driver", "passenger", "passengers",
                          "victim", "victims", "suspect", "suspects", "protester", "protesters", "demonstrator",
                          "demonstrators", "bystander", "bystanders", "resident", "father", "mother", "son",
                          "daughter", "brother", "sister", "wife", "husband", "friend", "neighbor", "neighbour",
                          "journalist", "reporter", "worker", "student", "detainee", "detainees", "migrant",
                          "migrants", "immigrant", "immigrants", "citizen", "individual", "toddler", "infant", "baby"))
# Words a scraped page's chrome puts next to names ("Add NBC News to Google", "KPNX Description:",
# "Read Full Bio"): never part of a person's name.
PAGE_WORDS = frozenset(("Add", "Description", "Latest", "Related", "Updated", "Full", "Bio", "Featured", "Video",
                        "Videos", "Photo", "Photos", "Getty", "Images", "Learn", "Subscribe", "Advertisement", "Tools",
                        "Jump", "Menu", "Listen", "Trending", "Popular", "Reads", "Topics", "News", "Updates", "Continue",
                        "Click", "Copyright", "Credit", "Caption", "Skip", "Sponsored", "Newsletter"))
# A title before a name that says what the person is, not who they are ("Reporter Raven Geary"); a school
# year ("Junior Dana Reyes") only when a full name is left.
CLASS_YEARS = frozenset(("Junior", "Senior", "Sophomore", "Freshman"))
NAME_TITLES = frozenset(("Officer", "Agent", "Deputy", "Trooper", "Sgt", "Sgt.", "Sergeant", "Detective", "Det.",
                         "Cpl", "Cpl.", "Corporal", "Lt", "Lt.", "Lieutenant", "Capt", "Capt.", "Captain", "Patrolman",
                         "Reporter", "Journalist", "Photographer", "Pastor", "Rev.", "Reverend", "Dr", "Dr.", "Mr",
                         "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "President", "Sen.", "Senator", "Rep.", "Gov.",
                         "Governor", "Mayor", "Chief", "Sheriff", "Judge", "Secretary", "Commissioner", "Director",
                         "Professor", "Prof.", "Attorney", "Undersheriff", "Councilman", "Councilwoman", "Councilmember", "Special"))
