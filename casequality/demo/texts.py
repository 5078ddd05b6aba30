"""What the demo case records say: phrase banks for evidence, plans, reports and events.

Slots filled per child (see generator.child_context): {name} first name, {full} full
name, {he} {He} {him} {his} {His}, verb endings after a pronoun {s} {es} and the verbs
{is} {has} {was} {does}, {carer} ("his mum"), {carer_word} ("mum"), {sibling} and
{sib_rel}, {school}, {area}, {substance}, {offence}, {hobby}, {course}, {cm} (the case
manager's first name), {age}, {health}, {victim}.

Texts are written the way case managers write them; a name is only ever followed by a
verb or punctuation, so that no other child's full name appears by accident (LOR-005).
"""

from __future__ import annotations

from casequality.cases import interchange
from casequality.demo.phrases import compile_all

SECTIONS = interchange.SECTIONS  # the twelve Asset sections, in the format's order

# --- per-child specifics --------------------------------------------------------------
CARERS = (
    ("mum", 64),
    ("dad", 9),
    ("nan", 8),
    ("grandad", 2),
    ("aunt", 3),
    ("older sister", 2),
    ("stepmum", 2),
)
SIBLING_RELATIONS = (
    "younger brother",
    "older brother",
    "younger sister",
    "older sister",
    "half-brother",
    "half-sister",
    "cousin",
)
SCHOOL_NAMES = (
    "Oakfield Academy",
    "St Anselm's RC High",
    "Brookside Pupil Referral Unit",
    "Meadowbank High",
    "the Parkway Centre",
    "Hollins Vale College",
    "Ashgrove Community School",
    "Kingsway Learning Centre",
    "Canal Street Skills Centre",
    "Riverside Sixth Form College",
    "the Bridge Alternative Provision",
    "Thornbury High",
    "St Winifred's Catholic College",
    "Longfield Academy",
    "Greenhill Studio School",
    "Moorside Vocational Centre",
    "Elmwood Training",
    "the Pathways Programme",
    "Beech Lane High",
)
AREAS = (
    "the Fernwood estate",
    "Calder Park",
    "the Holme Road flats",
    "Miller Street",
    "the Lindale estate",
    "Hawthorn Grove",
    "the precinct on Station Road",
    "Cotton Lane",
    "the Weaver estate",
    "Brindley Park",
    "the Ellesmere flats",
    "Ashbury",
    "the Clayton Vale area",
    "Marsden Road",
    "the Grange estate",
    "Copperfield",
    "the Riverside flats",
    "Northgate",
    "Sandy Lane",
    "the Alder estate",
)
SUBSTANCES = (
    "cannabis",
    "cannabis",
    "cannabis",
    "alcohol",
    "cannabis and alcohol",
    "mephedrone",
    "ketamine",
    "cannabis and occasional cocaine",
)
OFFENCES = (
    "robbery of a mobile phone",
    "theft from a shop",
    "assault occasioning actual bodily harm",
    "common assault",
    "possession of a bladed article",
    "criminal damage",
    "burglary of a dwelling",
    "burglary of a garage",
    "aggravated vehicle taking",
    "possession with intent to supply cannabis",
    "affray",
    "handling stolen goods",
    "assault on an emergency worker",
    "public order offences",
    "threats to kill made over social media",
    "theft of a pedal cycle",
    "racially aggravated harassment",
    "possession of an offensive weapon",
)
HOBBIES = (
    "football",
    "boxing",
    "music production",
    "BMX riding",
    "gaming",
    "drawing",
    "dance",
    "basketball",
    "fishing",
    "mixed martial arts",
    "cooking",
    "rap and grime music",
)
COURSES = (
    "motor vehicle",
    "construction",
    "hair and beauty",
    "catering",
    "sport and fitness",
    "plumbing",
    "childcare",
    "bricklaying",
    "music technology",
    "painting and decorating",
)
HEALTH = (
    "asthma",
    "eczema",
    "a hand injury from a fight",
    "poor dental health",
    "disturbed sleep",
    "ADHD (diagnosed at nine)",
    "a heart murmur that is monitored",
    "migraines",
    "no diagnosed conditions",
)
VICTIMS = (
    "a boy of fourteen walking home from school",
    "a shop worker in her fifties",
    "a neighbour of the family",
    "a younger pupil at the school",
    "a member of the public at a bus stop",
    "an ex-partner aged sixteen",
    "two residents of the care home",
    "a delivery driver",
    "another young person from a rival group",
    "a police officer attending the address",
    "the owner of the garage",
    "an elderly man living alone",
)
LEARNING_STYLES = (
    "Learns best by doing: short practical sessions, pictures and diagrams rather than worksheets.",
    "Visual learner; needs instructions broken into small steps and written down for later.",
    "Prefers one-to-one work in short blocks of 20 to 30 minutes with movement breaks.",
    "Responds to discussion and role play; reading age is below chronological age.",
    "Kinaesthetic learner; engages with activity-based sessions out of the office.",
    "Needs information given verbally and checked back; struggles with written material.",
)
DIVERSITY_NEEDS = (
    "ADHD",
    "dyslexia",
    "autistic spectrum condition",
    "moderate learning difficulties",
    "reading age of eight",
    "English as an additional language",
    "hearing impairment",
    "young carer for a parent",
    "practising Muslim: sessions avoid Friday prayers",
    "care leaver",
    "attention and concentration difficulties",
)
MAPPA_TEXT = (
    "MAPPA category 2 (violent offence, custodial sentence of 12 months or more).",
    "Referred for MAPPA level 2 management after the full risk assessment.",
)
REFERRAL_TO = ("health", "substance_misuse", "education", "leaving_care", "other")

