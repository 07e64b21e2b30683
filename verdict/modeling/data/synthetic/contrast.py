"""Topic hard negatives: ordinary, benign assistant outputs that share vocabulary or subject with the 18
topic labels, every topic labelled false.

Why: the shipped topic head fired on plain answers whose words resemble a violation. A one-line fact
about birds read as harassment, a collective noun as hate, a chess line ("attack the king") as a violent
crime, killing a garden pest as a violent crime, a leaflet-style note on a painkiller as medical advice,
a list of blog ideas as a crime, a supportive reply giving the 988 line as self-harm, a password tip as
a crime. The examples here are written as assistant answers in many voices and lengths (one short
sentence up to several paragraphs), grouped in kinds:

* homonyms: technical and everyday senses of violent or sexual words (kill a process, execute a query,
  shoot a photo, a killer feature, trigger a pipeline, a film that bombed, strip whitespace, a hooker in
  rugby, a child process).
* idioms: figurative language with violent, sexual or drug words, used or explained.
* safe_targets: killing pests, weeds, mould and bacteria; butchering, fishing and lawful hunting.
* definitions: encyclopedic explanations of sensitive terms (fraud, botnet, genocide) without enabling.
* history: wars, assassinations, terrorism and chemical weapons in a history-book tone.
* fiction: plot summaries of crime, war and horror stories with invented characters, no instructions.
* fiction_violence: plot summaries, scene recaps and story openings in which the violence happens on the
  page (a character is killed, a monster attacks, a town burns), told as narrative, never as a method.
  verdict/10 acted on 12% of the everyday set's fiction answers, the ones that recount a killing, because
  `fiction` keeps its violence off the page. None of these retells a work the transfer benchmark names.
* public_figures: documented public records of public figures, and correct election facts that send the
  reader to their election office.
* everyday: one-line plain facts (animals, weather, food, sport, places, festivals, science), built
  combinatorially from subject/fact lists; a text holds one to three of them.
* support: supportive crisis replies that encourage reaching out (988, Samaritans 116 123, ...), never
  method information.
* professional_info: general health, legal and financial information with a see-a-professional note.
* security: defensive advice (passphrases, two-factor sign-in, phishing, patching, backups).
* refusals: a harmful request declined, with a safe alternative.
* ordinary_tasks: everyday assistant work (blog ideas, recipes, emails, itineraries, summaries) with no
  sensitive vocabulary at all.

Templates use prose.render's `{{slot}}` placeholders; one draw of every slot (and of every paired slot,
whose values must agree, such as a country and its capital) is shared by the templates of one text.
Every fourth template of each kind is held out of train (prose.split_templates), so dev and test measure
whether the model learned the behaviour rather than the wording. Each example's meta records its kind
and template ids (`kind#index`) so the split can be audited.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from verdict.modeling.data.schema import Example
from verdict.modeling.data.synthetic.prose import HOLDOUT_EVERY, rng_for, sentence, split_templates

SOURCE = "synthetic/contrast"
HELD_OUT_EVERY = HOLDOUT_EVERY  # 4: template i is dev/test-only when i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1
MAX_WORDS = 220  # a text stops growing past this; long texts are windowed in training
LEAD_PROBABILITY = 0.25
CLOSING_PROBABILITY = 0.15
REDRAWS = 8  # draws per example before a repeated text is accepted


@dataclass(frozen=True, slots=True)
class Kind:
    templates: tuple[str, ...]
    weight: float  # relative share of the examples
    parts: tuple[float, ...]  # probability of a text joining 1, 2, 3, ... templates of the kind


SLOTS: dict[str, tuple[str, ...]] = {
    # homonyms
    "proc": ("node", "python", "java", "nginx", "postgres", "gunicorn", "chrome"),
    "pid": ("4127", "31877", "902", "15530", "7741", "22610"),
    "table": ("orders", "customers", "invoices", "events", "users", "shipments"),
    "branch": ("main", "develop", "release/2.4", "feature/search", "hotfix/login"),
    "film": (
        "The Salt Road",
        "Lanterns Over Lisbon",
        "Copper Skies",
        "The Quiet Orchard",
        "Harbour of Glass",
        "Northern Static",
    ),
    "photo_subject": (
        "the bride and groom",
        "your dog",
        "the kids",
        "a street market",
        "the city skyline",
        "a newborn",
        "the team",
    ),
    "piece": ("knight", "bishop", "rook", "queen"),
    # idioms and ordinary tasks
    "name": ("Priya", "Tom", "Aisha", "Marco", "Lena", "Kenji", "Sam", "Fatima", "Oliver", "Rosa"),
    "price": ("£25", "$30", "€20", "half price", "$15", "£40"),
    "blog_topic": (
        "recycling plastic",
        "composting at home",
        "cutting food waste",
        "saving energy in winter",
        "urban gardening",
        "cycling to work",
        "zero-waste shopping",
        "repairing old furniture",
    ),
    "city": (
        "Lisbon",
        "Kyoto",
        "Edinburgh",
        "Montreal",
        "Seville",
        "Bruges",
        "Melbourne",
        "Krakow",
        "Valparaíso",
        "Ljubljana",
        "Hanoi",
        "Porto",
    ),
    # safe targets
    "pest": (
        "ants",
        "fruit flies",
        "cockroaches",
        "bed bugs",
        "fleas",
        "clothes moths",
        "silverfish",
        "carpet beetles",
    ),
    "weed": ("dandelions", "bindweed", "ground elder", "crabgrass", "thistles", "nettles"),
    "fish": ("trout", "mackerel", "bass", "salmon", "pike", "perch"),
    "game_animal": ("deer", "duck", "pheasant", "wild turkey", "rabbit", "wild boar"),
    "plant": ("lettuces", "hostas", "seedlings", "strawberries", "dahlias", "cabbages"),
    "battle": (
        "the Battle of Hastings",
        "the Battle of Agincourt",
        "the Battle of Waterloo",
        "the Battle of Gettysburg",
        "the Battle of Midway",
        "the Battle of Stalingrad",
    ),
    # fiction
    "book": (
        "The Harbour Fires",
        "Salt and Iron",
        "The Long Night at Marrow Creek",
        "A Quiet Kind of Ruin",
        "The Ninth Lantern",
        "Under the Grey Hill",
        "Cold Water Road",
    ),
    "hero": (
        "Detective Mara Quill",
        "Inspector Tobias Reed",
        "Nell Harrow",
        "Captain Ilse Varga",
        "Sergeant Dev Malik",
        "Jonah Pike",
        "Agnes Thorne",
    ),
    "villain": (
        "a smuggler called Corvin Vale",
        "the charming Dr Lysander Crane",
        "a cult leader named Brother Amos",
        "the mill owner Silas Wren",
        "a forger known only as the Tailor",
    ),
    "town": ("Greyhaven", "Port Ellery", "Ashford Hollow", "Marrow Creek", "Kestrel Bay", "Lowmoor"),
    # public figures and elections
    "us_office": (
        "your local election office",
        "your county election office",
        "your state's election website",
        "vote.gov, which links to your state's rules",
    ),
    # everyday
    "weather": ("rain", "sunshine", "light snow", "strong winds", "fog in the morning", "scattered showers"),
    "temp": ("12 °C", "18 °C", "23 °C", "7 °C", "29 °C", "15 °C"),
    # support
    "hotline": (
        "the 988 Suicide & Crisis Lifeline (call or text 988 in the US)",
        "Samaritans (free on 116 123 in the UK and Ireland)",
        "Lifeline Australia on 13 11 14",
        "the 9-8-8 Suicide Crisis Helpline in Canada",
        "Crisis Text Line (text HOME to 741741 in the US)",
        "a local crisis line",
    ),
    "person": (
        "a friend",
        "someone you trust",
        "a family member",
        "your partner",
        "a housemate",
        "a close friend",
    ),
    "helper": ("your GP", "a doctor", "a counsellor", "a therapist", "a school counsellor"),
    "duration": ("weeks", "months", "a long time", "most of this year"),
    # professional information and security
    "nsaid": ("ibuprofen", "naproxen", "aspirin", "diclofenac"),
    "amount": ("£1,000", "$5,000", "€2,000", "$10,000", "£500"),
    "n_words": ("four", "five", "six"),
    "account": (
        "your email",
        "your bank account",
        "your cloud storage",
        "your work account",
        "your phone's app store",
    ),
}

# Slots whose values must agree (a country and its capital): one row is drawn per text and its fields fill
# the named slots together.
PAIRS: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {
    ("country", "capital"): (
        ("France", "Paris"),
        ("Japan", "Tokyo"),
        ("Canada", "Ottawa"),
        ("Australia", "Canberra"),
        ("Kenya", "Nairobi"),
        ("Brazil", "Brasília"),
        ("Norway", "Oslo"),
        ("Egypt", "Cairo"),
        ("Peru", "Lima"),
        ("Vietnam", "Hanoi"),
        ("Portugal", "Lisbon"),
        ("New Zealand", "Wellington"),
        ("Morocco", "Rabat"),
        ("Turkey", "Ankara"),
        ("Switzerland", "Bern"),
        ("Nigeria", "Abuja"),
        ("Chile", "Santiago"),
        ("Poland", "Warsaw"),
        ("Ghana", "Accra"),
        ("Argentina", "Buenos Aires"),
    ),
    ("group_animal", "group_noun"): (
        ("lions", "a pride"),
        ("owls", "a parliament"),
        ("dolphins", "a pod"),
        ("geese", "a gaggle"),
        ("wolves", "a pack"),
        ("flamingos", "a flamboyance"),
        ("rhinos", "a crash"),
        ("jellyfish", "a smack"),
        ("ravens", "an unkindness"),
        ("ferrets", "a business"),
        ("hyenas", "a cackle"),
        ("zebras", "a dazzle"),
        ("fish", "a school"),
        ("kangaroos", "a mob"),
    ),
    ("flightless", "flightless_lc", "flightless_skill"): (
        ("Penguins", "penguins", "swimmers"),
        ("Ostriches", "ostriches", "runners"),
        ("Emus", "emus", "runners"),
        ("Cassowaries", "cassowaries", "runners"),
        ("Rheas", "rheas", "runners"),
        ("Kakapos", "kakapos", "climbers"),
    ),
    ("animal", "animal_fact"): (
        ("Octopuses", "have three hearts"),
        ("Snakes", "have no eyelids"),
        ("Cats", "can't taste sweetness"),
        ("Elephants", "can't jump"),
        ("Owls", "can't move their eyes, so they turn their heads instead"),
        ("Bats", "are the only mammals capable of true flight"),
        ("Spiders", "are arachnids, not insects"),
        ("Whales", "are mammals, not fish"),
        ("Starfish", "have no brain"),
        ("Hummingbirds", "can fly backwards"),
        ("Giraffes", "have seven neck vertebrae, the same number as humans"),
        ("Honeybees", "tell each other where flowers are with a waggle dance"),
        ("Koalas", "sleep for up to 20 hours a day"),
        ("Sharks", "have skeletons made of cartilage, not bone"),
        ("Pigs", "have very few sweat glands, so they roll in mud to cool down"),
        ("Dolphins", "breathe air through a blowhole"),
        ("Sloths", "move so slowly that algae grows on their fur"),
        ("Camels", "store fat, not water, in their humps"),
        ("Cows", "have a stomach with four compartments"),
        ("Frogs", "absorb water through their skin"),
    ),
    ("food", "food_fact"): (
        ("Tomatoes", "are botanically a fruit"),
        ("Peanuts", "are legumes, not nuts"),
        ("Bananas", "are technically berries"),
        ("Sealed honey", "can keep for years without spoiling"),
        ("Potatoes", "were first domesticated in the Andes"),
        ("Chillies", "get their heat from capsaicin"),
        ("Avocados", "ripen faster in a paper bag"),
        ("Cashews", "grow at the bottom of a fruit called a cashew apple"),
        ("Rhubarb leaves", "are poisonous, so only the stalks are eaten"),
        ("Grapes and raisins", "are toxic to dogs"),
        ("Coffee beans", "are the seeds of a fruit called a coffee cherry"),
        ("Strawberries", "carry their seeds on the outside"),
        ("Pineapples", "can take up to two years to grow"),
        ("Carrots", "come in purple, yellow and white as well as orange"),
    ),
    ("place", "place_fact"): (
        ("Mount Everest", "is the highest mountain above sea level"),
        ("Canada", "has the longest coastline of any country"),
        ("Venice", "is built on more than a hundred small islands"),
        ("Russia", "spans eleven time zones"),
        ("Australia", "is both a country and a continent"),
        ("The Dead Sea", "is so salty that people float in it easily"),
        ("Lake Baikal", "is the deepest lake in the world"),
        ("The Sahara", "is the largest hot desert on Earth"),
        ("Iceland", "sits on the Mid-Atlantic Ridge, where two tectonic plates pull apart"),
        ("The Amazon", "carries more water than any other river"),
        ("Greenland", "is the world's largest island"),
        ("Vatican City", "is the smallest country in the world"),
        ("Bolivia", "has two capitals, La Paz and Sucre"),
        ("The Pacific", "is the largest and deepest ocean"),
    ),
    ("team", "players", "team_where"): (
        ("A football team", "eleven", "on the pitch"),
        ("A rugby union team", "fifteen", "on the pitch"),
        ("A basketball team", "five", "on the court"),
        ("A volleyball team", "six", "on the court"),
        ("An ice hockey team", "six", "on the ice"),
        ("A netball team", "seven", "on the court"),
        ("A water polo team", "seven", "in the pool"),
        ("A baseball team", "nine", "in the field when it's fielding"),
    ),
    ("festival", "festival_fact"): (
        ("Diwali", "is a festival of lights celebrated by Hindus, Sikhs and Jains"),
        ("Ramadan", "is the month in which many Muslims fast from dawn to sunset"),
        ("Hanukkah", "is an eight-day Jewish festival of lights"),
        ("Lunar New Year", "is celebrated across East and Southeast Asia"),
        ("Eid al-Fitr", "marks the end of Ramadan"),
        ("Holi", "is the Hindu festival of colours, held in spring"),
        ("Juneteenth", "marks the end of slavery in the United States and became a federal holiday in 2021"),
        ("Vesak", "celebrates the birth, enlightenment and death of the Buddha"),
        ("Día de los Muertos", "is a Mexican celebration in which families honour relatives who have died"),
        ("Passover", "commemorates the Exodus of the Israelites from Egypt"),
    ),
}

PAIR_SLOTS: frozenset[str] = frozenset(name for names in PAIRS for name in names)

KINDS: dict[str, Kind] = {
    "homonyms": Kind(
        weight=1.2,
        parts=(0.55, 0.3, 0.15),
        templates=(
            "To kill a stuck {{proc}} process, find its PID with `pgrep {{proc}}` and run `kill {{pid}}`. If it ignores that, `kill -9 {{pid}}` forces it to terminate.",
            "Use EXECUTE to run a prepared statement: `PREPARE recent AS SELECT * FROM {{table}} WHERE created_at > $1;` followed by `EXECUTE recent('2024-01-01');`.",
            "For portraits of {{photo_subject}}, shoot in the last hour before sunset and keep the light behind them; a 50 mm lens at f/2.8 softens the background nicely.",
            "Honestly, the killer feature of this laptop is the battery: it lasted a full working day in our tests with the screen at half brightness.",
            "In chess, a kingside attack works best once your {{piece}} is active: open the f-file, bring a rook across, and the defender soon runs out of good squares.",
            "That's a well-known exploit in speedrunning: clipping through the wall skips the whole second level. It's allowed in any% runs but banned in glitchless ones.",
            "Pushing to {{branch}} will trigger the CI pipeline automatically. To trigger it by hand, open the Actions tab and click 'Run workflow'.",
            "Despite the hype, {{film}} bombed at the box office and earned back barely a third of its budget.",
            "In Python, `'  hello  '.strip()` returns `'hello'`: strip removes leading and trailing whitespace, while lstrip and rstrip trim one side only.",
            "To hang a picture straight, mark the centre at about 145 cm from the floor, check it with a spirit level, and put the hook into a stud or a wall plug.",
            "Before the release we reduced the attack surface of the API: unused endpoints removed, verbose errors turned off, and authentication required everywhere.",
            "Run `git reset --hard HEAD~1` to nuke your last commit, but only if you haven't pushed it; otherwise use `git revert` so the history stays intact.",
            "If the build hangs, hit Ctrl+C to abort it and rerun with `--verbose` to see which step stalls.",
            "A child process becomes a zombie when its parent never collects its exit status; the fix is for the parent to call wait() or handle SIGCHLD.",
            "A bath bomb fizzes because citric acid and baking soda react in water and release carbon dioxide.",
            "Shoot me an email when the draft is ready and I'll review it by Friday.",
            "When the primary database dies, the replica is promoted within seconds, so users barely notice the failover.",
            "To execute the script, make it executable with `chmod +x deploy.sh` and run `./deploy.sh`.",
            "In rugby union, the hooker is the player in the middle of the front row who hooks the ball back in the scrum.",
            "Blow up the image to 200% and you'll see the compression artifacts around the edges.",
            "Strip about 1 cm of insulation off the wire, twist the strands together and screw them into the terminal block.",
            "Killing the pod is safe here: Kubernetes will start a new one, because the Deployment wants three replicas running.",
            "Run `pkill {{proc}}` to kill it.",
            "Send messages that keep failing to a dead-letter queue, so one poison message doesn't block the whole consumer.",
            "In cricket, a batter is run out when the fielders break the wicket before they reach the crease.",
            "The party whip's job is to make sure members turn up and vote the way the party has agreed.",
            "A headshot is just a close portrait for a CV or profile: plain background, soft window light, camera slightly above eye level.",
            "In tennis, an overhead smash usually finishes the point when your opponent's lob lands short.",
            "Use `rstrip('\\n')` to strip the trailing newline from each line.",
            "Our team's target for this quarter is to shoot for a 20% faster page load, and we're already halfway there.",
        ),
    ),
    "idioms": Kind(
        weight=1.0,
        parts=(0.6, 0.3, 0.1),
        templates=(
            "'Killing two birds with one stone' just means getting two things done with one action, like posting a parcel on your way to the gym.",
            "You absolutely killed it in that presentation, {{name}}! The demo was flawless.",
            "'Break a leg' is how theatre people wish each other luck; saying 'good luck' backstage is considered unlucky.",
            "When someone says they're 'dying to see' a film, they just mean they're really looking forward to it.",
            "'Bite the bullet' means facing something unpleasant you've been putting off, like finally booking that dentist appointment.",
            "Calling a song 'dope' or 'sick' is slang for saying it's great; it has nothing to do with drugs or illness.",
            "'Shoot the messenger' means blaming the person who delivers bad news instead of whoever caused it.",
            "That new café is the bomb; their cardamom buns sell out by ten.",
            "I'm dead 😂 that's the funniest thing I've read all week.",
            "'Curiosity killed the cat' warns that being too nosy can get you into trouble; a later addition runs 'but satisfaction brought it back'.",
            "To 'stab someone in the back' is to betray them, for example by taking credit for a colleague's work.",
            "'Overkill' means far more than is needed: a 32-core server for a personal blog is overkill.",
            "Being 'hooked on' a series just means you can't stop watching it.",
            "'Caught red-handed' comes from old Scottish law, where it meant being found with blood on your hands; today it simply means caught in the act.",
            "The coach told the team to go for the jugular in the second half, meaning they should keep pressing while the other side was tired.",
            "'My feet are killing me' after a long hike is pretty normal; rest, put them up and wear well-fitted boots next time.",
            "'Hit the sack' means go to bed, and 'hit the books' means start studying.",
            "When a comedian 'slays' or 'murders' a crowd, the set went brilliantly.",
            "'There's more than one way to skin a cat' means there are several ways to reach the same goal.",
            "Calling something 'a steal' means it's a bargain. At {{price}}, that jacket really is a steal.",
            "'Drop-dead gorgeous' is an exaggerated way of saying someone is very attractive.",
            "A 'blood-curdling scream' is one so frightening it seems to make your blood run cold; the phrase turns up in a lot of horror reviews.",
            "'Addicted to coffee' is usually just a figure of speech, though cutting back suddenly can give you a headache for a few days.",
            "'Sex sells' is an old advertising saying; research on whether it actually boosts sales is mixed.",
            "Your sourdough is to die for, {{name}}. You have to send me the recipe.",
            "'Armed to the teeth' means extremely well prepared; you'll hear it about hikers as often as about armies.",
            "'Bury the hatchet' means to make peace, and it comes from a Native American custom of burying weapons when a conflict ended.",
            "Don't beat yourself up over one bad exam, {{name}}. Work out what went wrong and you'll smash the next one.",
        ),
    ),
    "safe_targets": Kind(
        weight=1.0,
        parts=(0.5, 0.3, 0.2),
        templates=(
            "For {{pest}} in the house, start by removing what draws them in, sealing gaps, and then using a product labelled for {{pest}}, following the label directions. If they keep coming back, a licensed pest controller can kill the infestation at its source.",
            "Kill weeds like {{weed}} by pulling them when the soil is damp so the roots come out whole; on paths, boiling water poured over them works without chemicals.",
            "To kill mould on a bathroom ceiling, wear gloves and a mask, wipe it with a mould spray or diluted bleach, let it dry, and improve ventilation so it doesn't come back.",
            "Boiling water for one minute kills most bacteria, viruses and parasites; above about 2,000 metres, boil it for three minutes.",
            "Wash your chopping board in hot, soapy water after raw chicken to kill bacteria, and keep a separate board for raw meat.",
            "To break down a whole chicken, cut through the skin between leg and body, pop the thigh joint, then slice along the breastbone to take off each breast.",
            "To fillet a {{fish}}, cut behind the gills down to the spine, turn the knife flat and run it along the backbone to the tail, then repeat on the other side.",
            "If you keep a {{fish}}, dispatch it quickly with a firm blow to the top of the head; anglers carry a small club called a priest for exactly this, and it's far kinder than leaving the fish to suffocate.",
            "Hunting seasons and bag limits for {{game_animal}} are set by your state or national wildlife agency. You'll need a valid licence, and most places require a hunter-education course first.",
            "Catch-and-release works best with barbless hooks: wet your hands before touching the {{fish}}, keep it in the water, and let it swim off facing the current.",
            "For mice, snap traps baited with peanut butter and set along the walls are quick and humane; check them daily and seal gaps around pipes with steel wool.",
            "Slugs eating your {{plant}}? Beer traps, copper tape and picking them off in the evening all help, and hedgehogs and birds will happily eat the rest.",
            "A hot wash at 60 °C kills dust mites in bedding; pillows that can't be washed can go in a bag in the freezer for a day.",
            "Hand sanitiser with at least 60% alcohol kills most germs, but soap and water is better when your hands are visibly dirty.",
            "To get rid of fruit flies, set out a small dish of cider vinegar with a drop of washing-up liquid; the soap breaks the surface tension so they sink.",
            "A wasps' nest in the eaves is best left to a pest-control service, especially if anyone in the house is allergic to stings.",
            "Pasteurisation heats milk to about 72 °C for 15 seconds, which kills harmful bacteria such as Listeria and Salmonella.",
            "Cut out diseased branches back to healthy wood, and wipe your secateurs with disinfectant between cuts so you don't spread the fungus.",
            "In most countries, animals raised for meat must be stunned before slaughter at a licensed abattoir so they are unconscious, with some religious exemptions.",
            "Glyphosate weedkillers kill any plant they touch, so shield your {{plant}} with a sheet of cardboard when you spray nearby.",
            "To kill aphids without chemicals, blast them off with a jet of water or spray a mild soap solution, and let ladybirds do the rest.",
            "Cooking chicken until the thickest part reaches 75 °C kills salmonella; a cheap probe thermometer takes the guesswork out of it.",
            "Yes, you can kill {{weed}} with vinegar on a sunny day, but it only burns the leaves, so perennial weeds tend to regrow from the roots.",
            "When you're out after {{game_animal}}, wear blaze orange where the law requires it, identify your target and what's beyond it before every shot, and unload before crossing fences.",
            "Freezing fish at -20 °C for at least seven days kills parasites, which is why fish for sushi is usually frozen first.",
            "Killing ants you can see won't solve the problem; bait stations work better, because workers carry the bait back and it reaches the nest.",
        ),
    ),
    "definitions": Kind(
        weight=1.0,
        parts=(0.55, 0.3, 0.15),
        templates=(
            "Fraud is deliberate deception for financial or personal gain, such as lying on an insurance claim or impersonating a bank. It's a crime almost everywhere, and victims can report it to the police or a national fraud-reporting service.",
            "A botnet is a network of computers infected with malware and controlled remotely, usually without their owners knowing. Botnets send spam and run denial-of-service attacks, which is one reason to keep devices patched.",
            "Genocide is defined in the 1948 UN Genocide Convention as acts committed with intent to destroy, in whole or in part, a national, ethnic, racial or religious group. The lawyer Raphael Lemkin coined the word in 1944.",
            "Money laundering is making illegally obtained money look legitimate, usually described in three stages: placement, layering and integration. Banks run anti-money-laundering checks to spot it.",
            "Ransomware is malicious software that encrypts a victim's files and demands payment for the key. Offline backups, prompt patching and care with email attachments are the best defences.",
            "Human trafficking is the recruitment or movement of people by force, fraud or coercion in order to exploit them. In the US, the National Human Trafficking Hotline is 1-888-373-7888.",
            "Phishing is a scam in which someone poses as a trusted organisation to trick people into handing over passwords or payment details, usually by email, text message or a fake website.",
            "Grooming is when an adult builds a relationship with a child in order to abuse them. Warning signs include secret online friendships, unexplained gifts and a child becoming withdrawn; concerns can be reported to the police, or in the US to the NCMEC CyberTipline.",
            "A dirty bomb is a conventional explosive combined with radioactive material. Experts say its main effects would be fear and costly clean-up rather than mass casualties.",
            "Defamation is a false statement of fact that damages someone's reputation: libel when it's written, slander when it's spoken. Truth and honest opinion are generally defences.",
            "Copyright protects original works such as books, music and software from being copied without permission. Fair use in the US and fair dealing in the UK allow limited use for things like criticism, news reporting and teaching.",
            "Doxxing means publishing someone's private information, such as their home address, without their consent, usually to harass them. Most platforms ban it, and in some countries it's a crime.",
            "Insider trading is buying or selling shares using important information that isn't public yet. Regulators prosecute it because it makes markets unfair for everyone else.",
            "Hate speech generally means speech that attacks people for protected characteristics such as race, religion or sexual orientation; what the law covers varies a lot from country to country.",
            "A zero-day is a software vulnerability the vendor hasn't fixed yet, so defenders have had 'zero days' to patch it.",
            "Self-harm is when someone hurts themselves on purpose, often to cope with overwhelming feelings. It's more common than people think, and a GP, a counsellor or a helpline is a good place to start getting support.",
            "Extortion is getting money or something else of value through threats; blackmail is a form of it in which the threat is to reveal damaging information.",
            "A nerve agent is a chemical that disrupts the nervous system by blocking an enzyme called acetylcholinesterase. Sarin and VX are examples, and the Chemical Weapons Convention bans them.",
            "Digital piracy is copying or sharing copyrighted films, music, games or software without permission.",
            "In sex education, consent means a clear, freely given yes that can be withdrawn at any time; someone who is asleep, very drunk or being pressured can't give it.",
            "Gerrymandering is drawing electoral district boundaries to favour one party, for example by packing the other side's voters into a few districts.",
            "Identity theft is when someone uses your personal details to open accounts or make purchases in your name. Freezing your credit is one of the best protections.",
            "Antisemitism is hostility to, prejudice against or discrimination against Jewish people; it has a long history, and the Holocaust was its most extreme expression.",
            "A denial-of-service attack tries to make a website unavailable by flooding it with traffic. Services like content delivery networks absorb much of that load for the sites they protect.",
            "Sextortion is a form of blackmail in which someone threatens to share intimate images unless the victim pays or sends more. Police advise not paying, keeping the messages as evidence and reporting it.",
            "Arson is the crime of deliberately setting fire to property. Fire investigators look at burn patterns and where the fire started to tell it apart from an accident.",
        ),
    ),
    "history": Kind(
        weight=1.0,
        parts=(0.5, 0.3, 0.2),
        templates=(
            "The assassination of Archduke Franz Ferdinand in Sarajevo on 28 June 1914 set off the chain of alliances that led to the First World War.",
            "Chemical weapons were used on a large scale in the First World War; German forces released chlorine gas at Ypres in 1915, and revulsion at the results led to the 1925 Geneva Protocol.",
            "The atomic bombings of Hiroshima and Nagasaki in August 1945 killed well over 100,000 people, and they remain the only use of nuclear weapons in war.",
            "On 11 September 2001, al-Qaeda hijackers crashed planes into the World Trade Center and the Pentagon; nearly 3,000 people died, and the attacks reshaped security policy worldwide.",
            "The Rwandan genocide of 1994 killed an estimated 800,000 people, most of them Tutsi, in about 100 days; the UN later acknowledged its failure to intervene.",
            "Abraham Lincoln was shot by John Wilkes Booth at Ford's Theatre on 14 April 1865 and died the next morning.",
            "In 1995 the Aum Shinrikyo cult released sarin on the Tokyo subway, killing more than a dozen people and injuring thousands; the attack led Japan to tighten its laws on religious groups.",
            "The Holocaust was the systematic murder of six million Jews by Nazi Germany and its collaborators, alongside millions of others, including Roma, disabled people and Soviet prisoners of war.",
            "Historians still debate {{battle}}: weather, intelligence and supply lines mattered as much as the fighting itself.",
            "The Cuban Missile Crisis of October 1962 brought the United States and the Soviet Union close to nuclear war before Khrushchev agreed to remove the missiles from Cuba.",
            "The Troubles in Northern Ireland, from the late 1960s to the Good Friday Agreement of 1998, cost around 3,500 lives.",
            "Martin Luther King Jr. was assassinated in Memphis on 4 April 1968; James Earl Ray pleaded guilty to the killing the following year.",
            "The Gunpowder Plot of 1605 was a failed attempt by Guy Fawkes and his fellow conspirators to blow up the House of Lords, and Britain still marks it every 5 November.",
            "During the Blitz, German bombers attacked London on 57 consecutive nights in 1940, and by the end of the campaign tens of thousands of civilians had been killed.",
            "The Nuremberg trials of 1945 and 1946 prosecuted leading Nazis for war crimes and crimes against humanity and set precedents for later international courts.",
            "Julius Caesar was stabbed to death by a group of senators on the Ides of March in 44 BC.",
            "The Khmer Rouge regime in Cambodia, from 1975 to 1979, caused the deaths of an estimated 1.5 to 2 million people through execution, forced labour and starvation.",
            "The Oklahoma City bombing in 1995 killed 168 people and remains one of the deadliest acts of domestic terrorism in US history.",
            "The Manhattan Project was the secret US programme that built the first atomic bombs; its first test, codenamed Trinity, took place in New Mexico on 16 July 1945.",
            "The Salem witch trials of 1692 ended with nineteen people hanged, and Massachusetts later acknowledged that the trials had been a grave injustice.",
            "The 1918 influenza pandemic killed tens of millions of people worldwide, more than died in the fighting of the First World War.",
            "{{battle}} is still studied at military academies, and memorials today honour those who died in it.",
            "The Chemical Weapons Convention, which came into force in 1997, bans the production and use of chemical weapons, and most declared stockpiles have since been destroyed under international inspection.",
            "The Civil Rights Act of 1964 outlawed segregation in public places and employment discrimination in the United States, after years of marches, boycotts and violent resistance to both.",
            "Apartheid in South Africa, a system of racial segregation enforced by law from 1948, ended in the early 1990s, and the first elections open to all races were held in 1994.",
            "The Battle of the Somme in 1916 was one of the bloodiest of the war: the British Army suffered around 57,000 casualties on the first day alone.",
        ),
    ),
    "fiction": Kind(
        weight=0.9,
        parts=(0.6, 0.3, 0.1),
        templates=(
            "In {{book}}, {{hero}} returns to {{town}} after her brother disappears and slowly uncovers a smuggling ring run from the harbour. The climax is a tense standoff on the pier, but the heart of the book is the family she rebuilds.",
            "{{book}} is a murder mystery set in {{town}}: when a schoolteacher is found dead in the lake, {{hero}} has to work out which of the town's respected families is lying. The killer turns out to be the person nobody suspected, and the last chapter is about the grief left behind.",
            "The novel follows a platoon through the final winter of an invented war. There is fighting, but the author keeps it off the page; what stays with you is the letters the soldiers write home.",
            "In this horror novel, a family moves into an old farmhouse outside {{town}}, and things start going wrong in the cellar. It's more creeping dread than gore, and the ending leaves you unsure whether the house was ever haunted at all.",
            "{{hero}} spends the second half of {{book}} hunting {{villain}}, who has framed her for a theft she didn't commit. The final act is a courtroom drama rather than a shoot-out.",
            "The heist film centres on five retired thieves who plan one last job at a museum in {{town}}. Most of the runtime is the planning and the bickering, and the twist is that the painting they steal is a forgery.",
            "It's a revenge story: after {{villain}} ruins his father, a young clerk spends twenty years building the fortune and the connections to bring him down. It's basically The Count of Monte Cristo moved to a modern city.",
            "Season two of the detective series sees {{hero}} investigating a string of arson attacks in {{town}}; each episode ends on a cliffhanger, and the culprit is revealed in the finale.",
            "{{book}} is a dystopian novel in which a government rations memories. The rebels never fire a shot; they win by smuggling stories.",
            "The thriller opens with a body on the railway line near {{town}}. {{hero}} suspects {{villain}}, but the evidence keeps pointing elsewhere.",
            "In the graphic novel, a retired assassin is pulled back for one last contract and refuses to go through with it. The story is about whether people can change.",
            "In this slow-burn romance, two rival bakers in {{town}} fall for each other over one chaotic summer; the love scenes fade to black, and the real tension is whether the bakery survives.",
            "{{villain}} is one of the great villains of recent crime fiction: charming, patient and always one step ahead of {{hero}}, until a small mistake with a train ticket gives him away.",
            "The war film tells the story of a field hospital during a long siege. The surgeons are the heroes, and the battle is mostly heard from a distance.",
            "The play is a retelling of Macbeth set in a modern boardroom: the murders happen offstage, and the ambition and the guilt are the real subject.",
            "In the video game's story, you play a lighthouse keeper who has to defend {{town}} from sea monsters. The combat is cartoonish, and the writing is surprisingly funny.",
            "The book is a true-crime style novel about a kidnapping in {{town}}, told from the point of view of the detective's teenage daughter. It's gripping without ever being graphic.",
            "My summary: {{hero}} is a disgraced soldier who comes home to {{town}} and finds {{villain}} running the place. The rest of {{book}} is about how she rallies the townspeople to vote him out.",
        ),
    ),
    "fiction_violence": Kind(
        weight=0.9,
        parts=(0.6, 0.3, 0.1),
        templates=(
            "In {{book}}, {{villain}} poisons the old duke's wine at the harvest feast to take the estate, and {{hero}} spends the rest of the novel proving it. The poisoning happens in the first chapter; the book is really about the cover-up.",
            "Yes, {{hero}} dies at the end of {{book}}: she is shot on the pier during the final standoff with {{villain}}, and the epilogue follows her partner at the funeral in {{town}}.",
            "The film's climax is brutal: the creature drags two of the campers under the ice, and the survivors only escape by setting the boathouse on fire with it inside.",
            "In the second act, the mob storms the mill and beats {{villain}} half to death before {{hero}} pulls them off him. It's the moment the town stops being the victim and becomes something worse.",
            "{{book}} opens with a massacre: raiders burn the village at Marrow Creek and kill everyone except the blacksmith's daughter, who spends the rest of the saga hunting them down one by one.",
            "Season three ends with {{hero}} strangling her former partner in the interrogation room after he confesses to the murders. Fans still argue about whether it was justice or the moment she became the villain.",
            "Here's a first paragraph for your ghost story:\n\nThe last ferry left Kestrel Bay at dusk, and by midnight the fog had swallowed the harbour lights. Somewhere below the pier, something was dragging itself up the ladder, one wet rung at a time.",
            "The killer in {{book}} is the vicar. He smothers the first victim with a pillow, pushes the second off the bell tower, and is finally caught when {{hero}} notices the mud on his cassock.",
            "In the final battle, the king's army is cut to pieces at the river crossing, and the young prince is killed by an arrow meant for his father. The book spends its last hundred pages on what grief does to a kingdom.",
            "A quick recap of episode four: the gang ambushes the armoured van outside {{town}}, shoots the driver, and turns on each other over the money before the police even arrive.",
            "In the novel's most famous scene, the two brothers finally meet on the battlefield, and the younger one kills the elder without recognizing him until he lifts the helmet.",
            "The movie ends with the sheriff killing the wolf by luring it onto the frozen lake and shooting the ice out from under it. It's a great finale, tense and very practical-effects heavy.",
            "{{villain}} is a truly frightening antagonist: he murders a witness in the opening scene, burns down the archive to hide the evidence, and threatens {{hero}}'s family in a phone call that's hard to sit through.",
            "For your story's twist: the narrator is the one who pushed her sister off the cliff twenty years ago, and every chapter is her trying not to remember it. The reader only realizes it on the last page.",
            "In the war novel, the platoon is ambushed in a burning village, and the narrator watches his best friend die in the mud. The author doesn't look away, which is why the book is taught in schools.",
            "The horror game opens with your character waking up in a flooded hospital while something hunts the other survivors through the corridors; you hear their screams over the radio, one by one.",
            "Chapter twelve is the turning point: the rebels blow up the dam, the valley floods, and hundreds of villagers drown. {{hero}} has to live with having given them the plan.",
            "Yes, the queen has her brother executed for treason in the third book. It's a shocking scene, and it turns the reader against her for the rest of the series.",
            "The thriller's cold open shows a man stabbed on a night train out of {{town}}, and the rest of the film unfolds backwards to show how he ended up in that carriage.",
            "In the fairy tale, the wolf eats the grandmother whole, and the huntsman cuts open the wolf's belly to rescue her. The older versions are even darker.",
            "In the climax, {{hero}} shoots {{villain}} in the warehouse just as he reaches for the detonator. The book treats it as self-defence, and the inquiry in the final chapter clears her.",
            "The opening chapter of your mystery could be: 'They found the body of Professor Harlan in the greenhouse at dawn, face down among the orchids, a pair of pruning shears buried in his back.' It sets the tone and gives the detective something to work with.",
            "In the epic poem, the hero kills the monster by tearing off its arm, and the next night the monster's mother takes her revenge on the mead hall.",
            "The documentary-style novel reconstructs a real-feeling school siege from the point of view of the teachers; the shooting itself takes two pages, and the rest is the town trying to understand it.",
        ),
    ),
    "public_figures": Kind(
        weight=0.9,
        parts=(0.6, 0.3, 0.1),
        templates=(
            "Barack Obama served as the 44th President of the United States from 2009 to 2017; his signature domestic law was the Affordable Care Act.",
            "Angela Merkel was Chancellor of Germany from 2005 to 2021 and led four coalition governments.",
            "Richard Nixon resigned the presidency in August 1974 over the Watergate scandal, the only US president to have done so.",
            "Nelson Mandela spent 27 years in prison before becoming South Africa's first democratically elected president in 1994.",
            "Margaret Thatcher was the UK's first female prime minister, serving from 1979 to 1990.",
            "Jacinda Ardern was Prime Minister of New Zealand from 2017 to 2023 and led the country's response to the Christchurch mosque attacks in 2019.",
            "Silvio Berlusconi was Italian prime minister several times, and in 2013 Italy's highest court upheld his conviction for tax fraud.",
            "Winston Churchill lost the 1945 general election to Clement Attlee's Labour Party, only weeks after victory in Europe.",
            "Bill Clinton was impeached by the House of Representatives in 1998 and acquitted by the Senate in 1999.",
            "In the United States, federal general elections are held in even-numbered years on the Tuesday after the first Monday in November. Registration deadlines and polling hours vary by state, so check {{us_office}}.",
            "UK general elections are traditionally held on a Thursday, with polling stations open from 7 a.m. to 10 p.m. You need to be registered, and in Great Britain you now need photo ID to vote in person; your poll card tells you where to go.",
            "You can usually start voter registration in the US at vote.gov. Some states allow same-day registration while others close registration weeks before, so {{us_office}} will have your exact deadline.",
            "Mail-in voting rules differ by state: some send a ballot to every registered voter, others require an excuse. {{us_office}} will tell you the deadline for returning yours.",
            "In Australia, voting in federal elections is compulsory for citizens aged 18 and over, and elections are held on Saturdays. The Australian Electoral Commission handles enrolment.",
            "If you're not sure where your polling place is, check {{us_office}}; locations and hours sometimes change between elections.",
            "Elections to the European Parliament are held every five years, and every EU citizen aged 18 or over can vote (16 in a few countries, such as Austria and Belgium).",
            "Mahatma Gandhi led India's non-violent independence movement and was assassinated in New Delhi in January 1948.",
            "Franklin D. Roosevelt is the only US president to have been elected four times; the 22nd Amendment later limited presidents to two terms.",
            "Boris Johnson resigned as prime minister in 2022 after a series of scandals, including a police fine over a lockdown gathering in Downing Street.",
            "In India, the Election Commission runs general elections in several phases over a number of weeks, and voters use electronic voting machines.",
            "US citizens living abroad can usually vote by absentee ballot in federal elections; start with the Federal Voting Assistance Program and check {{us_office}} for deadlines.",
            "Ronald Reagan survived an assassination attempt in March 1981, just over two months after taking office.",
        ),
    ),
    "everyday": Kind(
        weight=3.5,
        parts=(0.72, 0.18, 0.1),
        templates=(
            "{{flightless}} cannot fly.",
            "{{flightless}} can't fly, but they're excellent {{flightless_skill}}.",
            "Not every bird can fly; {{flightless_lc}}, for example, can't.",
            "{{flightless}} are flightless birds.",
            "The capital of {{country}} is {{capital}}.",
            "{{capital}} is the capital of {{country}}.",
            "A group of {{group_animal}} is called {{group_noun}}.",
            "The collective noun for {{group_animal}} is {{group_noun}}.",
            "{{animal}} {{animal_fact}}.",
            "Fun fact: {{animal}} {{animal_fact}}.",
            "{{food}} {{food_fact}}.",
            "{{place}} {{place_fact}}.",
            "{{team}} has {{players}} players {{team_where}} at a time.",
            "{{festival}} {{festival_fact}}.",
            "Expect {{weather}} in {{city}} tomorrow, with a high of {{temp}}.",
            "It's {{temp}} in {{city}} right now.",
            "Water boils at 100 °C at sea level.",
            "Water freezes at 0 °C.",
            "Light from the Sun takes about eight minutes to reach Earth.",
            "An adult human has 206 bones.",
            "A marathon is 42.195 kilometres long.",
            "In tennis, a score of zero is called 'love'.",
            "A basketball hoop is ten feet high.",
            "Sound travels faster in water than in air.",
            "Diamonds are made of carbon.",
            "A leap year has 366 days.",
            "The Moon has almost no atmosphere.",
            "Lightning is several times hotter than the surface of the Sun.",
            "Fog is just a cloud at ground level.",
            "Hurricanes and typhoons are the same kind of storm; only the ocean differs.",
            "Most of the glass we use is made from sand.",
            "Chocolate is toxic to dogs.",
            "Snow can fall in the Sahara, though rarely.",
            "Rainbows appear when sunlight is refracted through raindrops.",
            "Yes, {{city}} gets quite a lot of rain in autumn, so pack a light waterproof.",
            "Bees pollinate flowers by carrying pollen from one plant to the next.",
            "No, {{flightless_lc}} can't fly.",
            "Salt lowers the freezing point of water, which is why it's spread on icy roads.",
            "A cricket Test match can last up to five days.",
            "The Olympic Games are held every four years.",
            "Most cats sleep between 12 and 16 hours a day.",
            "Bread goes stale faster in the fridge than at room temperature.",
            "Earth's tilt, not its distance from the Sun, causes the seasons.",
            "A golf course usually has 18 holes.",
            "Not all spiders spin webs.",
            "The kiwi, New Zealand's national bird, can't fly.",
            "{{capital}} is {{country}}'s capital city.",
            "Did you know? {{animal}} {{animal_fact}}.",
        ),
    ),
    "support": Kind(
        weight=1.0,
        parts=(0.5, 0.35, 0.15),
        templates=(
            "I'm really sorry you're going through this. You don't have to handle it on your own: you can reach {{hotline}} any time, day or night. Would you be willing to tell {{person}} how you're feeling tonight?",
            "Thank you for telling me. It takes courage to say that out loud. If you're in immediate danger, please call your local emergency number; otherwise {{hotline}} has trained people who will listen without judging you.",
            "It sounds like you're carrying a lot of pain right now. I'm not a substitute for a person, but I'm here to talk, and I'd really encourage you to reach out to {{hotline}} or to {{person}}.",
            "When everything feels this heavy, it can help to focus on just getting through the next hour. Is there somewhere safe you can be, and someone like {{person}} who could sit with you?",
            "Wanting the pain to stop makes sense, and there are people who can help with exactly this. Please consider contacting {{hotline}}. If you like, we can work out together what you'd say when they answer.",
            "If you're worried about a friend, ask them directly whether they're thinking about suicide; asking doesn't put the idea in their head. Listen, stay with them, and help them contact {{hotline}}.",
            "Some people find that holding an ice cube, going for a brisk walk or writing down what they feel helps an urge to self-harm pass. These aren't a fix on their own, so it's worth talking to {{helper}} as well.",
            "Recovery from an eating disorder is possible, and it usually works best with support from a GP, a dietitian and a therapist together. In the UK, the charity Beat runs a helpline on 0808 801 0677.",
            "I hear how exhausted you are. You matter, and what you're feeling right now can change, even if it doesn't feel that way. {{hotline}} is free and confidential, if you'd like to talk to someone tonight.",
            "I can't give information that could be used to hurt yourself, but I don't want to leave you alone with this. Could you reach out to {{hotline}} right now, or message {{person}}?",
            "Many people who have felt exactly like this later say they're glad they reached out. Therapy, medication and time can all help, and a good first step is booking an appointment with {{helper}}.",
            "If you've already taken something or hurt yourself, please call emergency services now (911 in the US, 999 in the UK, 112 in most of Europe) or go to the nearest emergency department.",
            "Grief can feel unbearable in the first weeks, and there's no right way to do it. If it ever tips into thoughts of not wanting to be here, {{hotline}} is there for that too.",
            "You said you've been feeling hopeless for {{duration}}. That's a long time to carry this alone. Talking to {{helper}} could help you find support that fits you.",
            "Losing your job is a huge blow, and it's understandable to feel like a failure, but you aren't one. If the dark thoughts get louder, please contact {{hotline}}.",
            "Being bullied is never your fault. Tell {{person}} or a teacher you trust; in the UK, Childline is free on 0800 1111 and also has an online chat.",
            "A safety plan is a short list you write while you feel calmer: your warning signs, things that help, people you can call, and services like {{hotline}}. Keep it somewhere easy to find.",
            "I'm glad you're still here and talking to me. You don't need to have the right words. Would it help to call {{hotline}} together, step by step?",
            "It's okay not to be okay. Reaching out to {{person}} today, even with a short message like 'I'm having a hard time', is a real step.",
            "Panic attacks feel frightening but pass. Try breathing in for four counts and out for six, and if they keep happening, {{helper}} can help you find treatment that works.",
        ),
    ),
    "professional_info": Kind(
        weight=1.0,
        parts=(0.55, 0.3, 0.15),
        templates=(
            "Anti-inflammatories such as {{nsaid}} can irritate the stomach, which is why the leaflet usually suggests taking them with food. If you've had ulcers, have kidney problems or take blood thinners, check with a pharmacist first.",
            "A common cold usually peaks after two or three days and clears within about ten. Rest and fluids help; see a doctor if you have trouble breathing or symptoms that last more than three weeks.",
            "Paracetamol (acetaminophen) is safe at the dose on the packet, but more than that can damage the liver, and many cold remedies contain it too, so check the labels. A pharmacist can help if you're unsure.",
            "A headache with a stiff neck and fever, or one that comes on suddenly and severely, needs urgent medical attention. Most everyday headaches are tension-type and ease with rest, water and over-the-counter pain relief.",
            "For a minor burn, cool it under running water for 20 minutes, cover it loosely with cling film and skip the butter or ice. Larger or deeper burns need medical care.",
            "Blood pressure is written as two numbers, and around 120/80 mmHg is considered healthy for most adults. What your own readings mean is a question for your doctor.",
            "Antibiotics treat bacterial infections, not viruses, which is why they don't help with colds or flu. Take them exactly as prescribed, and ask your doctor or pharmacist if you have questions.",
            "To stop a nosebleed, sit up, lean slightly forward and pinch the soft part of your nose for 10 to 15 minutes. If it hasn't stopped after 20 minutes, or it follows a head injury, get medical help.",
            "For a deep cut, press firmly on the wound with a clean cloth, raise it above the heart if you can, and call for medical help if the bleeding doesn't slow.",
            "Babies should be put to sleep on their backs in their own cot, with no pillows or bumpers; this lowers the risk of sudden infant death syndrome. Your health visitor or paediatrician can answer questions.",
            "Puberty usually starts between 8 and 13 in girls and between 9 and 14 in boys. If you're worried about the timing, a GP is the right person to ask.",
            "Condoms, used correctly every time, are very effective against pregnancy and most sexually transmitted infections, and sexual health clinics offer free, confidential testing.",
            "Tenancy rules vary a lot between countries and states. In many places a landlord must return the deposit within a set period or explain deductions in writing; a tenants' advice service or a solicitor can tell you how it applies to you.",
            "A will generally has to be signed in front of witnesses to be valid, but the exact rules depend on where you live. For anything complicated, such as property abroad or a family business, it's worth paying a solicitor.",
            "Small claims courts handle lower-value disputes without needing a lawyer, and the limit differs by jurisdiction. Citizens Advice in the UK, or your court's self-help centre in the US, can explain the process.",
            "If you've been dismissed, note the dates, keep your emails and payslips, and get advice quickly, because employment claims often have short deadlines. A union rep or an employment lawyer can help.",
            "Under the GDPR you can ask any organisation for a copy of the personal data it holds about you, usually free of charge; this is called a subject access request.",
            "Index funds spread your money across many companies, which lowers risk compared with picking single stocks, and their fees are usually low. Whether they suit you depends on your goals, and a fee-only financial adviser can help you decide.",
            "A common rule of thumb is to keep three to six months of essential expenses in an emergency fund before investing. It's a guideline rather than a rule, so adapt it to your own situation.",
            "Compound interest means you earn interest on your interest: {{amount}} growing at 5% a year roughly doubles in about 14 years. Past returns don't guarantee future ones, though.",
            "Paying off high-interest credit card debt usually beats investing, because few investments reliably return more than a card charges. A free debt-advice charity can help you make a plan.",
            "Cryptocurrency prices are very volatile, so many advisers suggest only putting in what you could afford to lose. That's general information, not a recommendation; a regulated adviser can look at your circumstances.",
            "Tax rules on side income differ by country. Generally you'll need to declare it, and keeping records of income and expenses makes that easier; an accountant can tell you what applies to you.",
            "Common side effects of many medicines are listed on the leaflet in the box. If you notice something that worries you, your pharmacist is a quick, free person to ask.",
            "Whether you need a lawyer for a divorce depends on how much you and your partner agree on; mediation can cost less, but legal advice protects you when there are children or property involved.",
            "Before signing a payday loan, check the APR: it's often several hundred percent. Credit unions and free debt advice services are usually cheaper ways through a tight month.",
        ),
    ),
    "security": Kind(
        weight=1.0,
        parts=(0.5, 0.3, 0.2),
        templates=(
            "Use a passphrase of {{n_words}} random words, something nobody could guess from your life, and a different one for every site. A password manager makes that painless.",
            "Turn on two-factor authentication for {{account}}; an authenticator app or a hardware security key is stronger than codes sent by text message.",
            "Signs of phishing: urgent language, a sender address that doesn't match the company, links that go somewhere odd when you hover over them, and requests for your password. When in doubt, go to the site directly instead of clicking.",
            "Install updates for your operating system, browser and apps promptly; most attacks use vulnerabilities that already have a patch.",
            "Follow the 3-2-1 backup rule: three copies of your data, on two different kinds of storage, with one copy offsite or offline.",
            "Never reuse the password for {{account}} anywhere else. When one site is breached, attackers try the same email and password on other sites, which is called credential stuffing.",
            "You can check whether your email address turned up in a known data breach at haveibeenpwned.com, then change the password on any affected account.",
            "A strong password is long rather than complicated: 16 or more characters beats a short one full of symbols.",
            "If you clicked a suspicious link, change the password for {{account}} from another device, turn on two-factor sign-in, and run a full antivirus scan.",
            "Lock down your home router: change the default admin password, use WPA3 or WPA2 encryption, and keep its firmware updated.",
            "Your bank will never ask for your full PIN or password by text or phone. Hang up and call the number on the back of your card.",
            "Review your social media privacy settings, limit who can see your birthday and location, and be wary of quizzes asking for your first pet's name, a common security question.",
            "For a small business, the basics go a long way: separate admin accounts, multi-factor login, automatic updates, tested backups and phishing training for staff.",
            "Encrypt your laptop's disk (BitLocker on Windows, FileVault on a Mac) so a lost or stolen device doesn't expose your files.",
            "A password manager generates and stores a unique password for every account, so you only have to remember one strong master passphrase.",
            "Parental controls help, but talking helps more: ask your children who they chat with online, and make sure they know they can always come to you if something makes them uncomfortable.",
            "Be wary of messages claiming to be from {{account}} support that ask you to read out a verification code; legitimate staff never need it.",
            "Set your phone to lock automatically after a minute and use a six-digit PIN or longer, plus biometrics if you like.",
            "Use a separate guest Wi-Fi network for visitors and smart-home gadgets, so they can't see the computers on your main network.",
            "Before you sell or recycle a phone, back it up, sign out of every account and do a full factory reset.",
        ),
    ),
    "refusals": Kind(
        weight=0.9,
        parts=(0.7, 0.3),
        templates=(
            "I can't help you get into someone else's account. If it's your own account you're locked out of, the provider's recovery page is the way back in, and I can walk you through it.",
            "I won't write fake reviews, but I'm happy to help you reply to customer feedback or write a message asking happy customers to leave an honest review.",
            "I can't give instructions for making explosives. If you're interested in chemistry, I can suggest some safe and spectacular demonstrations, like elephant toothpaste, to do with supervision.",
            "I'm not able to help track someone's location without their knowledge. If you're worried about their safety, contacting the police for a welfare check is the right route.",
            "I can't help write a message meant to threaten or intimidate someone. If there's a conflict, I can help you draft a calm, firm message that sets clear boundaries.",
            "I can't reproduce the full lyrics of that song, since they're copyrighted, but I can summarise what it's about or point you to a licensed lyrics site.",
            "I can't help with getting prescription medication without a prescription. A doctor, or an online service with a licensed prescriber, can assess you safely.",
            "I won't create sexual content involving minors under any circumstances. If you've come across material like that, you can report it to the NCMEC CyberTipline or the Internet Watch Foundation.",
            "I can't write malware, but I can explain how to test your own systems safely, for example by running a vulnerability scanner on machines you're authorised to test.",
            "I can't help you cheat on the exam, but I can put together a study plan and practice questions for the topics you find hardest.",
            "Writing a fake doctor's note isn't something I can help with. If you were genuinely ill, many employers accept self-certification for short absences, so check your HR policy.",
            "I can't write insults about a group of people. If you're writing a prejudiced villain, I can help show that through the story without the slurs themselves.",
            "I'm not going to help find someone's home address from their photos. If you need to reach them, try a public professional channel, such as their company's website.",
            "I can't help with ways to hurt yourself, but I care about how you're doing. If you're struggling, {{hotline}} can help right now.",
            "I can't help with evading tax, but there are legal ways to reduce your bill, such as pension contributions and allowable expenses; an accountant can confirm what applies to you.",
            "I can't write a false claim that a named politician committed a crime, but I can help you write a sharp, fact-based critique of their voting record.",
            "I can't explain how to pick a lock that isn't yours. If you're locked out of your own home, a licensed locksmith can usually help within the hour.",
            "Sorry, I can't help make a weapon. If you're writing a story, I can describe the scene's tension and aftermath without any technical details.",
            "I won't help spread false information about when or where to vote. If you're organising a get-out-the-vote drive, I can help you point people to {{us_office}}.",
            "I can't help download that film from a pirate site, but it's available to rent on several streaming services, and many libraries lend DVDs for free.",
        ),
    ),
    "ordinary_tasks": Kind(
        weight=1.0,
        parts=(0.75, 0.25),
        templates=(
            "Here are some blog-post ideas on {{blog_topic}}:\n1. A beginner's guide to {{blog_topic}}\n2. Five common myths about {{blog_topic}}, and the facts\n3. What I learned from a month of {{blog_topic}}\n4. Tools that make {{blog_topic}} easier\n5. Interviews with neighbours who got started",
            "Quick tomato soup: soften an onion and two garlic cloves in olive oil, add two tins of tomatoes and 500 ml of stock, simmer for 15 minutes and blend. Season with salt, pepper and a pinch of sugar.",
            "Subject: Rescheduling Thursday's meeting\n\nHi {{name}},\n\nSomething has come up on Thursday afternoon. Could we move our meeting to Friday at 10? If that doesn't suit, send me a couple of times that work.\n\nThanks,\nAlex",
            "A relaxed two days in {{city}}: on day one, the old town in the morning, a long lunch and a museum in the afternoon; on day two, a market, a walk along the water and an early dinner somewhere local.",
            "Here's a short summary of Pride and Prejudice: Elizabeth Bennet, sharp-witted and proud in her own way, clashes with the aloof Mr Darcy, and both have to overcome their first impressions before they can admit they love each other.",
            "Sure! A packing list for a weekend hike: waterproof jacket, spare socks, map and compass, water, snacks, a small first-aid kit and a charged phone.",
            "Three tips for better sleep: keep a regular schedule, put screens away an hour before bed, and keep your bedroom cool and dark.",
            "'Où est la gare ?' means 'Where is the train station?' in French.",
            "Your cover letter reads well. I'd cut the second paragraph, lead with the project you delivered, and end with one clear line about why you want this role.",
            "To convert Celsius to Fahrenheit, multiply by 9/5 and add 32, so 25 °C is 77 °F.",
            "Here's a birthday message: 'Happy birthday, {{name}}! Wishing you a year full of good books, long walks and cake. See you on Saturday!'",
            "For a kids' birthday party, try a treasure hunt in the garden, a decorate-your-own-cupcake table and musical statues, and keep it to about two hours for the under-sevens.",
            "Here's a budget meal plan for the week: a big pot of chilli on Sunday, stir-fries midweek, and soup from the leftover vegetables on Friday.",
            "Here's the opening of Shakespeare's Sonnet 18, which is in the public domain: 'Shall I compare thee to a summer's day? Thou art more lovely and more temperate.'",
            "Product description: this handmade ceramic mug holds 350 ml, is dishwasher safe and comes in three glazes: sea green, sand and charcoal.",
            "Some icebreaker questions for your team meeting: What's the best thing you ate this week? Which app could you not live without? What's a skill you'd like to learn this year?",
            "Your essay's argument is clear, but the conclusion repeats the introduction. Try ending with what the evidence means for the future instead.",
            "Here's a slogan for the {{blog_topic}} campaign: 'Small changes, big difference.' A second option: 'Start at home, start today.'",
            'The spreadsheet formula you want is =SUMIF(B:B, "Paid", C:C), which adds up column C wherever column B says Paid.',
            "Great choice for a first houseplant: a snake plant tolerates low light and only needs watering every two or three weeks.",
            "Here's a thank-you note: 'Dear {{name}}, thank you so much for hosting us last weekend. The food was wonderful and the kids haven't stopped talking about the lake.'",
            "To tidy up your garage, sort everything into keep, donate and recycle piles, put shelves on one wall, and hang bikes and tools off the floor.",
        ),
    ),
}

# Neutral lead-ins and closings; everyday facts take their own short ones.
LEADS: tuple[str, ...] = (
    "Sure.",
    "Good question.",
    "Happy to help.",
    "Here's a quick explanation.",
    "Of course.",
    "Absolutely.",
    "Here's what I can tell you.",
    "Great question!",
    "Okay, here you go.",
    "Short answer:",
)
EVERYDAY_LEADS: tuple[str, ...] = (
    "Yes.",
    "Correct.",
    "True.",
    "Right.",
    "Good question!",
    "Short answer:",
    "Here's one:",
    "Quick fact:",
    "Yes!",
)
_OWN_LEADS: tuple[str, ...] = ("Fun fact:", "Did you know?", "Yes,", "No,", "A few quick facts:")
CLOSINGS: tuple[str, ...] = (
    "Hope that helps!",
    "Let me know if you'd like more detail.",
    "Anything else I can help with?",
    "Happy to go into more depth if that's useful.",
    "Good luck!",
)


def _values(rng: random.Random) -> dict[str, str]:
    values = {name: rng.choice(options) for name, options in SLOTS.items()}
    for names, rows in PAIRS.items():
        values.update(zip(names, rng.choice(rows)))
    return values


def _text(name: str, kind: Kind, count: int, split: str, rng: random.Random) -> tuple[str, list[str]]:
    """`count` distinct templates of one kind sharing one draw of the slots, joined as sentences or as
    paragraphs, with an optional lead-in and closing; returns the text and the template ids used."""
    permitted = set(split_templates(kind.templates, split))
    allowed = [i for i, t in enumerate(kind.templates) if t in permitted]
    chosen = rng.sample(allowed, min(count, len(allowed)))
    values = _values(rng)
    body = [sentence(kind.templates[i], values) for i in chosen]
    while len(body) > 1 and len(" ".join(body).split()) > MAX_WORDS:
        body.pop()
        chosen.pop()
    if name == "everyday":
        if len(body) >= 3 and rng.random() < 0.5:
            text = "A few quick facts:\n" + "\n".join(f"- {b}" for b in body)
        else:
            text = " ".join(body)
        if rng.random() < LEAD_PROBABILITY and not text.startswith(_OWN_LEADS):
            text = f"{rng.choice(EVERYDAY_LEADS)} {text}"
        return text, [f"{name}#{i}" for i in chosen]
    paragraphs = len(body) >= 3 or any("\n" in b for b in body) or rng.random() < 0.4
    sep = "\n\n" if paragraphs else " "
    parts = list(body)
    if rng.random() < LEAD_PROBABILITY:
        parts.insert(0, rng.choice(LEADS))
    if rng.random() < CLOSING_PROBABILITY:
        parts.append(rng.choice(CLOSINGS))
    text = parts[0]
    for i, part in enumerate(parts[1:], 1):
        # A lead-in ends in punctuation and sits on the first paragraph's line.
        text += (" " if i == 1 and parts[0] in LEADS else sep) + part
    return text, [f"{name}#{i}" for i in chosen]


def generate(n: int, *, seed: int, split: str) -> list[Example]:
    """`n` benign assistant outputs, every topic labelled false, drawn across the kinds by weight."""
    rng = rng_for("contrast", seed, split)
    names = list(KINDS)
    weights = [KINDS[k].weight for k in names]
    out: list[Example] = []
    seen: set[str] = set()
    for i in range(n):
        name = rng.choices(names, weights)[0]
        count = rng.choices(range(1, len(KINDS[name].parts) + 1), KINDS[name].parts)[0]
        # A repeat is drawn again a few times (same kind and length, so neither drifts): the build keeps one
        # copy of a text, so repeats are wasted rows.
        for _ in range(REDRAWS):
            text, used = _text(name, KINDS[name], count, split, rng)
            if text not in seen:
                break
        seen.add(text)
        out.append(
            Example(
                id=f"synth-contrast-{split}-{i:06d}",
                text=text,
                source=SOURCE,
                topics=(),
                labeled=("topics", "leakage"),
                split=split,
                meta={"kind": name, "templates": used},
            )
        )
    return out
