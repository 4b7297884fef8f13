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
      | (?:fatally|critically|seriously|mortally|non-?fatally|accidentally|accidently|mistakenly|repeatedly|allegedly)\s+(?:shot|shoots)
      | found\s+shot\b
      | (?:shot|shoots)\s+(?-i:[A-Z][a-z]+\s+[A-Z][a-z]+)\b | (?:shot|shoots)\s+(?:his|her|their)\s+(?!own\b|way\b|shot\b|first\b|last\b|best\b)\w+ | (?:shot|shoots)\s+(?:him|her|them|himself|herself|self|a\ man|a\ woman|a\ teen|an?\ \w+|the\ (?:man|woman|driver|suspect|victim|teen)|at|into|multiple|several|\w+\ times|once|twice|in\ the\ (?:head|chest|back|leg|arm|neck|face|abdomen|stomach|torso|shoulder|hand|foot|buttocks))
      | shootings?(?!\s+(?:guard|percentage|star|range|script|schedule|location|day\ for|of\ (?:the\ )?(?:film|movie|video|scene)))
      | (?:opened|open|opening)\ fire | gunfire | gun\ ?shots? | gunshot\ wounds? | gunm[ae]n | shooter
      | fired\s+(?:a\ |one\ |\d+\ |several\ |multiple\ |numerous\ |two\ |three\ |four\ |five\ |warning\ |more\ than\ \w+\ )?(?:shots?|rounds?|bullets?)
      | fired\s+(?:at|into|upon|on|toward|towards|through)\b | fired\ (?:his|her|their|a)\ (?:weapon|gun|firearm|pistol|rifle|handgun|service\ weapon)
      | (?:discharged|drew\ and\ fired)\s+(?:a\ |his\ |her\ |their\ )?(?:firearm|weapon|gun|service\ weapon)
      | shot\ dead | gunned\ down | stray\ (?:bullet|round)s? | bullets?\s+(?:struck|hit|grazed|pierced)
      | (?:struck|hit|grazed|wounded)\s+by\s+(?:a\s+)?(?:stray\s+)?(?:bullets?|gunfire|a\ round)
      | shoots\s+(?:themselves|girlfriend|boyfriend|wife|husband|son|daughter|brother|sister|mother|father|suspect|intruder|burglar|robber|teen|man|woman|officer|deputy)\b | shootout\s+with\s+(?:police|officers|agents|deputies|troopers)
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
      | bean\ ?bag\ (?:rounds?|guns?)|less[- ]lethal\ (?:munitions?|rounds?|weapons?|projectiles?|force)|chemical\ (?:irritants?|agents?)
      | flash[- ]bangs?|pepper\ (?:projectiles?|rounds?)|smoke\ (?:grenades?|canisters?)|munitions?\ (?:fired|launched)
      | (?:crowd[- ]control|impact|kinetic|riot[- ]control)\ (?:munitions?|rounds?|projectiles?|weapons?|measures|devices)|foam\ (?:rounds?|projectiles?|batons?))\b""",
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

# Speaker vocabulary → side (read by extract/speakers.py: speaker + affiliation words, in this order).
# A government's attorney speaks for the state, any other attorney for the person they represent.
OFFICIAL_ATTORNEY = re.compile(
    r"""\b(?:prosecutors?|prosecuting\ attorneys?|(?:U\.?S\.?|United\ States|district|state'?s?|county|city|assistant|federal)\s+attorneys?
      | attorneys?\ general|attorney'?s\ office|solicitor\ general|Justice\ Department|Department\ of\ Justice|DOJ)\b""", re.I | re.X)
# Speaking for the person force was used on: relatives, partners, friends, their lawyer.
SUBJECT_WORDS = re.compile(
    r"""\b(?:family|families|mother|father|mom|dad|parents?|brother|sister|siblings?|son|daughter|wife|husband|partner
      | girlfriend|boyfriend|fianc[ée]e?|aunt|uncle|cousin|grand(?:mother|father|ma|pa|son|daughter)|nephew|niece|relatives?
      | ex-(?:husband|wife|partner|girlfriend|boyfriend)|stepfather|stepmother|in-laws?
      | loved\ ones|widow(?:er)?|children|attorneys?|lawyers?|counsel|public\ defender|advocates?\ for|friends?)\b""", re.I | re.X)
# People commenting from office (lawmakers, governors, mayors) speak for neither side: ``other``. A
# union speaks for its members, not for the agency it is named after ("the Border Patrol union").
POLITICIAN_WORDS = re.compile(
    r"""\b(?:governor|senators?|representatives?|congress(?:man|woman|member)?|lawmakers?|legislators?|mayor
      | council(?:man|woman|member)?|aldermen|alderman|alderwoman|alderperson|candidate|Democrats?|Republicans?|union|guild)\b
      | \b(?:gov|lt\.\ gov|sen|rep)\.(?!\w) | \([DR]-\w+\.?\) | \b[DR]-[A-Z][a-z]+\b""", re.I | re.X)
OFFICIAL_WORDS = re.compile(
    r"""\b(?:police|officers?|officials?|authorities|sheriff|deputy|deputies|chief|captain|lieutenant|sergeant|detective
      | agency|department|bureau|rangers?|DHS|ICE|CBP|FBI|HSI|ERO|Border\ Patrol|Homeland\ Security|Immigration\ and\ Customs|marshals?
      | complaint|affidavit|indictment|charging\ documents?|court\ (?:documents?|records?|filings?)|police\ report|incident\ report
      | secretary|press\ release|trooper|investigators?|spokes(?:man|woman|person)\ for\ the\ (?:agency|department)
      | agents?|administration|White\ House|government|the\ department|consulate|embassy|ministry|coroner|medical\ examiner
      | BART|Rapid\ Transit|transit\ (?:authority|agency|district)
      | (?:federal|state|county|city|local)\ (?:law\ enforcement\ )?sources?|law\ enforcement)\b""", re.I | re.X)
# The head of the government an agency answers to, named by title alone: ``President Trump``.
EXECUTIVE_TITLE = re.compile(r"^(?:U\.S\.\s+|Vice\s+)?President$|^(?:the\s+)?White House\b", re.I)
WITNESS_WORDS = re.compile(
    r"""\b(?:witness(?:es|ed)?|eyewitness(?:es)?|bystanders?|onlookers?|passers?-?by|who\ (?:saw|watched|heard|filmed|recorded)
      | saw\ the|watched|recorded\ (?:the|a)\ video|filmed|at\ the\ scene|on\ the\ scene|nearby\ residents?|residents?\ near
      | protesters?\ (?:at|near|outside|on)|legal\ observers?|on\ the\ front\ line
      | lives?\ (?:[\w-]+\ ){0,4}?(?:from|near|next\ to|across\ from)\ (?:where|the\ (?:scene|facility|shooting|building)))\b""", re.I | re.X)
# Verbs that report speech; the second set reports a quoted phrase only ("called it “an act of terror”").
SPEECH_VERBS = (r"said|says|say|saying|told|tells|telling|stated|states|stating|wrote|writes|writing|added|adds|adding"
                r"|explained|explains|explaining|recalled|recalls|recalling|described|describes|describing|claimed|claims|claiming"
                r"|alleged|alleges|alleging|asserted|asserts|asserting|insisted|insists|insisting|noted|notes|noting"
                r"|confirmed|confirms|confirming|reported|reports|testified|testifies|testifying|argued|argues|arguing"
                r"|maintained|maintains|acknowledged|acknowledges|announced|announces|according to|posted|tweeted|shouted"
                r"|screamed|yelled|cried|asked|asks|recounted|recounts|warned|warns|contended|contends|denied|denies"
                r"|countered|replied")
QUOTE_ONLY_VERBS = (r"called|calls|calling|labeled|labelled|branded|termed|dubbed|praised|condemned|decried|shouting"
                    r"|yelling|screaming|crying|chanting|chanted|chants|pleading|pleaded|begging|begged")
# Words that head a speaker's noun phrase when no name is given: "a DHS spokesperson", "the complaint".
SPEAKER_NOUNS = re.compile(
    r"""^(?:police|officials?|authorities|spokes(?:man|woman|person|people)|representatives?|chief|sheriff|officers?|agents?
      | agency|department|office|bureau|administration|government|service|patrol|guard|prosecutors?|attorneys?|lawyers?|counsel
      | witness(?:es)?|eyewitness(?:es)?|neighbou?rs?|residents?|mother|father|mom|dad|brother|sister|family|wife|husband|son
      | daughter|friends?|complaint|affidavit|indictment|lawsuit|suit|motion|filing|statement|release|report|documents?
      | records?|investigators?|relatives?|cousin|aunt|uncle|parents?|widow(?:er)?|partner|girlfriend|boyfriend|ex-husband
      | ex-wife|grand(?:mother|father)|DHS|ICE|CBP|FBI|HSI|ERO|coroner|examiner|mayor|governor|senator|secretary|director
      | activists?|advocates?|organizers?|protesters?|bystanders?|employees?|workers?|owner|manager|detectives?|troopers?
      | deputies|deputy|marshals?|judge|general|sources?|experts?|professors?|instructors?|coach(?:es)?|organi[sz]ation|group|coalition|union|council|consulate
      | ministry|embassy|man|woman|person|people|observers?|members?|leaders?|lawmakers?|students?|teachers?|volunteers?
      | demonstrators?|journalists?|reporters?|photographers?|passengers?|drivers?|doctors?|nurses?|officer)$""", re.I | re.X)
# Who reports the words is not who said them: a newsroom, a wire service, a photo credit.
OUTLET_WORDS = re.compile(
    r"""\b(?:News|Times|Post|Tribune|Journal|Herald|Gazette|Chronicle|Reuters|Associated\ Press|AP|CNN|NBC|CBS|ABC|Fox|NPR
      | PBS|Axios|Politico|Telemundo|Univision|Bloomberg|Newsweek|Sun-Times|Star\ Tribune|Getty|Images|Photo|Photos|Video
      | Press\ Freedom\ Tracker|affiliate|newspaper|station|outlet|[KW][A-Z]{2,3}(?:-TV)?)\b""", re.X)
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

# ---------------------------------------------------------------- page furniture and statistics (zones)
# Function words: a news sentence is a third to a half function words; a navigation menu hardly any.
FUNCTION_WORDS = frozenset("""a an the of to in on at by for from with and or but as that this these those which who whom
whose is are was were be been being has have had do does did will would can could may might must shall should not no
it its he she they them his her their we our you your i me my him us said says told after before when while where
than then there here into over about up out if so""".split())
# A teaser label that makes the sentence another story's headline.
FURNITURE_START = re.compile(
    r"""^\W*(?:READ\ MORE|Read\ more|READ\ ALSO|Read\ also|ALSO\ READ|Also\ read|RELATED(?:\ STORIES|\ COVERAGE)?|Related(?:\ stories|\ coverage)?
      | More\ from\ [A-Z][\w ]{1,30}|MORE\ (?:FROM|ON|NEWS)|More\ (?:on|news)|WATCH|Watch(?:\ now)?|SEE\ ALSO|See\ also
      | Latest\ (?:Stories|News|Videos)|Top\ Stories|Trending(?:\ Now)?|Recommended(?:\ for\ you)?|Most\ (?:Read|Popular|Viewed)
      | Editor['’]s\ Picks|You\ (?:may|might)\ also\ like|Featured|Up\ Next|UP\ NEXT|Sponsored|Advertisement|ADVERTISEMENT
      | Sign\ up|SIGN\ UP|Subscribe|SUBSCRIBE|Click\ here|CLICK\ HERE|Copyright|Editor['’]s\ [Nn]ote|EDITOR['’]S\ NOTE|Correction)\b
      | ^\W*(?:©|(?:Photos?|PHOTOS?|Video|VIDEO|Gallery|Caption|Image\ \d+\ of\ \d+)\s*:|Image\ \d+\ of|\#UPDATE|pic\.twitter\.com)""",
    re.X)
# An embedded post's stamp: "— Station News (@station) January 22, 2016": the post's day, not the event's.
POST_STAMP = re.compile(r"\(@\w{1,30}\)\s*$|pic\.twitter\.com/\w+\s*(?:[—–-]\s*[^(]{0,60}\(@\w+\))?\s*$")
# Page furniture inside a sentence: share bars, sign-in and app prompts, ad notices, update stamps.
FURNITURE_PHRASE = re.compile(
    r"""\b(?:Skip\ to\ (?:main\ )?content|Sign\ in(?:\ to\ your\ \w+(?:\ account)?)?|My\ Account|Log\ in|Create\ (?:an\ |a\ free\ )?account
      | (?:Sign\ up|Subscribe)\ (?:for|to)\ (?:our|the)\ [\w ]{0,40}?newsletters?|Newsletters?|Add\ [A-Z][\w ]{1,20}\ to\ Google
      | Listen\ to\ this\ article(?:\ with\ a\ free\ account)?|Ad\ Feedback|Advertisement|Link\ Copied!?|Copy\ link
      | Facebook\ Tweet\ Email(?:\ Link)*|Share\ (?:on|to|via)\ (?:Facebook|Twitter|X|Email)|Share\ &\ Save|Print\ Reddit
      | Scan\ the\ QR\ code[^.]{0,80}|[Dd]ownload\ the\ [A-Z][\w ]{1,20}\ app[^.]{0,60}|Terms\ of\ (?:Use|Service)|Privacy\ Policy
      | All\ [Rr]ights\ [Rr]eserved|Cookie\ (?:Policy|Settings)|Ad\ Choices|IE\ \d+\ is\ not\ supported|For\ an\ optimal\ experience[^.]{0,60}
      | (?:Updated|Published|Posted)(?:\ on)?:?\ (?:\w{3,9}\.?\ \d{1,2},?\ \d{4}|\d{1,2}/\d{1,2}/\d{2,4})(?:,?\ (?:at\ )?\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\ [A-Z]{2,4})?)?
      | (?:(?:Main\ articles?|See\ also|Further\ information)\s*:\s*(?:(?!See\ also\b)(?:[A-Z][\w'’.-]*|of|the|in|and|by)\s?){1,8})+
      | Full\ Bio|Read\ full\ article|Continue\ reading|Show\ (?:more|less)|Watch\ (?:the\ )?(?:video|live)|Live\ Updates?
      | Get\ (?:more|the\ latest)\ news[^.]{0,40}|There\ are\ no\ new\ alerts\ at\ this\ time|Follow\ [A-Z][\w ]{1,20}\ on\ \w+
      | (?<![\w,])By\ (?:[A-Z][\w.'’‑-]+\ ){1,3}[A-Z][\w.'’‑-]+(?:,?\ and\ (?:[A-Z][\w.'’‑-]+\ ){1,3}[A-Z][\w.'’‑-]+)?(?=\s+(?:[A-Z][a-z]{2,8}\.?\ \d|Updated|Published|Posted|Listen|Share|\d|[A-Z][a-z]+\ [A-Z])|\s*$))""",
    re.X)
# a byline before a date: "By Jane Roe Nov. 2, 2025": the page's stamp, not an event's day
BYLINE_BEFORE = re.compile(r"\bBy\s+(?:[A-Z][\w.'’‑-]+\s+){1,4}(?:and\s+(?:[A-Z][\w.'’‑-]+\s+){1,4})?$")
# A photo credit: "Jane Roe / AP", "E. Jason Roe / Chicago Tribune via Getty Images", "(AP Photo/Jane Roe)".
PHOTO_CREDIT = re.compile(
    r"""(?:\b(?:[A-Z]\.\s|[A-Z][a-z'’‑-]+\s){1,3}[A-Z][\w'’‑-]+/(?:For\ the\ )?[A-Z][\w.'’‑-]*(?:\ via\ Getty\ Images)?
      | \b(?:[A-Z]\.\s|[A-Z][a-z'’-]+\s){1,4}/\s?(?:AP|Reuters|AFP|Getty\ Images|Bloomberg|The\ [A-Z]\w+(?:\ [A-Z]\w+){0,3}|[A-Z][\w.'’-]*(?:\ [A-Z][\w.'’-]*){0,3})(?:\ via\ Getty\ Images)?
      | \bvia\ Getty\ Images | \(?\b(?:AP|Reuters|AFP)\ Photo/[^)\n]{2,40}\)? | \b(?:Photo|Image|Credit)\s?(?:by|:)\s?(?:[A-Z][\w.'’-]*\s?){1,4}
      | \bGetty\ Images\b | \bFile\ photo\b)""",
    re.X)
# A video teaser: a headline and a running time ("New details about the shooting 01:37").
VIDEO_TEASER = re.compile(r"\b\d{1,2}:\d{2}\b(?!\s*(?:[ap]\.?m\b|[AP]\.?M\b|[ap]\.m\.|[AP]\.M\.|[AP]M\b|EST|EDT|CST|CDT|PST|PDT|ET\b))")
# An aggregate over many incidents: background, never one incident's count or event.
STATISTIC = re.compile(
    r"""\b(?:(?:have|has|had)\s+(?:now\s+)?(?:shot|killed|fired\s+(?:at|on|upon)|opened\s+fire\s+on|shot\s+at)\s+(?:at\s+least\s+|more\s+than\s+|nearly\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\ dozen|dozens)\s+(?:people|persons|drivers|individuals|times|men|residents)
      | (?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\ dozen|dozens\ of)\s+(?:\w+\s+)?(?:shootings|incidents|cases|people\ shot|victims|homicides|killings|deaths|murders|people\ (?:shot|killed))\s+(?:\w+\s+)?(?:since|this\ year|so\ far|to\ date|in\ (?:20\d\d|the\ past|recent)|across|nationwide|around\ the\ country|by\ (?:federal|immigration|ICE|Border))
      | (?:the\ )?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+(?:\w+\s+){0,2}(?:shooting|incident|time)\s+(?:\w+\s+){0,6}(?:this\ (?:year|month|week)|so\ far|since|in\ (?:20\d\d|the\ past|recent))
      | in\ (?:at\ least\ )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many|most|some)\s+(?:of\ (?:the|those|these)\ )?(?:cases|shootings|incidents|instances)
      | (?:a|an)\ (?:\d+|\w+)(?:%|\ percent)\ (?:increase|rise|jump|surge)
      | (?:shootings|incidents|cases)\ (?:have|has)\ (?:risen|increased|doubled|tripled|soared|climbed)
      | (?:at\ least|more\ than|about|nearly|some|over|roughly)\s+(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\ dozen|dozens\ of)\s+(?:\w+\s+){0,2}(?:children|kids|minors|people|teens|teenagers|men|women|victims|officers|agents|residents|immigrants)\b[^.;]{0,100}?\b(?:statewide|nationwide|annually|each\ year|every\ year|a\ year|per\ year|this\ year|last\ year|so\ far|since\ \w+|in\ (?:19|20)\d\d|in\ the\ (?:past|last)\ \w+|in\ recent\ (?:years|months|weeks)))\b""",
    re.I | re.X)
# A day named in a sentence: it tells an event, whatever totals it adds ("shot Sunday, the fifth shooting this year").
DAY_WORDS = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tonight|last\s+night"
                       r"|this\s+(?:morning|afternoon|evening)|(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"
                       r"|\d{1,2}:\d{2}\s*[ap]\.?m)", re.I)

# ---------------------------------------------------------------- incidents within one report (segment)
BRIEF_CUE = re.compile(
    r"\b(?:in\s+(?:another|a\s+separate|a\s+similar|an\s+earlier|a\s+previous|a\s+prior)\s+(?:\w+\s+)?(?:incident|shooting|case|encounter)"
    r"|(?:earlier|last|this)\s+(?:this\s+)?(?:month|year|week|summer|spring|fall|winter)|comes?\s+(?:just\s+)?(?:days|weeks|months)\s+after"
    r"|the\s+(?:latest|second|third|fourth|fifth|\w+th)\s+(?:such\s+)?(?:shooting|incident|time)|similar\s+(?:incident|shooting)"
    r"|previous(?:ly)?|prior\s+to|in\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)", re.I)
# an item of a dated roundup list: "HOMICIDES 2016 Jan. 5: Howard …"
ROUNDUP_ITEM = re.compile(r"(?:^|\s)(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\s*:\s+[A-Z]")
# a shooting named by its day as what came before or after ("Before Wednesday's shooting, a man was arrested
# on Aug. 26"): the sentence tells something else, with the incident already told as its time mark
EVENT_REFERENCE = re.compile(r"\b(?:before|after|since|following|until|ahead\s+of)\s+(?:last\s+)?(?:Monday|Tuesday|Wednesday|Thursday"
                             r"|Friday|Saturday|Sunday|week|weekend|month|night|morning)(?:\s+night)?['’]s\s+(?:fatal\s+|deadly\s+)?"
                             r"(?:shootings?|attack|gunfire)\b", re.I)
# a pattern of conduct, not an event: "agents have repeatedly fired …", "officers have fired into cars"
HABITUAL = re.compile(r"\bhave\s+(?!been\b)(?:[\w,]+\s+){0,8}?(?:used|fired|deployed|sprayed|shot|tear-gassed|pepper-sprayed"
                      r"|beaten|tackled|attacked|rammed)\b", re.I)
# the report says outright that this is another incident: "in an unrelated incident", "Separately, …"
OTHER_INCIDENT = re.compile(r"\bin\s+(?:an?\s+)?(?:unrelated|separate|different)\s+(?:\w+\s+)?(?:incident|shooting|case)\b"
                            r"|^\W*(?:Separately|In\s+other\s+news|Elsewhere)\b"
                            r"|^\W*In\s+(?:one|another|a\s+second|a\s+third|a\s+later)\s+(?:such\s+)?(?:incident|case|instance|encounter|confrontation)\b",
                            re.I)
# a roundup's item label: "Place: Franklin Park, Illinois Date: Sept. 12, 2025 Who was shot: …"
# a roundup's item label: "Place: Franklin Park, Illinois" (on a line of its own, or run in with "Date: …")
ROUNDUP_LABEL = re.compile(r"(?:^|\s)(?:Place|Location)\s*:\s*[A-Z]")

# a page's stamp before a date: "Posted:", "Last updated at 10:39 a.m. on Sunday, Nov. 27"
PUBLISHED_LABEL = re.compile(r"(?:Published|Updated|Posted|Last\s+updated|Copyright)(?:\s+at\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?"
                             r"(?:\s+on)?(?:\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?)?\W{0,3}$", re.I)
# "officers" / "an officer": whose officers the story says elsewhere (ICE's, a sheriff's); alone, the police
GENERIC_OFFICERS = re.compile(r"officers?", re.I)
# Force with a vehicle: ramming, running over, dragging — by or at officers.
VEHICLE_FORCE = re.compile(
    r"""\b(?:ramm(?:ed|ing)\s+(?:into\s+)?(?:(?:his|her|their|the|a|an)\s+)?(?:\w+\s+){0,2}(?:(?:patrol|police|agency|agents['’]?|officers['’]?|government|federal|unmarked|ICE|CBP|Border\ Patrol|squad)\s+(?:car|vehicle|truck|SUV|van|cruiser)|agents?|officers?|deput(?:y|ies)|troopers?)
      | (?:agents?|officers?|deputies)\s+(?:\w+\s+){0,3}?ramm(?:ed|ing)
      | (?:ran|run|running|runs)\s+over\s+(?:an?\s+|the\s+|two\s+)?(?:\w+\s+)?(?:agents?|officers?|deputy|deputies|protesters?|him|her)
      | dragg(?:ed|ing)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:agents?|officers?|deputy)\b
      | (?:struck|hit|pinned)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:agents?|officers?|deputy|protesters?)\s+with\s+(?:his|her|their|a|the)\s+(?:\w+\s+)?(?:car|vehicle|truck|SUV)
      | (?:used|weaponi[sz]ed)\s+(?:his|her|their|the|a)\s+(?:\w+\s+)?(?:car|vehicle|truck)\s+(?:as\s+a\s+weapon|against)
      | drove\s+(?:his|her|their|the|a)\s+(?:\w+\s+)?(?:car|vehicle|truck|SUV)\s+(?:into|at|toward|towards)\s+(?:\w+\s+){0,2}(?:agents?|officers?|deputies|protesters?))""",
    re.I | re.X)
# Physical force that hurt or subdued someone: tackled, thrown to the ground, beaten, choked.
# someone at the wheel when force was used: "was driving a Lexus SUV when …", "accelerated toward the officers"
AT_THE_WHEEL = re.compile(
    r"""\b(?:(?:was|were)\s+(?:driving|sitting\s+(?:in|inside)\s+(?:his|her|their|a|the)\s+(?:\w+\s+)?(?:car|vehicle|truck|SUV|van|pickup))
      | (?:accelerated|sped|reversed|backed\ up)\s+(?:\w+\s+){0,2}?(?:toward|towards|at|into)\s+(?:the\s+|an?\s+)?(?:\w+\s+)?(?:agents?|officers?|deputies|deputy|vehicle)
      | drove\s+(?:away|off|from\s+the\s+scene|toward|towards|at)\b | (?:tried|attempted)\s+to\s+(?:drive|pull)\s+away)""",
    re.I | re.X)
PHYSICAL_FORCE = re.compile(
    r"""\b(?:(?:tackl(?:ed|ing)|body[- ]slamm(?:ed|ing)|punch(?:ed|ing)|kick(?:ed|ing)|beat(?:en|ing)?|chok(?:ed|ing)|restrain(?:ed|ing)|subdu(?:ed|ing))
          \s+(?:him|her|them|(?:the|a|an|one|another|his|her)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|boy|girl|teen(?:ager)?|person|people|suspect|driver
          |protesters?|demonstrators?|observers?|journalists?|reporters?|student|worker|mother|father|husband|wife|son|daughter|citizen|immigrant|detainee)|(?-i:[A-Z][a-z]+))
      | chokehold
      | (?:pushed|shoved|threw|thrown|slammed|knocked|forced|pinned|wrestled)\s+(?:\w+\s+){0,3}?(?:to|onto|into|against)\s+(?:the\s+)?(?:ground|pavement|floor|sidewalk|wall|car|curb)
      | (?:agents?|officers?|deputies|deputy|troopers?)\W+(?:[\w'’-]+\W+){0,3}?(?:broke|smashed|shattered|busted)\W+(?:[\w'’-]+\W+){0,5}?(?:window|windows|windshield|glass)
      | knelt\s+on|kneeling\s+on\s+(?:his|her)\s+(?:neck|back)|excessive\s+force|roughed\s+up|dragged\s+(?:him|her|them|the\s+\w+)\s+(?:out|from|across|along)
      | (?:assaulted|attacked|struck|hit)\s+(?:an?\s+|the\s+|two\s+)?(?:\w+\s+)?(?:agents?|officers?|deputy|deputies)
      | (?:officers?|agents?|deputies|deputy|troopers?)\s+(?:were\s+|was\s+)?(?:\w+\s+)?(?:injured|hurt)\s+(?:by|during|in\s+(?:the\s+)?(?:clash|clashes|melee|scuffle|confrontation|violence|protests?|unrest))
      | injur(?:ies|ing)\s+(?:to\s+)?(?:two|three|four|five|several|\d+)\s+officers
      | (?:injured|hurt|hospitali[sz]ed|injuries\s+(?:sustained|suffered))\s+(?:and\s+(?:detained|arrested|handcuffed)|(?:during|in)\s+(?:his|her|their|an?|the)\s+(?:arrest|detention|raid)
          |while\s+being\s+(?:arrested|detained|handcuffed)|by\s+(?:ICE|federal|immigration|Border\ Patrol|police|officers|agents|deputies)))\b""",
    re.I | re.X)
# Capitalised words the tagger takes for a person's last name on scraped pages: never a surname.
NOT_SURNAMES = frozenset("""Add Law Patrol Park New Description Latest Photo Video Watch Read More Update Updated News Live
Police Department Office County City Street Avenue Road Sheriff Agent Agents Officer Officers Security Homeland Customs
Enforcement Immigration Border Protection Service Services Court Judge Jail Center Hospital School University College
Democrat Democrats Republican Republicans Administration President Governor Senator Mayor Chief Secretary Minister
Press Associated Reuters Times Post Tribune Herald Journal Daily Star Sun Today Network Channel Facebook Twitter
Instagram YouTube TikTok Google Apple Street Share Email Print Comment Comments Subscribe Newsletter Bio Full""".split())
# A firearm named: with it, "shot" is a shooting even where less-lethal weapons are named too.
FIREARM = re.compile(r"\b(?:guns?(?!\s+(?:similar|like))|firearms?|rifles?|pistols?|handguns?|shotguns?|revolvers?|gunfire|gunshots?|live\s+(?:rounds?|ammunition)"
                     r"|(?<!rubber\ )(?<!plastic\ )bullets?(?!\s+(?:made|of\s+rubber))|service\s+weapons?|(?:fatally|mortally)\s+shot|shot\s+(?:and\s+)?(?:killed|dead))\b", re.I)