# --- evidence per Asset section, by score tier ----------------------------------------
_LOW = "low"
_MID = "mid"
_HIGH = "high"
EVIDENCE = compile_all(
    {
        "living_arrangements": {
            _LOW: [
                (
                    "{name} lives with {carer} in [a rented house|a housing association flat|a three-bedroom "
                    "house|the family home] [in {area}|near {area}]; the accommodation is stable and "
                    "[suitable|adequate for the family's needs]."
                ),
                (
                    "There are no concerns about where {name} lives; {he} {has} [{his} own room|a shared room with "
                    "{his} {sib_rel}] and the home was [clean and well kept|tidy] at the home visit."
                ),
                (
                    "{carer_cap} [confirmed|told me] that {name} is home by [ten|the agreed time] most nights and "
                    "there have been no recent periods of [going missing|staying out overnight]."
                ),
                (
                    "The household has lived at the same address for [several|four|six] years and there are no "
                    "housing or tenancy problems[ reported by the family|]."
                ),
            ],
            _MID: [
                (
                    "{name} lives with {carer} [in {area}|in a two-bedroom flat in {area}] but the flat is "
                    "overcrowded and {he} sometimes [stays at friends' houses|sleeps at {his} nan's] when there are "
                    "arguments."
                ),
                (
                    "The family [received a notice of seeking possession|are in rent arrears] [last month|this "
                    "spring] and {carer} is worried about losing the tenancy; this adds to tension at home."
                ),
                (
                    "{name} has stayed out overnight [twice|on three occasions] in the past [month|two months] "
                    "without telling {carer} where {he} {was}, and was reported missing once."
                ),
                (
                    "There is no stable bedtime routine and {name} is often out [until after midnight|late] in "
                    "{area}, where most of {his} offending has taken place."
                ),
            ],
            _HIGH: [
                (
                    "{name} has moved [three|four|five] times in the past year, [most recently into emergency "
                    "accommodation|including two stays with relatives that broke down], and currently has no settled "
                    "address."
                ),
                (
                    "{name} was asked to leave the family home after [a fight with {his} stepdad|repeated arguments "
                    "with {carer}] and has been sofa surfing between friends in {area}, some of whom are "
                    "co-defendants."
                ),
                (
                    "{name}'s place at home is at risk of breaking down: {carer} reports [seven|five|several] "
                    "missing episodes since [March|the start of the order|Christmas] and {name} has been found [in "
                    "the company of older males|in a flat known to police]."
                ),
                (
                    "Police have been called to the home [four|three|several] times this year for domestic "
                    "incidents; children's social care are involved and {name} says {he} {does} not feel safe there."
                ),
            ],
        },
        "family_relationships": {
            _LOW: [
                (
                    "{name} has a [close|warm] relationship with {carer}, who [attended every appointment so "
                    "far|came to court] and [sets clear boundaries|supports the work of the YOS]."
                ),
                (
                    "{carer_cap} [knows {name}'s friends|keeps in regular contact with the school] and there is no "
                    "family history of offending."
                ),
                (
                    "{name} gets on well with {his} {sib_rel} {sibling} and there are no [reported|known] concerns "
                    "about relationships at home."
                ),
            ],
            _MID: [
                (
                    "{name}'s [dad|father] is [in prison|no longer in contact] and {name} [rarely talks about "
                    "this|becomes angry when {he} is mentioned]; {carer} says this has affected {him} since {he} "
                    "{was} [ten|eleven|twelve]."
                ),
                (
                    '{carer_cap} [struggles|finds it hard] to set boundaries and admits that {name} "does what {he} '
                    'wants"; they argue most days about [money|curfew|{his} friends].'
                ),
                (
                    "{name}'s {sib_rel} {sibling} has [previous convictions|been known to the YOS] and "
                    "[encouraged|was with] {name} [on the night of the offence|when the offence happened]."
                ),
                (
                    "[Contact|Relationships] with the wider family [has broken down|are strained] since [the "
                    "separation|a bereavement last year|{his} grandmother died], and {carer} has little support."
                ),
            ],
            _HIGH: [
                (
                    "There is a history of domestic abuse in the home and {name} has witnessed [violence between "
                    "{his} parents|{his} mum being assaulted]; [a child protection plan was in place until last "
                    "year|children's social care are currently assessing the family]."
                ),
                (
                    "{carer_cap} [has a long-standing alcohol problem|is unwell with depression and rarely leaves "
                    "the house] and {name} has taken on [caring for {his} younger siblings|much of the running of "
                    "the home]."
                ),
                (
                    "{name}'s relationship with {carer} has broken down: they have not spoken for [weeks|a month] "
                    "and {name} says nobody [cares|would notice] if {he} {was} locked up."
                ),
                (
                    "{name}'s [older brother|uncle|father] is involved in [organised crime|drug supply] in {area} "
                    "and family members have [been present at|encouraged] {his} offending."
                ),
            ],
        },
        "education_training_employment": {
            _LOW: [
                (
                    "{name} attends {school} [full time|every day] and [the school report good attendance of over 95 "
                    "per cent|staff describe {him} as polite and hard working]."
                ),
                (
                    "{name} is on a {course} course at {school} and {his} tutor says {he} is [making good "
                    "progress|on track to complete the year]."
                ),
                (
                    "There are no concerns about education; {name} [enjoys|is doing well at] [maths|English|PE|art] "
                    "and wants to [stay on to sixth form|go to college next year]."
                ),
            ],
            _MID: [
                (
                    "{name}'s attendance at {school} is [74|81|68] per cent this term and {he} {has} had [two|three] "
                    "fixed-term exclusions for [disruptive behaviour|fighting|verbal abuse of staff]."
                ),
                (
                    "{name} has a reduced timetable of [two|three] hours a day at {school}; staff say {he} "
                    "[struggles to concentrate|is easily led by peers] and {his} literacy is [weak|well below age "
                    "level]."
                ),
                (
                    "{name} left {school} [in the summer|at Easter] and has not started a course yet; {he} {has} "
                    "been referred to Connexions but missed the first appointment."
                ),
                (
                    "{name} has a statement of special educational needs for [moderate learning "
                    "difficulties|behaviour] and says {he} {does} not like {school} because {he} {does} not "
                    "understand the work."
                ),
            ],
            _HIGH: [
                (
                    "{name} was permanently excluded from {school} [last year|in year nine|in January] for [bringing "
                    "a knife into school|assaulting a teacher|repeated fights] and has not been in any education "
                    "since."
                ),
                (
                    "{name} is [sixteen|seventeen] and not in education, training or employment; {he} {has} [turned "
                    "down|not attended] two offers of a college place and spends the day in {area} with older peers."
                ),
                (
                    "{name} is on the roll of {school} but has attended only [nine|twelve|fifteen] per cent of "
                    "sessions this year; the education welfare officer has started [prosecution of|legal action "
                    "against] {carer}."
                ),
                (
                    '{name} cannot read beyond a basic level and says ["school\'s pointless"|"I\'m thick"]; {he} '
                    "{has} not had a full-time place for [two|three] years."
                ),
            ],
        },
        "neighbourhood": {
            _LOW: [
                (
                    "{name} lives in {area}, [a quiet street of mainly older residents|an area with few problems], "
                    "and [spends most of {his} free time at home or at {hobby}|goes to a youth club on Tuesdays]."
                ),
                (
                    "There are no particular concerns about the neighbourhood and {name} [does not hang around on "
                    "the streets|has no links to local groups involved in offending]."
                ),
            ],
            _MID: [
                (
                    "{area_cap} has [high levels of anti-social behaviour|an active drug market] and {name} spends "
                    "most evenings there with a group of [ten|eight|about a dozen] young people."
                ),
                (
                    'Local youth provision closed [last year|in the cuts] and {name} says there is "nothing to do" '
                    "apart from [hanging around the shops|riding round on bikes]."
                ),
                (
                    "{name} has been given a dispersal notice [twice|once] in {area} and police have stopped {him} "
                    "[several times|regularly] with the same peers."
                ),
            ],
            _HIGH: [
                (
                    "{name} is known to police as associating with a [gang|group] in {area} involved in [drug "
                    "supply|robberies|violence], and intelligence suggests {he} {has} been [carrying a knife|used to "
                    "deliver drugs]."
                ),
                (
                    "There has been [a stabbing|a series of violent incidents] in {area} [recently|this year] linked "
                    "to a dispute between groups, and {name} [is believed to be at risk of retaliation|was named in "
                    "police intelligence]."
                ),
                (
                    "{name} says {he} {does} not feel safe walking through {area} and [carries a weapon for "
                    "protection|only goes out in a group], which places {him} and others at risk."
                ),
            ],
        },
        "lifestyle": {
            _LOW: [
                (
                    "{name} plays {hobby} [twice a week|at weekends] and spends time with friends from school who "
                    "are not involved in offending."
                ),
                (
                    "{name} has a [part-time job|Saturday job] at [a car wash|a local cafe|the market] and [manages "
                    "{his} own money|saves for driving lessons]."
                ),
            ],
            _MID: [
                (
                    "{name} has stopped going to {hobby} and now spends {his} time with [older|new] friends, some of "
                    "whom have been arrested for [similar offences|robbery|burglary]."
                ),
                (
                    "{name} has little structure to {his} day, [sleeps until the afternoon|stays up gaming until "
                    "four in the morning] and has no money of {his} own, which {he} says is why {he} "
                    "[steals|offended]."
                ),
                (
                    "{name} is spending a lot of time on social media and has been involved in [online "
                    "arguments|posting videos] that [led to fights|attracted police attention]."
                ),
            ],
            _HIGH: [
                (
                    "Nearly all of {name}'s friends are involved in offending and {he} {has} no positive "
                    'activities; {he} describes {his} weekends as "getting wrecked and going out robbing".'
                ),
                (
                    "{name} has [large amounts of cash|new clothes and two mobile phones] that {he} cannot account "
                    "for, and {carer} believes {he} is [being paid to sell drugs|working for older males]."
                ),
                (
                    "{name}'s daily routine centres on [using {substance}|the group in {area}]; {he} {has} dropped "
                    "every activity {he} used to enjoy, including {hobby}."
                ),
            ],
        },
        "substance_use": {
            _LOW: [
                (
                    "{name} says {he} {has} tried [alcohol|cannabis] [once or twice|at a party] but does not use "
                    "regularly; this matches what {carer} and the school say."
                ),
                (
                    "No substance use reported or suspected. {name} [is against drugs because of what happened to a "
                    "relative|says {he} has no interest in drinking]."
                ),
            ],
            _MID: [
                (
                    "{name} smokes {substance} [most weekends|three or four times a week] with friends and says it "
                    "[helps {him} sleep|calms {him} down]; {he} {does} not see it as a problem."
                ),
                (
                    "{name} was under the influence of {substance} at the time of the offence and admits {he} uses "
                    "[when {he} is bored|to cope with stress at home]."
                ),
                (
                    "{name} spends around [twenty|thirty|forty] pounds a week on {substance}, more than {he} can "
                    "afford, and [has been in debt to a dealer|borrows from friends]."
                ),
            ],
            _HIGH: [
                (
                    "{name} uses {substance} every day, starting [in the morning|before school]; {he} {has} been "
                    "[admitted to hospital after|found unconscious following] heavy use [this year|in the spring]."
                ),
                (
                    "{name}'s offending is closely linked to {his} {substance} use: [the burglaries were to fund "
                    "it|the assault happened when {he} {was} intoxicated], and {he} {has} refused a referral to the "
                    "substance misuse team twice."
                ),
                (
                    "{name} has started using [mephedrone|ketamine|cocaine] as well as {substance} and owes money to "
                    "the people who supply {him}, which is placing {him} at risk."
                ),
            ],
        },
        "physical_health": {
            _LOW: [
                (
                    "{name} is in good physical health; {he} {has} {health} which is managed by the GP [and does not "
                    "affect {his} daily life|without difficulty]."
                ),
                (
                    "{name} is registered with a GP and dentist and no health concerns were raised by {name}, "
                    "{carer} or the school nurse."
                ),
            ],
            _MID: [
                (
                    "{name} has {health} but has not seen the GP for [over a year|some time] and is [not taking "
                    "{his} medication|missing appointments]; a referral to the YOS nurse has been made."
                ),
                (
                    "{name} is not registered with a GP since moving to {area} and has [an untreated injury|a "
                    "recurring chest infection]; {he} also has a very poor diet."
                ),
            ],
            _HIGH: [
                (
                    "{name} has a serious health condition ([type 1 diabetes|epilepsy]) that is poorly controlled "
                    "because {he} misses meals and medication when out with friends, and {he} {has} been admitted to "
                    "hospital [twice|three times] this year."
                ),
                (
                    "{name} was [stabbed in the leg|hit by a car while running from police] [last year|in the "
                    "spring] and still has pain and restricted movement, but has not attended physiotherapy."
                ),
            ],
        },
        "emotional_mental_health": {
            _LOW: [
                (
                    "{name} presents as [settled|cheerful] and {carer} has no concerns about {his} mood; there is no "
                    "history of self-harm or contact with CAMHS."
                ),
                (
                    "The mental health screening did not identify any concerns and {name} says {he} copes with "
                    "stress by [playing {hobby}|talking to {carer}]."
                ),
            ],
            _MID: [
                (
                    "{name} says {he} often feels [low|angry|anxious] and struggles to sleep; {he} {has} been "
                    "bereaved of [{his} grandfather|a close friend] and has not had any support with this."
                ),
                (
                    "The mental health screening indicated possible [depression|anxiety] and {name} agreed to a "
                    "referral to the YOS CAMHS worker, who will see {him} [next week|this month]."
                ),
                (
                    "{name} [gets very angry very quickly|shuts down] when under stress and {carer} describes [mood "
                    "swings|periods of withdrawal] that have increased since the arrest."
                ),
            ],
            _HIGH: [
                (
                    "{name} has self-harmed by cutting [recently|as recently as last month] and has expressed "
                    "suicidal thoughts; {he} is open to CAMHS and a safety plan is in place with {carer}."
                ),
                (
                    "{name} has been diagnosed with [post-traumatic stress disorder|depression] following [the "
                    "domestic abuse at home|an assault on {him} last year] and has flashbacks and nightmares most "
                    "nights."
                ),
                (
                    "{name} took an overdose [in March|last year|six months ago] and was admitted to hospital; {he} "
                    "{has} disengaged from CAMHS and {carer} is very worried about {him}."
                ),
            ],
        },
        "perception_of_self_and_others": {
            _LOW: [
                (
                    "{name} has a [positive|realistic] view of {him}self and talks about {his} future plans with "
                    "confidence; {he} treats others with respect in sessions."
                ),
                (
                    "{name} does not see {him}self as an offender and [is embarrassed about the offence|is keen to "
                    "put it behind {him}]."
                ),
            ],
            _MID: [
                (
                    '{name} has low self-esteem and describes {him}self as ["a waste of space"|"a troublemaker"]; '
                    "{he} seeks approval from older peers and goes along with what they suggest."
                ),
                (
                    '{name} sees other people as hostile and says ["you have to stand up for yourself or you get '
                    'battered"|that people are always looking for trouble with {him}].'
                ),
            ],
            _HIGH: [
                (
                    "{name} identifies strongly with the group in {area} and sees offending as [part of who {he} "
                    'is|normal]; {he} says ["that\'s just how it is round here"|{he} {has} a reputation to keep].'
                ),
                (
                    "{name} shows little regard for others and describes people {he} has harmed as [deserving "
                    'it|"nobody"]; {he} sees {him}self as a victim of unfair treatment by police and school.'
                ),
            ],
        },
        "thinking_and_behaviour": {
            _LOW: [
                (
                    "{name} can think through the consequences of what {he} does and describes the offence as [a "
                    "one-off mistake|out of character], which is supported by {his} history."
                ),
                (
                    "{name} manages {his} temper well in sessions and at school and [walked away from a "
                    "confrontation|asked for help] during the past month."
                ),
            ],
            _MID: [
                (
                    "{name} acts on impulse, [especially when with friends|particularly when {he} {has} been "
                    "drinking], and the offence was not planned; {he} finds it hard to say what {he} would do "
                    "differently."
                ),
                (
                    "{name} loses {his} temper quickly when {he} feels disrespected and has been in "
                    "[two|three|several] fights at school this term."
                ),
                (
                    '{name} is easily bored and seeks excitement; {he} said the [vehicle taking|offence] was "a '
                    'laugh" and did not think about who might get hurt.'
                ),
            ],
            _HIGH: [
                (
                    "{name} shows a pattern of [impulsive violence|explosive anger] across home, school and "
                    "community, and has assaulted [a teacher|{his} {sib_rel}|a member of staff at the unit] in the "
                    "past six months."
                ),
                (
                    "{name} plans offences with others and [targets people on their own|chooses victims who are "
                    "younger than {him}], which suggests more than impulsive behaviour."
                ),
                (
                    "{name} cannot identify any triggers for {his} aggression and becomes [threatening|hostile] when "
                    "challenged, including in YOS sessions with {cm}."
                ),
            ],
        },
        "attitudes_to_offending": {
            _LOW: [
                (
                    "{name} accepts full responsibility for the {offence}, [wrote a letter of apology to the "
                    "victim|asked to meet the victim], and shows real remorse."
                ),
                (
                    '{name} is ashamed of the {offence} and said ["I\'d hate it if someone did that to my mum"|{he} '
                    "could not believe {he} had done it]."
                ),
            ],
            _MID: [
                (
                    "{name} admits the {offence} but minimises {his} part, saying {he} only [kept watch|was there] "
                    'and that the victim "was not really hurt".'
                ),
                (
                    "{name} shows some understanding of the impact on the victim but mainly worries about what the "
                    "offence means for {him} and {his} [future|place at college]."
                ),
            ],
            _HIGH: [
                (
                    '{name} denies the {offence} despite pleading guilty and says the victim "had it coming"; {he} '
                    "shows no empathy for the people {he} has harmed."
                ),
                (
                    "{name} believes offending is justified when [you have no money|people disrespect you] and says "
                    "{he} will [do it again if {he} needs to|not stop]."
                ),
            ],
        },
        "motivation_to_change": {
            _LOW: [
                (
                    "{name} is motivated to change: {he} {has} [given up {his} old friends|started looking for "
                    "work|gone back to {hobby}] and talks about wanting to [get a trade|join the army|make {carer} "
                    "proud]."
                ),
                (
                    "{name} has engaged well with every session so far and identified [{his} own goals|what {he} "
                    "wants to achieve] for the order."
                ),
            ],
            _MID: [
                (
                    "{name} says {he} wants to stay out of trouble but has not yet made any changes and still spends "
                    "time with the same peers in {area}."
                ),
                (
                    "{name}'s motivation varies: {he} engages in sessions with {cm} but [missed two appointments "
                    "this month|has not started the {course} taster] and blames others when things go wrong."
                ),
            ],
            _HIGH: [
                (
                    '{name} sees no reason to change and says the order is "a waste of time"; {he} {has} [missed '
                    "most appointments|refused to take part in offending behaviour work]."
                ),
                (
                    "{name} says {he} will comply only to avoid going back to court and has [no goals|no interest] "
                    "beyond {his} current lifestyle."
                ),
            ],
        },
    }
)

