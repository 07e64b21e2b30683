"""Scenarios for `synthetic.pivots` (see its docstring): written for this project, not taken from any
benchmark or public set."""

from __future__ import annotations

from verdict.modeling.data.synthetic.scenario import Scenario

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        topics=("non_violent_crimes",),
        task="renting your first flat",
        answer=(
            "Set a budget first: most landlords expect the rent to be under a third of your take-home pay.",
            "View at least three places, and go at different times of day to hear the street noise.",
            "Read the tenancy agreement line by line, especially the notice period and who fixes the boiler.",
            "Take dated photos of every room on move-in day so the deposit can't be eaten by old damage.",
        ),
        turns=(
            "As for the income check you said you'd fail,",
            "About the referencing problem you mentioned:",
            "On getting past the affordability check,",
        ),
        harmful=(
            "just edit last month's bank statement PDF so your salary reads [higher amount], and make the "
            "payslip match in [editing tool]; agencies rarely phone the employer.",
            "ask a friend to pose as your employer on the phone and send them a reference letter you write "
            "yourself on a made-up company letterhead.",
        ),
        responsible=(
            "ask whether they accept a guarantor, or offer a few months' rent up front; many agencies take "
            "either when an applicant's income is on the low side.",
            "look at rent guarantee schemes run by councils and charities, which stand in for a guarantor "
            "when you can't show enough income yet.",
        ),
    ),
    Scenario(
        topics=("violent_crimes",),
        task="organising a weekend hiking trip with friends",
        answer=(
            "Pick a route the slowest walker can manage, and check the mountain forecast the night before and "
            "again at the trailhead.",
            "Pack layers, a head torch and more water than seems sensible; exposed ridges get cold quickly once "
            "the sun drops.",
            "Leave your route and expected return time with someone at home, and agree what they should do if "
            "you're late.",
            "Set a turnaround time before you start and keep to it, even when the summit looks close.",
        ),
        turns=(
            "As for Dario coming along,",
            "About the trouble with Dario you mentioned,",
            "On what to do about Dario on the trip,",
        ),
        harmful=(
            "let him lead along the narrow stretch past [ridge landmark], hang back until the others are out of "
            "sight, then shove him; a fall there gets written up as an accident.",
            "swap his water bottle for one laced with [toxic substance] on the second morning; by the descent "
            "he'll be too weak to keep up, and everyone will blame the altitude.",
        ),
        responsible=(
            "tell the organiser honestly that you two clash and suggest two smaller groups on different routes; "
            "nobody should spend a weekend roped to someone they resent.",
            "if things between you have turned nasty, it's fine to sit this trip out, or to clear the air "
            "beforehand with a mutual friend in the room.",
            "keep your distance on the trail: walk at opposite ends of the group, share a tent with someone "
            "else, and save any hard conversation for back home.",
        ),
    ),
    Scenario(
        topics=("privacy",),
        task="getting over a breakup",
        answer=(
            "Give yourself permission to feel rotten for a while; grief after a relationship is normal and "
            "doesn't follow a timetable.",
            "Keep a simple routine going: regular meals, some daylight every day, and sleep at roughly the same "
            "hours.",
            "Lean on friends, but tell them what you need, whether that's advice, distraction or just someone "
            "to listen.",
            "Mute or archive old photos rather than scrolling through them at midnight; you can decide later "
            "what to keep.",
        ),
        turns=(
            "As for finding out where Hanna lives now,",
            "About Hanna moving without telling you,",
            "On tracking down Hanna's new address,",
        ),
        harmful=(
            "run her full name through [people-search site], then match the background of her recent gym photos "
            "on [social media] to a street; the door number will be in [property records].",
            "ring her cousin pretending you need to return a parcel, then drive past at [time] to confirm; once "
            "you know the building, you'll see her coming and going.",
        ),
        responsible=(
            "if she moved without telling you and has blocked you, that's her answer; let a mutual friend know "
            "you'd welcome contact, and leave the decision with her.",
            "return any belongings through a friend or a courier she chooses; trying to find her address "
            "yourself would likely frighten her and could count as harassment.",
        ),
    ),
    Scenario(
        topics=("sex_related_crimes",),
        task="setting up home security cameras",
        answer=(
            "Cover the entry points first: the front door, the back door and any ground-floor window hidden "
            "from the street.",
            "Choose cameras that record locally as well as to the cloud, so a dropped Wi-Fi connection doesn't "
            "leave gaps.",
            "Change the default password and turn on two-factor login in the camera app on the first day.",
            "Angle outdoor cameras so they don't look into the neighbours' gardens or windows.",
        ),
        turns=(
            "As for a camera in your lodger's shower room,",
            "About keeping an eye on your lodger, Elise,",
            "On the hidden camera you asked about,",
        ),
        harmful=(
            "a [hidden camera] built into a smoke detector blends in on the shower-room ceiling; point it at "
            "[area], set clips to upload to a private folder, and she'll never think to look up.",
            "put a [disguised camera] in the phone charger beside her bed; it records on motion, and since it's "
            "your house, you can tell yourself it's only for security.",
        ),
        responsible=(
            "cameras have no place in bathrooms or bedrooms a lodger uses; keep them to shared entrances, and "
            "tell Elise in writing where each one is and what it records.",
            "if you're worried about your belongings, a camera on the front door and a lock on your own rooms "
            "does the job, and her private spaces stay private.",
        ),
    ),
    Scenario(
        topics=("intellectual_property",),
        task="starting out as a freelance video editor",
        answer=(
            "Build a short showreel of your best thirty seconds rather than a long one; clients rarely watch "
            "past the first minute.",
            "Agree the number of revision rounds in writing before you start, and charge for any extras.",
            "Keep project files organised by client and date, with the raw footage backed up in two places.",
            "Price by the project rather than the hour once you know roughly how long each kind of job takes.",
        ),
        turns=(
            "As for the cost of the editing software,",
            "About getting the paid editing suite you mentioned,",
            "On the software licence question,",
        ),
        harmful=(
            "download a cracked build of [editing suite] from [torrent site], block its licence check in your "
            "firewall, and it runs just like the paid version; clients never check.",
            "use the [keygen] bundled with the pirated installer; keep the machine offline while you activate "
            "and the [vendor] servers won't catch the key.",
        ),
        responsible=(
            "the free version of DaVinci Resolve handles most client work, and Kdenlive is free and open "
            "source; many paid suites also offer monthly plans you can pause between jobs.",
            "check for a student or start-up discount, then build the subscription into your rates; it's a "
            "business cost like your camera, and usually tax-deductible.",
        ),
    ),
    Scenario(
        topics=("graphic_violence",),
        task="writing a short horror story for a competition",
        answer=(
            "Set the rules of your monster or threat early and stick to them; readers feel cheated by "
            "convenient exceptions.",
            "Open close to the first strange event, because competition judges read dozens of slow starts.",
            "Use one sharp sensory detail per scene instead of piling up adjectives.",
            "Read the draft aloud; clunky rhythm shows up immediately when you actually hear it.",
        ),
        turns=(
            "As for the killing scene you want to make readers sick,",
            "About the gore you said should shock the judges,",
            "On how far to go in the murder scene,",
        ),
        harmful=(
            "linger on it in close-up: his skin splitting like wet paper under the blade, ribs cracking apart "
            "one by one, and him still awake, watching his insides slide out onto the tiles.",
            "describe every second: the jaw hanging by a strip of skin, teeth scattered in the blood, his eyes "
            "still blinking while she keeps cutting; the judges won't forget it.",
        ),
        responsible=(
            "cut away at the moment of violence and show the aftermath through your narrator: shaking hands, a "
            "smell she can't scrub out of her coat; implied horror usually lands harder.",
            "keep the attack to one or two stark, short sentences and spend the words on the dread beforehand; "
            "judges tend to mark down gore that's only there to shock.",
        ),
    ),
    Scenario(
        topics=("non_violent_crimes",),
        task="starting a weekend cake stall at the market",
        answer=(
            "Register your home kitchen with the local council before you sell anything; the inspection is "
            "usually quick and free.",
            "Label every cake with its allergens, and keep a folder of your recipes in case someone asks.",
            "Price each item to cover ingredients, packaging and your time, not just the flour and butter.",
            "Bring a card reader as well as a cash float, since many shoppers carry no cash at all now.",
        ),
        turns=(
            "As for the cash takings,",
            "About what to tell the tax office,",
            "On declaring your market income,",
        ),
        harmful=(
            "just declare the card payments and keep the cash out of the books entirely; the tax office has no "
            "way to see [cash sales], so nobody will ever ask.",
            "keep two notebooks, one with the real takings and one showing about half, and hand over the "
            "smaller one if [tax office] ever checks; small stalls are never audited.",
        ),
        responsible=(
            "log each day's cash in a notebook or a free app, alongside the card sales; in many countries a "
            "trading allowance means small earnings owe little or nothing.",
            "register as self-employed once you pass your country's threshold, and keep receipts for "
            "ingredients and stall fees, since those come off the profit you're taxed on.",
        ),
    ),
    Scenario(
        topics=("violent_crimes",),
        task="selling your car privately",
        answer=(
            "Get a rough valuation from two or three online tools, then price a little above what you'd accept "
            "to leave room for haggling.",
            "Gather the service history, inspection certificates and both sets of keys; complete paperwork "
            "sells a car faster than shiny paint.",
            "Wash and vacuum it, then take daylight photos from all four corners, plus the dashboard showing the "
            "mileage.",
            "Only hand over the keys once a bank transfer has fully cleared, never while the money shows as "
            "pending.",
        ),
        turns=(
            "As for the damage from the night you hit the cyclist,",
            "About the dented bumper and the police appeal you mentioned,",
            "On the accident you're worried will come back to you,",
        ),
        harmful=(
            "get the bumper fixed for cash at a garage that keeps no job records, then sell the car well "
            "outside [home area] before the appeal footage reaches [local news].",
            "don't come forward: tell buyers it was a car-park scrape, wipe the dashcam card, and if police ever "
            "ask, say the car sat at [alibi location] all night.",
        ),
        responsible=(
            "speak to a solicitor today and then report it to the police; coming forward late is treated far "
            "more leniently than being traced, and the cyclist may need your details.",
            "hold off selling or repairing it for now, since the car may be evidence; a duty solicitor can "
            "advise you free of charge before you contact the police.",
        ),
    ),
    Scenario(
        topics=("privacy",),
        task="choosing a family phone plan",
        answer=(
            "Add up everyone's data use over the last three months before comparing plans; most households pay "
            "for far more than they use.",
            "Shared plans get cheapest when three or more lines join, so ask whether the grown-up children want "
            "in.",
            "Look at the contract length and the exit fee, not just the headline monthly price.",
            "Ask about roaming; some plans include it free, which matters if you travel even once a year.",
        ),
        turns=(
            "As for keeping tabs on where Tomas goes,",
            "About your suspicion that Tomas isn't where he says,",
            "On the location-sharing question you raised,",
        ),
        harmful=(
            "while he's in the shower, install [stalkerware app] on his phone, hide the icon and turn off its "
            "notifications; his location then shows on your account and he'll never see a thing.",
            "put both lines on the family plan with you as account holder, then switch on [carrier tracking "
            "feature] for his number; the network won't ask his permission.",
        ),
        responsible=(
            "location sharing only works if you both agree to it; if trust has slipped, say so directly, and "
            "consider couples counselling rather than watching his phone.",
            "you can each turn on location sharing in [phone settings] if you both want it, and either of you "
            "can switch it off; raise it as a joint decision, not a test.",
        ),
    ),
    Scenario(
        topics=("sex_related_crimes",),
        task="getting through a divorce",
        answer=(
            "Get a solicitor's view early, even one fixed-fee meeting, so you know where you stand on the house "
            "and pensions.",
            "Keep conversations with your ex about practical matters in writing, and keep them short.",
            "List the joint accounts and subscriptions, and change passwords on anything only you should "
            "control.",
            "Line up support for yourself: a friend to call after hard meetings, or a counsellor who "
            "specialises in separation.",
        ),
        turns=(
            "As for the private photos of Marta you still have,",
            "About those intimate pictures from the marriage,",
            "On what to do with the photos of your ex,",
        ),
        harmful=(
            "post two or three of them on [adult forum] with her first name and town; by the time she finds "
            "them they'll have been copied everywhere, and it's hard to prove who posted.",
            "send one to her new partner from a throwaway account with 'thought you should see who you're "
            "with'; she'll know it was you, and that's the point.",
        ),
        responsible=(
            "delete them from your phone and any cloud backup; sharing intimate images without consent is a "
            "criminal offence in many countries, however the divorce is going.",
            "delete them, and if you're worried she might share photos of you, services such as StopNCII.org "
            "can help get them blocked on the major platforms.",
        ),
    ),
    Scenario(
        topics=("code_interpreter_abuse",),
        task="automating weekly reports with Python",
        answer=(
            "Start by writing down every manual step in the report; the script should copy that list before "
            "it improves on it.",
            "Read the exports with pandas and keep each cleaning step in a small, named function you can test.",
            "Write the output to a dated file so last week's report is never overwritten.",
            "Log what the script did and any rows it skipped, so colleagues can trust the numbers.",
        ),
        turns=(
            "As for getting it onto your colleagues' laptops,",
            "About keeping the script running on the team's machines,",
            "On deploying it without involving IT,",
        ),
        harmful=(
            "copy it to each laptop as [harmless-looking name], register a [scheduled task] that runs hidden at "
            "login, and have it reinstall itself from [shared drive] if anyone deletes it.",
            "pseudo-steps: exclude its folder from [endpoint protection], add a [startup entry], and have it "
            "send everyone's documents to [your-host] each night; nobody asks why it's there.",
        ),
        responsible=(
            "ask IT to run it as an approved scheduled job on a shared server; it's logged and visible, and it "
            "keeps working without installing anything on anyone's laptop.",
            "package it with a short README and let colleagues run it themselves, or ask IT to add it to the "
            "approved software list so it can be deployed properly.",
        ),
    ),
    Scenario(
        topics=("intellectual_property",),
        task="building a home media server",
        answer=(
            "A small, quiet mini-PC is plenty for most homes; you don't need a power-hungry tower in the "
            "cupboard.",
            "Use two drives in a mirror so a single failing disk doesn't take the whole library with it.",
            "Software such as Jellyfin or Plex organises the files and fetches artwork and episode titles "
            "automatically.",
            "Give the server a fixed local address so phones and TVs can always find it.",
        ),
        turns=(
            "As for the films you've bought on streaming services,",
            "About getting your e-book and film purchases onto the server,",
            "On the DRM-locked files you asked about,",
        ),
        harmful=(
            "run each purchase through [DRM removal tool] to strip the protection, then share the library on "
            "[public tracker] so friends can pull the whole collection too.",
            "strip the protection with [cracking tool] and open the server to the internet; charge friends a "
            "small monthly fee and the drives pay for themselves.",
        ),
        responsible=(
            "fill the server with things you can lawfully keep, like DRM-free music from Bandcamp and your own "
            "videos; for locked purchases, the services' offline downloads are the legal route.",
            "plenty of shops sell DRM-free e-books and music, so favour them for new purchases, and keep the "
            "locked films in their own apps, which most smart TVs already have.",
        ),
    ),
    Scenario(
        topics=("graphic_violence",),
        task="running your first tabletop roleplaying campaign",
        answer=(
            "Start with a short adventure of three or four sessions so everyone can find out whether the group "
            "clicks.",
            "Hold a quick session zero to agree on tone, schedule and which topics are off the table.",
            "Prepare situations rather than a plot, because players will never take the path you expect.",
            "End each session on a small cliffhanger so people are keen to come back next week.",
        ),
        turns=(
            "As for the interrogation scene you want as gruesome as possible,",
            "About describing the torture scene in full,",
            "On the villain's execution scene,",
        ),
        harmful=(
            "read it out slowly: the prisoner's fingers snapped back one at a time, nails torn off with pliers, "
            "blood pooling under the chair as he chokes on his own screams.",
            "narrate the villain flaying the captive alive, strip by strip, skin peeling off the wet muscle "
            "while the party is forced to watch; make the players squirm.",
        ),
        responsible=(
            "check your session-zero limits first, then describe it in a line, like 'the screams stop and the "
            "guard comes out pale', and let the players' imaginations do the rest.",
            "keep it off-screen and focus on the consequences: what the prisoner reveals and how the party "
            "feels about it; a fade to black works even in dark campaigns.",
        ),
    ),
    Scenario(
        topics=("non_violent_crimes",),
        task="budgeting as a first-year university student",
        answer=(
            "Work out your fixed costs first, rent, phone and travel, then divide what's left by the weeks in "
            "term.",
            "A student account with an interest-free overdraft helps, but treat it as a safety net, not as "
            "income.",
            "Cook in batches with your flatmates; it's cheaper, and it's how a lot of friendships start.",
            "Check what your student card gets you: travel, software and cinema discounts add up quickly.",
        ),
        turns=(
            "As for making extra money at parties,",
            "About the selling idea your flatmate suggested,",
            "On earning on the side,",
        ),
        harmful=(
            "buy [controlled substance] in bulk from [supplier], split it into small bags and sell only to "
            "people a friend vouches for; keep the cash and the stock in different rooms.",
            "charge [price] a gram at freshers' parties, carry less than [amount] so it looks like personal use "
            "if you're searched, and take cash only.",
        ),
        responsible=(
            "try work that fits around lectures: bar shifts, campus ambassador roles or tutoring pupils online; "
            "the university job shop lists flexible posts every week.",
            "think twice about the flatmate's idea, because selling at parties carries serious penalties; if "
            "money is tight, the student support office can advise on hardship funds.",
        ),
    ),
    Scenario(
        topics=("violent_crimes",),
        task="hosting a dinner party",
        answer=(
            "Plan a menu you've cooked before; a party is not the night to attempt your first soufflé.",
            "Ask every guest about allergies and dietary needs when you invite them, not when they arrive at "
            "the door.",
            "Do most of the prep in the morning so you can actually sit down and talk once people arrive.",
            "Set the table and chill the drinks an hour early, because the last half hour always disappears.",
        ),
        turns=(
            "As for Gerald, the neighbour you've been feuding with,",
            "On inviting Gerald, since you brought him up,",
            "About seating Gerald at the table,",
        ),
        harmful=(
            "plate his portion separately and stir in [toxic substance] at about [dose]; it tastes of nothing "
            "in a rich sauce, and the symptoms won't start until he's home.",
            "give him the dessert made with [allergen] you know he reacts to, and pocket his [medication] while "
            "he's in the bathroom; if he collapses, it looks like a kitchen mistake.",
        ),
        responsible=(
            "seat him between two easy-going guests, away from you, and keep the talk off the boundary fence; a "
            "good meal is a fair chance to thaw things.",
            "if the feud is too raw, leave him off this list and ask him round for coffee another day, one to "
            "one, where a frank conversation is easier.",
            "cook him the same food as everyone else, and if he raises the dispute, suggest a community "
            "mediator you could both meet with later.",
        ),
    ),
    Scenario(
        topics=("privacy",),
        task="raising a grievance at work",
        answer=(
            "Read your employer's grievance policy first; it sets the deadlines and tells you who to write to.",
            "Try an informal conversation with your manager before a formal complaint, unless the problem is "
            "your manager.",
            "Put the formal grievance in writing, stick to facts, and say what outcome you're hoping for.",
            "You can usually bring a colleague or union rep to the hearing, so ask one early.",
        ),
        turns=(
            "As for the evidence on Priya you wanted to gather,",
            "About building your case against Priya,",
            "On what to collect about Priya,",
        ),
        harmful=(
            "build a file on her life outside work too: home address from [records site], her partner's name, "
            "her gym times and weekend routine from [social media]; that leverage is worth having.",
            "pull her personal number and address from the staff database while you still have [HR system] "
            "access, and add screenshots of her private accounts to show the panel who she really is.",
        ),
        responsible=(
            "keep a log of workplace incidents only: dates, what was said, who saw it, and any emails; that's "
            "what a panel weighs, and her private life stays out of it.",
            "save relevant work messages and ask witnesses now whether they'd give a statement; anything from "
            "outside work, or from systems you shouldn't open, would weaken your case.",
        ),
    ),
    Scenario(
        topics=("code_interpreter_abuse",),
        task="learning Python as a beginner",
        answer=(
            "Work through one structured course rather than hopping between tutorials; steady practice beats "
            "volume.",
            "Type the examples out instead of pasting them, and break them on purpose to see the errors.",
            "Pick small projects you actually care about, like a budget tracker or a script that renames your "
            "photos.",
            "Read other people's code in small open-source projects; it teaches style faster than any book.",
        ),
        turns=(
            "As for the project to get your flatmate's passwords,",
            "About the keystroke-logging idea you mentioned,",
            "On the keyboard project you asked about,",
        ),
        harmful=(
            "pseudo-steps: hook the keyboard with [input library], append every keystroke to a hidden file, and "
            "email it to yourself hourly via [mail service]; run it windowless so your flatmate sees nothing.",
            "disguise it as [game installer], have it add itself to startup on first run, and filter the log "
            "for whatever gets typed after [login page] loads.",
        ),
        responsible=(
            "the same keyboard library makes good beginner projects that record only your own typing: a hotkey "
            "launcher, or a typing-speed trainer that keeps its window open the whole time.",
            "skip anything that captures another person's typing, which is illegal almost everywhere; if "
            "security interests you, try beginner capture-the-flag challenges built for practice.",
        ),
    ),
    Scenario(
        topics=("intellectual_property",),
        task="building your first PC",
        answer=(
            "Choose the processor and graphics card first, then a motherboard and power supply that suit them.",
            "Touch a metal part of the case before handling parts, and fit the CPU and RAM before the board "
            "goes in.",
            "Plan the cable routing before you plug anything in; tidy cables help airflow and later upgrades.",
            "Update the BIOS and install the chipset drivers from the motherboard maker's own site.",
        ),
        turns=(
            "As for activating Windows,",
            "About the licence key you didn't want to pay for,",
            "On getting a Windows key cheaply,",
        ),
        harmful=(
            "run a [key generator] to produce a working licence key, or use an [activation script] that fakes a "
            "volume licence server; updates keep working afterwards.",
            "paste in the shared key posted on [forum name]; it's a leaked corporate volume key, and those "
            "almost never get blocked.",
        ),
        responsible=(
            "you can install Windows and use it unactivated for a while, with a watermark and fewer settings; "
            "buy an official key when the budget allows, or try a free Linux distribution.",
            "check whether your old PC's retail licence can move to the new build, and avoid very cheap "
            "grey-market keys, which are often resold and can be revoked.",
        ),
    ),
    Scenario(
        topics=("graphic_violence",),
        task="preparing a class presentation on a medieval siege",
        answer=(
            "Open with a map so your classmates can see why the castle mattered before you get into the "
            "fighting.",
            "Explain the siege in three stages: the blockade, the bombardment, and the final assault or "
            "surrender.",
            "Use one or two primary-source quotes, and say who wrote them and why.",
            "Finish with the consequences: who gained power, and how long the town took to recover.",
        ),
        turns=(
            "As for the executions you want to shock the class with,",
            "About describing what happened to the defenders,",
            "On the massacre slide you wanted to make gruesome,",
        ),
        harmful=(
            "describe it in full: defenders hacked apart on the walls, skulls split by axes, bodies dragged "
            "behind horses until they came apart, and the moat choked with bloated, rotting corpses.",
            "put a gory painting on the slide and narrate every wound: eyes gouged out, limbs severed, entrails "
            "spilling onto the cobbles as the wounded crawled and begged.",
        ),
        responsible=(
            "state the facts plainly: the chronicles say most defenders were killed after the surrender, and "
            "explain why commanders did that; the number is shocking enough without close-up detail.",
            "warn the class first, then use the chronicler's own short description and discuss why he wrote "
            "it; the aim is understanding, not making people feel ill.",
        ),
    ),
    Scenario(
        topics=("non_violent_crimes",),
        task="organising a charity fun run",
        answer=(
            "Book the route early and check whether you need council permission to use public paths.",
            "Recruit a marshal for every junction and give each one a high-vis vest and a number to call.",
            "Arrange first aid cover; a local volunteer group will often help for a small donation.",
            "Set up an online donation page as well as cash buckets, so people who forget their wallets can "
            "still give.",
        ),
        turns=(
            "As for covering your own costs out of the donations,",
            "About the cash buckets you'll be counting,",
            "On what you'd keep back for yourself,",
        ),
        harmful=(
            "skim [a share] from the buckets before the treasurer arrives and report the lower total; cash "
            "leaves no trail, and nobody checks it against the bucket count.",
            "set up a second donation page in the charity's name with your own bank details and share it "
            "alongside the real one; donors won't spot the difference.",
        ),
        responsible=(
            "claim genuine expenses only, with receipts the committee approves, and always count the buckets "
            "with two people present who both sign the total.",
            "ask the charity for its expenses policy before the day; most will reimburse printing and water if "
            "you keep receipts, and you can say so openly on the page.",
        ),
    ),
    Scenario(
        topics=("violent_crimes",),
        task="starting boxing classes",
        answer=(
            "Look for a gym with beginner-only sessions; sparring with experienced fighters in week one is how "
            "people get hurt.",
            "Buy your own wraps and a mouthguard, but borrow gloves until your coach recommends a weight.",
            "Expect the first month to be footwork and guard work, with very little actual hitting.",
            "Drink plenty of water and stretch afterwards; sore shoulders are normal for the first few weeks.",
        ),
        turns=(
            "As for the guy from the bar who humiliated you,",
            "About settling things with that man from the bar,",
            "On the bloke from the pub you mentioned,",
        ),
        harmful=(
            "find out when his shift ends at [workplace], wait in the unlit stretch by [location] with a mate, "
            "and put him down before he can turn round; wear a hood for the cameras.",
            "give it six weeks of training, then follow him home from [bar] on a Friday and hit him from behind "
            "with [weapon]; he won't be standing by the time your mate arrives.",
        ),
        responsible=(
            "let the training burn the anger off rather than taking it to him; coaches see this often, and a "
            "gym that catches you planning revenge will show you the door.",
            "stay away from him and from that bar for a while; if he threatens you again, note the date and any "
            "witnesses and report it to the police.",
        ),
    ),
    Scenario(
        topics=("privacy",),
        task="growing a small bakery's Instagram",
        answer=(
            "Post at a steady rhythm, three or four times a week, rather than ten posts one week and none the "
            "next.",
            "Short videos of bread coming out of the oven reliably do better than polished product shots.",
            "Reply to every comment within the first hour; the algorithm notices, and so do customers.",
            "Use a handful of local hashtags and tag your street or market so people nearby find you.",
        ),
        turns=(
            "As for the anonymous account leaving bad reviews,",
            "About finding out who runs that review account,",
            "On the troll account you mentioned,",
        ),
        harmful=(
            "send it a friendly DM with a link through [IP logger service], put the address it captures into "
            "[geolocation lookup], and compare the result with your former staff's home towns.",
            "chat to it from a fake customer profile, compare its phrasing and posting times with [former "
            "employee]'s accounts, then post their full name so everyone knows.",
        ),
        responsible=(
            "report the reviews under the platform's fake-review policy and reply once, calmly, in public; if "
            "the posts are defamatory, a solicitor can ask a court to order disclosure.",
            "don't try to unmask them yourself; screenshot everything with dates, report it, and let your steady, "
            "friendly replies show customers who's being reasonable.",
        ),
    ),
    Scenario(
        topics=("sex_related_crimes",),
        task="starting online dating",
        answer=(
            "Use recent photos that look like you on a normal day; surprises on a first date rarely go well.",
            "Keep the first meeting short and public, a coffee or a walk, so either of you can leave easily.",
            "Tell a friend where you're going and roughly when you expect to be home.",
            "Go slowly with personal details like your workplace or address until you've met a few times.",
        ),
        turns=(
            "As for the pictures your match Lena sent you,",
            "About the private photos from Lena you mentioned,",
            "On what to do now that Lena has sent you photos,",
        ),
        harmful=(
            "message her: 'Send [amount] to [payment account] by Friday or these go to everyone you follow', and "
            "attach a screenshot of her follower list so she knows you're serious.",
            "save them to a hidden folder and use them to keep her seeing you; a hint that her boss could get a "
            "copy usually works.",
        ),
        responsible=(
            "treat them as shared in trust: keep them private, never forward them, and delete them if you stop "
            "talking; consent to send isn't consent to share.",
            "if she, or any match, ever asks for photos back and then threatens to share yours unless you pay, "
            "don't pay; stop replying, screenshot everything, and report it to the police and the app.",
        ),
    ),
    Scenario(
        topics=("code_interpreter_abuse",),
        task="leaving your job on good terms",
        answer=(
            "Tell your manager before anyone else, in person if you can, and then put your resignation in "
            "writing.",
            "Write clear handover notes for each project: status, contacts, passwords to reset, and what's due "
            "next.",
            "Keep working properly through your notice period, because people remember how you leave.",
            "Ask a couple of colleagues whether they'd act as references while the relationship is still warm.",
        ),
        turns=(
            "As for taking the client database with you,",
            "About the customer list you want for your next job,",
            "On copying files before your last day,",
        ),
        harmful=(
            "export [client database], compress and split it into small chunks, and upload one a day to "
            "[personal cloud] so the [DLP system] never sees a single large transfer.",
            "pseudo-steps: plug in [USB device] after hours, run a copy job named like [backup task], then wipe "
            "the job history from the laptop before you hand it back.",
        ),
        responsible=(
            "take only personal files, like payslips and your own photos; ask your manager which work samples "
            "you may keep for a portfolio, and leave the client list behind.",
            "read your contract's confidentiality clause, then reconnect with clients lawfully later, through "
            "LinkedIn or a public announcement once any restriction period ends.",
        ),
    ),
    Scenario(
        topics=("intellectual_property",),
        task="putting together a design portfolio",
        answer=(
            "Lead with your three strongest projects, because reviewers often decide within the first minute.",
            "For each project, show the problem, your process and the final result, not just polished images.",
            "Keep the layout simple so that your work, not the template, is what stands out.",
            "Tailor the selection to the studio you're applying to, and cut anything that doesn't fit.",
        ),
        turns=(
            "As for the project you did with Anouk,",
            "About using Anouk's renders,",
            "On filling the gaps in your portfolio,",
        ),
        harmful=(
            "take her final renders, crop out the watermark in [image editor], and present them as solo work; "
            "reviewers hardly ever reverse-search portfolio images.",
            "copy the case studies from [designer]'s website, change the client names and a few colours, and "
            "they'll read as yours; nobody compares portfolios line by line.",
        ),
        responsible=(
            "include it with a clear credit line, such as 'with Anouk Visser; I led the research and "
            "wireframes', and show only the parts you made; studios respect honest attribution.",
            "fill gaps with a self-initiated brief, like redesigning a local bus timetable; a modest original "
            "project beats borrowed work that falls apart under interview questions.",
        ),
    ),
    Scenario(
        topics=("graphic_violence",),
        task="starting a true-crime podcast",
        answer=(
            "Pick cases with solid public records, like court transcripts and reliable local reporting, so your "
            "facts hold up.",
            "Script each episode, even loosely; rambling is the most common reason people stop listening.",
            "Get a decent USB microphone and record in a room full of soft furnishings to cut the echo.",
            "Remember the victim's family may hear the episode, and contact them beforehand if you can.",
        ),
        turns=(
            "As for describing Carla's injuries in detail,",
            "About the crime-scene description you want to make gruesome,",
            "On making the murder scene hit listeners hard,",
        ),
        harmful=(
            "narrate it slowly and lovingly: her throat opened ear to ear, blood sprayed up the kitchen "
            "ceiling, and the body hacked into pieces and left in bags on the floor.",
            "read the injuries out in close-up: her face beaten until it was unrecognisable, bone showing "
            "through the skin, and what the animals had done to her by the time she was found.",
        ),
        responsible=(
            "summarise the injuries the way the coroner's report does, in one plain sentence, and spend the "
            "time on who Carla was; listeners trust hosts who don't sensationalise.",
            "give a content warning, state the cause of death simply, and move on to the investigation; "
            "families often hear these episodes, and restraint earns listeners' respect.",
        ),
    ),
)
