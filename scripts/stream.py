"""A synthetic news stream for `make bench`: mostly articles about something else, a few reporting force.

In: a size and a seed. Out: ``build_stream(n, seed)`` — ``Document`` records, about ``POSITIVE_SHARE`` of
them reporting a use of force (the project's own samples/ articles, and reports written here from
templates with new names, towns and days, so no two are copies), the rest everyday local news
(sports, weather, council and school-board meetings, business, arts, traffic, real estate) with the
page furniture scraped pages carry. All text is generated here: nothing is copied from evaluation data.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from encounters.core.model import Document
from encounters.ingest import read_paths

POSITIVE_SHARE = 0.02
ROOT = Path(__file__).resolve().parents[1]

FIRST = ("Mateo", "Rosa", "Darnell", "Ana", "Luis", "Keisha", "Omar", "Jenna", "Victor", "Lena", "Tomas", "Priya",
         "Elias", "Marisol", "Grant", "Nadia", "Hector", "Imani", "Rafael", "Colette")
LAST = ("Ruiz", "Elm", "Price", "Castillo", "Okafor", "Brandt", "Moreno", "Whitfield", "Duarte", "Kessler", "Amado",
        "Lindqvist", "Ferreira", "Hollis", "Vance", "Quintero", "Mbeki", "Sorensen", "Albright", "Tran")
TOWNS = (("Tucson", "Ariz."), ("El Paso", "Texas"), ("Fresno", "Calif."), ("Yakima", "Wash."), ("Boise", "Idaho"),
         ("Omaha", "Neb."), ("Durham", "N.C."), ("Toledo", "Ohio"), ("Reno", "Nev."), ("Salem", "Ore."),
         ("Laredo", "Texas"), ("Ontario", "Calif."), ("Aurora", "Colo."), ("Joliet", "Ill."), ("Camden", "N.J."))
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TEAMS = ("Hawks", "Miners", "Comets", "Rivermen", "Foxes", "Pioneers", "Stallions", "Owls")

FURNITURE = ("Home | News | Sports | Weather | Opinion | Obituaries | Classifieds | Subscribe",
             "Share this story: Facebook Twitter Email Print",
             "Sign up for our morning newsletter and get the day's headlines in your inbox.",
             "Advertisement", "Download our app for breaking news alerts.",
             "Copyright 2025 Valley Ledger. All rights reserved. Terms of Use | Privacy Policy | Contact Us")

FORCE_TEMPLATES = (
    "{town}, {state} — Border Patrol agents opened fire on a car near the port of entry on {day}, wounding the "
    "driver, {name}, {age}, the agency said.\n\nA spokesperson for U.S. Customs and Border Protection said the "
    "agents fired after the driver accelerated toward them. {last} was taken to a hospital in stable condition.\n\n"
    "“He was unarmed and scared,” said {kin} {last}, his sister. “They shot at him through the windshield.”",
    "{town}, {state} — A sheriff's deputy was shot during a traffic stop on {day} night, and the driver, {name}, "
    "{age}, was arrested after a short chase, the sheriff's office said.\n\nThe deputy was hospitalized with a "
    "wound to the leg and is expected to recover, Sheriff Dana Holt said at a news conference.\n\n"
    "{last} faces charges of attempted murder of a peace officer.",
    "{town}, {state} — Immigration agents fired pepper balls and tear gas at protesters outside a federal "
    "building on {day}, and one woman, {name}, {age}, was hit in the face, witnesses said.\n\n“They just started "
    "shooting into the crowd,” said {kin} {last}, who was standing nearby. The Department of Homeland Security "
    "said officers used less-lethal munitions after protesters threw rocks.",
    "{town}, {state} — An ICE officer shot and killed {name}, {age}, during an arrest attempt on {day} morning, "
    "federal officials said.\n\nThe Department of Homeland Security said the officer fired when {last} drove "
    "toward agents. Family members disputed that account.\n\n“My brother never tried to hurt anyone,” said "
    "{kin} {last}.",
)
NEGATIVE_TEMPLATES = (
    "The {team} beat the {team2} 4-2 on {day} night in front of a sellout crowd. {name} scored twice in the second "
    "period, and the goalie made 31 saves. Coach {kin} {last} said the win keeps the team in the playoff race with "
    "six games left in the season.\n\nThe {team} visit the {team2} again next week at the arena.",
    "Forecasters expect heavy rain across the {town} area through {day}, with gusts up to 40 mph along the river. "
    "The National Weather Service issued a flood watch for low-lying neighborhoods.\n\n“Keep an eye on the "
    "creeks,” meteorologist {name} said. Temperatures will drop into the 30s by the weekend.",
    "The {town} City Council voted 5-2 on {day} to approve a $48 million budget that adds two library branches "
    "and repaves 30 miles of streets. Council member {name} said the plan holds property taxes flat.\n\nResidents "
    "spoke for an hour about parking downtown. The police and fire departments' budgets rise 3 percent.",
    "{name}, who opened a bakery on Main Street in {town} last spring, will open a second store in {day}'s "
    "ribbon-cutting ceremony. Sales rose 40 percent this year, she said.\n\nThe chamber of commerce said 14 new "
    "businesses opened downtown in 2025, the most in a decade.",
    "The {town} school board on {day} approved a new start time for the district's three high schools, moving the "
    "first bell to 8:30 a.m. Superintendent {name} said students will get more sleep.\n\nParents who spoke at the "
    "meeting were split. The change takes effect next fall.",
    "The {town} Symphony opens its season on {day} with a program of Dvořák and a new work by {name}, a composer "
    "from {state}. Tickets start at $25.\n\nThe orchestra's director, {kin} {last}, said attendance rose last year.",
    "A crash on Interstate 10 near {town} closed two lanes for three hours on {day}. No one was seriously hurt, "
    "the state transportation department said.\n\nDrivers should expect delays while crews repair a damaged guardrail.",
    "Home prices in {town} rose 6 percent over the past year, the regional realtors' association reported {day}. "
    "The median sale price reached $412,000.\n\n“Inventory is still tight,” broker {name} said.",
)

# More of an everyday story: paragraphs any of the negatives may go on with.
FILLER = (
    "The meeting ran past 10 p.m., and a second vote on the zoning change was put off until next month, when the "
    "planning commission expects to finish its review of the {town} corridor plan.",
    "{name}, who has lived in {town} for 22 years, said the neighborhood has changed a lot since the new grocery "
    "store opened. “People walk more now,” she said. “You see your neighbors.”",
    "Organizers expect about 3,000 visitors over the weekend. Parking will be free at the county fairgrounds, and a "
    "shuttle will run every 15 minutes from the downtown transit center.",
    "The project is paid for in part by a state grant of $2.4 million. Construction is scheduled to begin in the "
    "spring and should take about 18 months, officials said.",
    "Last year's event raised more than $60,000 for the food bank, which serves about 1,200 families a month in "
    "{town} and the surrounding county.",
    "Tickets are available at the box office and online. Children under 12 get in free with an adult, and seniors "
    "receive a discount on weekday shows.",
    "{kin} {last}, a spokesperson for the county, said the office would post updates on its website and social media "
    "accounts as the work continues through the summer.",
    "Several residents asked the board to consider a crosswalk near the elementary school, where traffic backs up "
    "every morning during drop-off.",
)


def fill(template: str, rng: random.Random) -> str:
    town, state = rng.choice(TOWNS)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    teams = rng.sample(TEAMS, 2)
    return template.format(town=town, state=state, day=rng.choice(DAYS), name=f"{first} {last}", last=last,
                           kin=rng.choice(FIRST), age=rng.randint(19, 64), team=teams[0], team2=teams[1])


def page(body: str, rng: random.Random) -> str:
    """An article with the furniture a scraped page carries above and below it."""
    top = rng.sample(FURNITURE, 2)
    bottom = rng.sample(FURNITURE, 3)
    return "\n".join(top) + "\n" + body + "\n" + "\n".join(bottom)


def build_stream(n: int, seed: int = 14) -> list[Document]:
    """``n`` documents, about 2% reporting force, in a fixed shuffled order."""
    rng = random.Random(seed)
    samples = [d for d in read_paths([str(ROOT / "samples")]) if isinstance(d, Document)]
    positives = round(n * POSITIVE_SHARE)
    docs = []
    start = date(2025, 1, 1)
    for i in range(n):
        published = start + timedelta(days=i % 365)
        if i < positives:
            if i < len(samples):
                d = samples[i]
                docs.append(Document(**{**d.__dict__, "id": f"stream-{i}", "content_hash": ""}))
                continue
            body = fill(FORCE_TEMPLATES[i % len(FORCE_TEMPLATES)], rng)
        else:
            body = "\n\n".join([fill(NEGATIVE_TEMPLATES[i % len(NEGATIVE_TEMPLATES)], rng)]
                               + [fill(t, rng) for t in rng.sample(FILLER, rng.randint(3, 6))])
        text = page(body, rng)
        docs.append(Document(id=f"stream-{i}", text=text, title=body.split("\n")[0][:90], published=published,
                             outlet="Valley Ledger"))
    rng.shuffle(docs)
    return docs