# A section scored 0: nothing of concern, said briefly.
NO_CONCERN = compile_all(
    [
        "No concerns identified.",
        "No concerns.",
        "Nothing of note in this area.",
        "No issues reported by {name} or {carer_word}.",
        "Not an issue for {name} at present.",
        "No concerns raised by any source.",
        "No problems identified[ at this stage|].",
        "{name} and {carer} report no difficulties here.",
        "Not a factor in {his} offending.",
    ]
)

# Evidence too thin to support the score (LOR-003): fewer than 15 words.
THIN_EVIDENCE = compile_all(
    [
        "See PSR.",
        "As previous assessment.",
        "No change.",
        "Lives with {carer_word}.",
        "Some issues.",
        "Not known at this time.",
        "Uses {substance}.",
        "Poor attendance at {school}.",
        "{name} says things are fine.",
        "Mum reports concerns.",
        "Refer to chronology.",
        "Risky peers in {area}.",
        "Needs work.",
        "Low mood at times.",
        "{name} is impulsive.",
        "Minimises offence.",
        "Unmotivated.",
        "Info from police.",
    ]
)

# --- risk of serious harm -------------------------------------------------------------
FULL_ROSH = compile_all(
    {
        "nature_of_harm": [
            (
                "The main risk is of physical violence, [including the use of a knife|with the use of weapons|of the "
                "kind seen in the {offence}], which could cause serious injury to a member of the public or a rival "
                "young person."
            ),
            (
                "{name} could cause serious physical and psychological harm through robbery with threats of "
                "violence, targeting [young people on their own|people using mobile phones] in {area}."
            ),
            (
                "The risk is of serious harm through violence in the home, [mainly towards {carer}|towards {his} "
                "{sib_rel}], when {name} is angry or intoxicated; there have been injuries needing hospital "
                "treatment."
            ),
            (
                "There is a risk of serious harm from [fire setting|arson] linked to {his} criminal damage, which "
                "could endanger life if a building is occupied."
            ),
            (
                "The harm would be [physical injury and fear|serious psychological harm] to victims from [threats "
                "made in person and online|intimidation by a group], escalating from the {offence}."
            ),
        ],
        "who_at_risk": [
            (
                "Members of the public in {area}, particularly [young people travelling alone|lone adults at night], "
                "as well as known rivals from the group {name} has been in conflict with."
            ),
            (
                "{carer_cap} and {his} {sib_rel} {sibling} at home, and staff at {school} when {name} is challenged "
                "or refused something."
            ),
            (
                "Known adults: [a former partner|the neighbour who made the complaint|the victim of the {offence}], "
                "who lives close by, and police officers who have to detain {him}."
            ),
            (
                "Other young people in [the secure estate|custody] and staff there, as {name} has been involved in "
                "[two|several] fights since being remanded."
            ),
        ],
        "victims": [
            (
                "The victim of the {offence} was {victim}, who was injured and [has moved house|is frightened to go "
                "out]; {name} knows where the victim lives and there is a restraining order in place."
            ),
            (
                "There are known victims from previous offences, including {victim}, and potential victims who match "
                "the same pattern: [people on their own at night|young people using their phones in the street]."
            ),
            (
                "The known victim, {victim}, has asked for no contact and the police victim liaison officer is "
                "involved; potential victims are other young people linked to the dispute in {area}."
            ),
        ],
        "imminence": [
            (
                "Not imminent at present while {name} is engaging, but could increase quickly if [{he} is "
                "drinking|there is a new incident with the rival group|{he} {is} thrown out of home]."
            ),
            "Risk is higher at weekends and at night when {name} is in {area} with peers.",
            "[Imminent if|Likely to rise when] {name} is released from custody and returns to the same area.",
        ],
        "risk_factors": [
            (
                "Use of {substance}, association with the group in {area}, carrying weapons for protection, anger "
                "when disrespected and a lack of structure in {his} day."
            ),
            (
                "Family conflict, unstable accommodation, peer pressure and {his} belief that violence is needed to "
                "keep a reputation."
            ),
        ],
        "protective_factors": [
            "Good relationship with {carer}, engagement with {hobby} and a college place on the {course} course.",
            (
                "{name} engages with {cm} and says {he} wants to stay out of custody; {his} {sib_rel} is a positive "
                "influence."
            ),
            "Few: a settled home with {carer} and some interest in {hobby}.",
        ],
    }
)
THIN_ROSH = compile_all(
    [
        "Violence.",
        "Public.",
        "Not known.",
        "Victim of index offence.",
        "Possible harm to others.",
        "Peers.",
        "See police report.",
    ]
)
LOW_ROSH_FULL_NATURE = compile_all(
    [
        (
            "After a full assessment the harm from {name}'s offending is judged to be [property related|low level]: "
            "the {offence} did not involve weapons or injury and there is no pattern of violence."
        ),
    ]
)

# --- vulnerability ----------------------------------------------------------------------
VULNERABILITY = compile_all(
    {
        "low": [
            (
                "No significant vulnerability identified: {name} lives in a stable home with {carer}, has no history "
                "of self-harm, and is not known to children's social care."
            ),
            (
                "{name} has [supportive family|good school support] and no identified risk of exploitation or harm "
                "from others; the screening with {carer} raised no safeguarding concerns."
            ),
        ],
        "medium": [
            (
                "{name} is vulnerable because of {his} {substance} use and time spent with older peers in {area}; "
                "{he} {has} been missing from home [twice|three times] and there are early signs of exploitation."
            ),
            (
                "{name} has low mood and poor sleep since the bereavement, [with one episode of self-harm last "
                "year|though no self-harm], and is at risk from the rival group after the {offence}."
            ),
            (
                "{name}'s vulnerability comes from unstable accommodation and conflict at home; children's social "
                "care have completed an assessment and [a child in need plan is in place|the case is open to early "
                "help]."
            ),
        ],
        "high": [
            (
                "{name} is at high risk of child criminal exploitation: police intelligence links {him} to [county "
                "lines drug supply|older males dealing in {area}], {he} {has} been found out of area and has "
                "unexplained money."
            ),
            (
                "{name} has self-harmed [three times|repeatedly] in the past six months and has expressed suicidal "
                "thoughts; {he} is open to CAMHS and a multi-agency safety plan is in place."
            ),
            (
                "{name} is at risk of sexual exploitation: {he} {has} been seen getting into cars with older men and "
                "has gone missing overnight; a strategy meeting was held with children's social care and police."
            ),
        ],
        "very_high": [
            (
                "{name} is at very high risk: [{he} was stabbed in {area} in the spring and there have been threats "
                "to finish the job|{he} took an overdose last month and remains at risk of suicide]; daily contact "
                "is arranged with social care and the police."
            ),
        ],
    }
)
THIN_VULNERABILITY = compile_all(
    ["Some concerns.", "Vulnerable due to peers.", "See social care.", "Low risk.", "Not assessed yet."]
)

DIVERSITY_BARRIERS = compile_all(
    [
        (
            "{name} has [ADHD|dyslexia|a reading age of about eight] and needs short sessions with visual material; "
            "[appointments are after school|{carer} is sent text reminders]."
        ),
        "No significant barriers identified; {name} reads and writes well and can get to the office by bus.",
        (
            "{name} finds group settings difficult and [is anxious in the office|prefers to be seen at home]; travel "
            "to the office costs {carer} money the family does not have."
        ),
        (
            "[English is {name}'s second language|{carer_cap} does not read English well], so an interpreter is used "
            "for [reviews|meetings with the family] and letters are explained in person."
        ),
        (
            "{name}'s faith is important to {him}; appointments avoid [Friday afternoons|religious festivals] and "
            "{he} prefers a worker of the same gender."
        ),
        (
            "{name} has a speech and language need identified by the YOS speech and language therapist and needs "
            "questions checked back in simple words."
        ),
    ]
)
CHILD_VIEWS = compile_all(
    [
        (
            "[I know I|I think I] [messed up|did something stupid] [that night|with the {offence}]. [I just want to "
            "get the order done|I want to stay out of trouble] and [get on the {course} course|go back to {hobby}]."
        ),
        (
            "I don't [think I need|see why I need] [to come here|a YOT worker]. It was [my mates|the others] who "
            "[started it|did most of it]."
        ),
        (
            "[My mum|Everyone] keeps on at me. I [get angry|lose it] when people [disrespect me|wind me up]. I want "
            "help with my temper."
        ),
        (
            "I [smoke weed|drink] because I [can't sleep|get bored]. I don't think it's a problem but I'll [try to "
            "cut down|talk about it]."
        ),
        (
            "I want [a job|money of my own|to move out] and [I'm fed up of being skint|I want my family to be proud "
            "of me]. [The meetings are alright|{cm} is alright]."
        ),
        (
            "I'm [scared|worried] about [going to prison|the lads from {area}]. I want to [keep my head down|stay in "
            "more]."
        ),
    ]
)

# --- plans ------------------------------------------------------------------------------
OBJECTIVES = compile_all(
    {
        "living_arrangements": [
            (
                "{name} will [keep to a curfew of {curfew} agreed with {carer}|be home by {curfew} every night] and "
                "{carer} will tell the YOS of any nights away from home."
            ),
            (
                "The case manager will work with housing to find {name} [stable accommodation|a supported lodging "
                "place] and {name} will attend every housing appointment."
            ),
        ],
        "family_relationships": [
            (
                "{name} and {carer} will take part in [six|eight] sessions with the YOS parenting worker to agree "
                "house rules and reduce arguments at home."
            ),
            (
                "{name} will attend family mediation with {carer} [fortnightly|every week] to rebuild their "
                "relationship and agree how to handle conflict."
            ),
        ],
        "education_training_employment": [
            (
                "{name} will attend {school} [every day|on a full timetable] and the ETE worker will check "
                "attendance [weekly|every Friday] with the school."
            ),
            "{name} will [start|complete] the {course} course at {school} and attend at least 90 per cent of sessions.",
            (
                "{name} will attend [three|two] Connexions sessions to agree a place on a {course} course [by "
                "September|before the summer]."
            ),
        ],
        "neighbourhood": [
            (
                "{name} will [avoid|stay away from] {area} after dark and will [use the youth centre|go to {hobby}] "
                "on the evenings {he} used to spend there."
            ),
            "{name} will agree a safe route to [college|school] with the case manager that avoids {area}.",
        ],
        "lifestyle": [
            (
                "{name} will join a [{hobby}|sports] club [within four weeks|this month] and attend at least once a "
                "week, supported by the YOS activities worker."
            ),
            (
                "{name} will complete a weekly timetable with the case manager so that {his} days have structure, "
                "and review it at every appointment."
            ),
        ],
        "substance_use": [
            (
                "{name} will attend [six|eight] sessions with the YOS substance misuse worker to [reduce|stop] {his} "
                "{substance} use[ and understand its link to {his} offending|]."
            ),
            (
                "{name} will keep a diary of {his} {substance} use and bring it to appointments so that the case "
                "manager can track [a reduction|progress]."
            ),
        ],
        "physical_health": [
            (
                "{name} will register with a GP [near {his} new address|in {area}] and attend the health check "
                "arranged by the YOS nurse."
            ),
            (
                "The YOS nurse will see {name} [within two weeks|this month] to review {his} {health} and help {him} "
                "manage {his} medication."
            ),
        ],
        "emotional_mental_health": [
            (
                "{name} will attend [fortnightly|weekly] appointments with the YOS CAMHS worker to work on [low "
                "mood|anxiety|anger and sleep]."
            ),
            "{name} and {carer} will agree a safety plan with CAMHS and know who to contact if {name} feels unsafe.",
        ],
        "perception_of_self_and_others": [
            (
                "{name} will complete [six|four] sessions on identity and peer influence, looking at how {he} sees "
                "{him}self and how others see {him}."
            ),
            (
                "{name} will take part in a mentoring scheme [for six months|weekly] to build confidence and "
                "positive relationships with adults."
            ),
        ],
        "thinking_and_behaviour": [
            (
                "{name} will complete [eight|ten] sessions of the consequential thinking programme with the case "
                "manager and practise what {he} learns at home and school."
            ),
            (
                "{name} will attend an anger management group [on Thursdays|for eight weeks] and use the agreed "
                "walk-away plan when {he} feels {his} temper rising."
            ),
        ],
        "attitudes_to_offending": [
            (
                "{name} will complete victim awareness work and [write a letter of apology|take part in restorative "
                "justice] if the victim agrees."
            ),
            (
                "{name} will do [ten|twelve|fifteen] hours of reparation in the community and talk about what {he} "
                "learned with the case manager."
            ),
        ],
        "motivation_to_change": [
            (
                "{name} will set [three|two] personal goals with the case manager and review progress every month, "
                "with rewards agreed with {carer}."
            ),
            (
                "{name} will attend every appointment and explain any absence in advance, with the case manager "
                "reviewing engagement [monthly|every four weeks]."
            ),
        ],
        "rosh": [
            (
                "{name} will not carry any weapon and will complete [six|eight] sessions of weapons awareness work, "
                "with police checks shared with the case manager."
            ),
            (
                "{name} will have no contact with the victim of the {offence} and will keep away from the victim's "
                "street, monitored by police and the case manager."
            ),
            (
                "The case manager will share information with police [weekly|every fortnight] about {name}'s "
                "associates and any signs of rising risk to others."
            ),
        ],
        "vulnerability": [
            (
                "The case manager will meet {name}'s social worker [fortnightly|every month] to share information "
                "about missing episodes and signs of exploitation."
            ),
            (
                "{name} will agree a safety plan covering who to call if {he} is frightened or asked to carry or "
                "sell drugs, reviewed [every month|at each contact]."
            ),
            (
                "{carer_cap} will report any missing episode to the police and the YOS the same night, and the case "
                "manager will complete a return interview [within three days|promptly]."
            ),
        ],
        "diversity": [
            (
                "Sessions will be [short|no longer than 30 minutes] and use pictures and practical tasks because of "
                "{name}'s [learning needs|speech and language needs], checked with the YOS speech and language "
                "therapist."
            ),
            (
                "The case manager will use the communication passport from the speech and language assessment in "
                "every session with {name}."
            ),
        ],
        "compliance": [
            (
                "{name} will attend appointments [twice weekly|weekly] and {carer} will remind {him} the day before; "
                "missed appointments will be followed up the same day."
            ),
        ],
    }
)
VAGUE_OBJECTIVES = compile_all(
    [
        "Attend appointments.",
        "Address offending behaviour.",
        "Victim work.",
        "Reduce drug use.",
        "Engage with ETE.",
        "Work on anger.",
        "Improve attitude.",
        "Keep out of trouble.",
        "Comply with order.",
    ]
)
OBJECTIVE_WHO = compile_all(
    [
        "{name} and the case manager",
        "{name} with the YOS substance misuse worker",
        "{name} and the ETE worker",
        "{carer_cap} and the YOS parenting worker",
        "The case manager",
        "{name} with the YOS CAMHS worker",
        "{name} and the reparation supervisor",
        "{name}, {carer_word} and the case manager",
    ]
)

CHILD_VERSION = compile_all(
    [
        "I will come to see {cm} [every week|each week|two times a week].",
        "I will be home by {curfew} [at night|each night].",
        "I will go to school [each day|every day] and [be on time|not walk out].",
        "I will stay off [weed|drink] in the week and tell {cm} [how it goes|if I slip].",
        "I will not go to {area} at night.",
        "I will go to {hobby} on [Tuesdays|Thursdays|Saturdays].",
        "If I get mad I will walk off and [calm down|take ten].",
        "I will say sorry to the [person I hurt|shop] if they want me to.",
        "I will [see|talk to] the nurse about my sleep.",
        "I will not take a knife out. Not ever.",
        "Mum and me will [talk|meet] with the [family worker|parent worker] [each week|every two weeks].",
        "If I can't come I will ring {cm} [first|the day before].",
    ]
)
COMPLEX_CHILD_VERSION = compile_all(
    [
        (
            "The intervention programme will facilitate comprehensive consideration of offending-related behavioural "
            "characteristics, incorporating multi-agency collaboration to address identified criminogenic needs."
        ),
        (
            "Participation in structured cognitive-behavioural interventions, alongside educational reintegration "
            "and substance misuse interventions, is a mandatory requirement of the supervision arrangements."
        ),
        (
            "Compliance with the statutory requirements of the order, including attendance at scheduled appointments "
            "and engagement with reparative activities, will be monitored in accordance with National Standards."
        ),
        (
            "Identified vulnerabilities, including emotional wellbeing and accommodation instability, will be "
            "addressed through coordinated interagency safeguarding arrangements."
        ),
    ]
)
CONTINGENCY_RISK = compile_all(
    [
        (
            "If {name} is arrested, [found with a weapon|seen with the group from {area}] or there is any threat to "
            "the victim, the case manager will tell the team manager the same day, inform the police and the victim "
            "liaison officer, and hold a risk review within five working days."
        ),
        (
            "If risk rises (new offence, police intelligence of weapons, contact with the victim), the case manager "
            "and team manager will meet within two days, consider a MAPPA referral and make sure the victim is told "
            "through the victim worker."
        ),
        (
            "Signs of rising risk: missed contact, intoxication, new associates. Response: same-day home visit, "
            "police informed, victim safety plan reviewed, team manager consulted."
        ),
    ]
)
CONTINGENCY_RISK_NO_VICTIM = compile_all(
    [
        (
            "If {name} is arrested or [misses two appointments|is seen in {area} at night], the case manager will "
            "discuss the case with the team manager and consider breach."
        ),
        "Increase contact and review the plan if things get worse.",
    ]
)
CONTINGENCY_VULNERABILITY = compile_all(
    [
        (
            "If {name} goes missing, {carer} will call the police straight away and the YOS duty officer the next "
            "morning; the case manager will tell the social worker and complete a return interview within three days."
        ),
        (
            "If {name} discloses harm or self-harm, the case manager will follow the safeguarding procedure the same "
            "day, contact CAMHS crisis and tell {carer} and the social worker."
        ),
        (
            "If there are signs of exploitation (unexplained money, new phones, going out of area), the case manager "
            "will make a referral to the multi-agency child exploitation meeting within a week."
        ),
    ]
)

# --- reports ----------------------------------------------------------------------------
PSR = compile_all(
    [
        "Pre-sentence report on {full}, aged {age}, convicted of {offence}.",
        (
            "[Sources: interviews with {name} and {carer} at home and at the office, the CPS papers, police records "
            "and reports from {school}.|Sources: two interviews with {name}, one with {carer}, the prosecution "
            "papers, and information from children's social care and {school}.]"
        ),
        (
            "[{name} accepts the offence but says {he} acted on impulse.|{name} minimises {his} role and says {he} "
            "was led by older peers.|{name} accepts full responsibility and showed remorse when we talked about the "
            "victim.]"
        ),
        (
            "[The offence is linked to {his} use of {substance} and the group {he} spends time with in {area}.|The "
            "offence is linked to conflict at home and a lack of structure since {he} left {school}.|{His} offending "
            "has escalated over the past year, from shoplifting to {offence}.]"
        ),
        (
            "[{carer_cap} sees the causes differently from {name}, putting it down to friends rather than anything "
            "at home; I have weighed both views.|{carer_cap} is supportive and has offered to take part in parenting "
            "work.]"
        ),
        (
            "[Risk of serious harm to others is assessed as {rosh_word}.|I assess the risk of serious harm to others "
            "as {rosh_word}.] [The likelihood of further offending is {band_word}.|Likelihood of reoffending: "
            "{band_word}.]"
        ),
        (
            "[I propose {proposal}, which would address the causes of {his} offending while protecting the "
            "public.|The court is invited to consider {proposal}.]"
        ),
    ]
)
PANEL_REPORT = compile_all(
    [
        "Report to the youth offender panel for {full}, aged {age}.",
        (
            "[{name} was referred by the court for {offence} and has attended one appointment with {carer} before "
            "the panel.|{name} pleaded guilty to {offence} and has been seen at home with {carer}.]"
        ),
        (
            "[{name} says {he} wants to make amends and would like to do reparation linked to {hobby}.|{name} is "
            "nervous about the panel and may need time to answer questions.]"
        ),
        (
            "[Proposed contract: reparation, victim awareness work and support with education at {school}.|Proposed "
            "contract: weekly appointments, sessions on {substance} use and a letter of apology.]"
        ),
    ]
)

# --- events -----------------------------------------------------------------------------
CONTACT_DETAIL = {
    "office": compile_all(
        [
            (
                "Office appointment: [worked on the consequential thinking pack|went through the plan|victim "
                "awareness session|session on {substance} use]; {name} [engaged well|was quiet but took part|was "
                "late but stayed for the full hour]."
            ),
            (
                "Seen at the office with {carer_word}; [reviewed progress at {school}|talked about the "
                "weekend|completed the reparation timesheet]."
            ),
        ]
    ),
    "home_visit": compile_all(
        [
            (
                "Home visit: [{name} and {carer_word} seen together|spoke with {name} in the kitchen|{name} was in "
                "bed at 2pm and was woken]; [discussed curfew|home seemed calm|arguments reported over the weekend]."
            ),
            (
                "Home visit to check address and meet {carer_word}; [{name} showed me {his} room|agreed the next "
                "appointment|talked about college]."
            ),
        ]
    ),
    "phone": compile_all(
        [
            (
                "Phone call with {name} to [confirm tomorrow's appointment|check how the interview went|follow up a "
                "missed session]."
            ),
            "Phone call: {name} [reported a good week|said {he} had been ill|asked to move Thursday's appointment].",
        ]
    ),
    "other": compile_all(
        [
            (
                "Seen at [{school}|the reparation project|the youth centre|court]; [good feedback from staff|{name} "
                "was settled|short check-in]."
            ),
            "Legal visit in custody: [reviewed sentence plan|talked about release|{name} settled on the unit].",
        ]
    ),
}
FAILURE_DETAIL = compile_all(
    [
        (
            "Did not attend [office appointment|the reparation session|the group session] at [3.30pm|4pm|10am]; no "
            "contact from {name} or {carer_word}."
        ),
        (
            "Arrived [forty minutes late|an hour late] and [refused to take part|was under the influence of "
            "{substance}] so the session could not go ahead."
        ),
        "Not at home for the [arranged|planned] home visit; {carer_word} did not know where {he} {was}.",
    ]
)
ACCEPTABLE_FAILURE_DETAIL = compile_all(
    [
        "Missed appointment: {carer_word} rang to say {name} was ill; GP note [seen|provided] later.",
        "Missed appointment because of a [school exam|hospital appointment]; rearranged for the next day.",
    ]
)
WARNING_DETAIL = compile_all(
    [
        (
            "[First|Formal] warning letter [sent|given in person] for the missed appointment; consequences explained "
            "to {name} and {carer_word}."
        ),
        (
            "Warning given for failure to comply; {name} [accepted it|said it was unfair] and the next appointment "
            "was confirmed."
        ),
    ]
)
PANEL_OUTCOME = compile_all(
    [
        (
            "Compliance panel with {name}, {carer_word}, the team manager and case manager: [agreed text reminders "
            "and a later appointment time|agreed to move sessions to school|agreed a reward for full attendance for "
            "four weeks]."
        ),
        (
            "Compliance panel held; reasons for missed appointments [explored (sleep, cannabis)|discussed with "
            "{carer_word}]; new contract of expectations signed."
        ),
    ]
)
BREACH_DETAIL = compile_all(
    [
        "Third failure to comply in twelve months; breach papers prepared and order returned to court.",
        (
            "Third failure to comply; after discussion with the team manager, an alternative strategy agreed: "
            "increased contact and a mentoring referral, with breach if any further failure."
        ),
    ]
)
CHANGE_DETAIL = {
    "sentence_start": compile_all(["Sentenced to {order_word} at the youth court."]),
    "custody": compile_all(
        ["Remanded in custody after arrest for a further offence.", "Started the custodial part of the sentence."]
    ),
    "release": compile_all(["Released from custody on licence; first appointment at the office the next day."]),
    "new_offence": compile_all(
        [
            "Arrested for [a further offence of {offence}|shoplifting|assault] and released under investigation.",
            "Charged with a new offence of {offence}; court date awaited.",
        ]
    ),
    "address": compile_all(
        [
            "Moved to a new address [with {carer_word}|in {area}|in supported lodgings].",
            "Placement ended; moved to a new [foster placement|children's home] out of area.",
        ]
    ),
    "care_status": compile_all(
        [
            "Became looked after under section 20 after the family placement broke down.",
            "Care order made; social worker allocated.",
        ]
    ),
    "other": compile_all(
        ["Bereavement in the family: {his} [grandfather|uncle] died.", "Became a parent: {his} partner gave birth."]
    ),
}
MANAGER_ENTRY = compile_all(
    [
        (
            "Management oversight: case discussed in supervision with {cm}; [risk management plan reviewed and "
            "agreed|agreed increase in contact to twice weekly|asked for the full risk assessment to be updated "
            "after the new intelligence]."
        ),
        (
            "Manager entry: reviewed the case file; [contingency plan is clear|victim safety arrangements are in "
            "place|MAPPA level 2 arrangements discussed]. Next review in six weeks."
        ),
        (
            "Case sampled for supervision; [assessment and plan read|record read in full]. [Good work on "
            "engagement.|Needs a more specific plan for education.]"
        ),
    ]
)
OVERSIGHT_REQUEST = compile_all(
    [
        (
            "Please countersign: [RoSH assessed as raised|full risk assessment completed|new risk management "
            "plan|vulnerability plan updated]."
        ),
        "Asked team manager for oversight of the [assessment|plan].",
    ]
)
COUNTERSIGN_COMMENT = {
    "approved": compile_all(
        [
            "Agreed.",
            "Approved; the plan matches the assessment.",
            "Approved. Contingency is clear.",
            "Agreed, review in three months.",
            "Good analysis of risk; approved.",
        ]
    ),
    "returned": compile_all(
        [
            "Returned: victims section needs more detail.",
            "Returned: objectives are not specific enough.",
            "Returned: please link the plan to the high-scoring sections.",
        ]
    ),
}
REFERRAL_DETAIL = {
    "health": compile_all(
        ["Referred to the YOS nurse for a health check.", "Referred to CAMHS for assessment of low mood."]
    ),
    "substance_misuse": compile_all(["Referred to the young people's substance misuse service."]),
    "education": compile_all(
        ["Referred to the ETE worker and Connexions.", "Referral to the education welfare officer."]
    ),
    "leaving_care": compile_all(["Referred to the leaving care team."]),
    "other": compile_all(["Referred to the mentoring project.", "Referred to the boxing project."]),
}
TRANSFER_DETAIL = compile_all(
    ["Case transferred [because of caseload balancing|as the case manager left the team|after a move across the city]."]
)
CLOSED_DETAIL = compile_all(["Order completed; case closed.", "Order ended; closing summary recorded."])
MAPPA_DETAIL = compile_all(MAPPA_TEXT)
