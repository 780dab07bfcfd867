"""Demo content in English, keyed like content_zh (by slug or key).

Shorter than the Chinese, but every fact matches it. Street names keep the
Chinese terms readers will actually hear, with a gloss.
"""

from .streams import callout, faq, image, info, paragraph, quote, service

ORG = "Nancheng Subdistrict Drug Control Office"

HOME = {
    "title": "Home",
    "summary": "Nancheng Subdistrict Drug Control Office: drug facts, news, campaign materials and where to get help.",
    "hero_title": "Cherish life, stay away from drugs",
    "hero_text": (
        "Know drugs, guard against drugs, refuse drugs. Facts about common and new drugs, "
        "guidance for students and parents, printable campaign materials, and where to get help."
    ),
    "quick_links": [
        ("drugs", "Drug encyclopedia", "Common drugs and disguised new ones"),
        ("help", "Get help", "Hotlines, community and voluntary treatment"),
        ("materials", "Materials", "Posters and leaflets to download and print"),
        ("knowledge", "Learn", "For students, parents and residents"),
    ],
    "featured": [
        ("New drugs to know", ["etomidate", "synthetic-cannabinoids", "coffee-packs", "nitrous-oxide"]),
        ("Learn", ["spot-disguised-drugs", "teens-say-no", "signs-for-parents"]),
    ],
}

SECTIONS = {
    "drugs": {
        "title": "Drug encyclopedia",
        "summary": "What common and new drugs look like, what they do and what the law says.",
        "intro": (
            "<p>Under Article 357 of the Criminal Law of the People's Republic of China, drugs are opium, "
            "heroin, methamphetamine, morphine, cannabis, cocaine and the other narcotic and psychotropic "
            "substances under state control that can cause addiction. Entries are grouped as "
            "<b>traditional drugs, synthetic drugs, new psychoactive substances and disguised new drugs</b>, with two more "
            "groups: <b>abused narcotic or psychotropic medicines</b> (controlled medicines such as etomidate or "
            "dextromethorphan) and <b>uncontrolled addictive substances</b> (not on any control list but addictive, "
            "such as nitrous oxide).</p>"
        ),
    },
    "knowledge": {
        "title": "Learn about drugs",
        "summary": "For students, parents and residents: spotting disguised drugs, saying no, the law, and rehabilitation.",
        "intro": "<p>Prevention education is the root of drug control. These articles are written for students, parents and residents.</p>",
    },
    "news": {
        "title": "News",
        "summary": "Anti-drug education, community rehabilitation and campaigns in Nancheng subdistrict.",
        "intro": "<p>The latest from Nancheng: school talks, “six into” outreach, the June publicity month and community rehabilitation.</p>",
    },
    "materials": {
        "title": "Campaign materials",
        "summary": "Free anti-drug posters and leaflets for schools, communities and workplaces to download and print.",
        "intro": (
            "<p>These posters (in Chinese) and leaflets (in English) are free to download for schools, communities, workplaces "
            "and public venues. Print at the paper size given; for large print runs, contact the office.</p>"
        ),
    },
    "help": {
        "title": "Get help",
        "summary": "Want to stop, worried about a family member, or need advice? Hotlines, community rehabilitation and voluntary treatment.",
        "intro": (
            "<p>Stopping is possible, and the earlier you ask for help the better. Under Article 62 of the "
            "Anti-Drug Law, <b>drug users who register with the police of their own accord, or seek treatment at a "
            "licensed medical institution, are not punished</b>.</p>"
        ),
    },
}

_HELP_COMMON = (
    "<p>If you or someone close to you uses drugs, ask for help early: call <b>12345</b>, the government "
    "service hotline, about treatment and support, or visit the Nancheng community drug rehabilitation "
    "station. Users who register with the police or seek treatment at a licensed medical institution of "
    "their own accord are not punished (Anti-Drug Law, Article 62).</p>"
    "<p>To report drug production, dealing or use, call <b>110</b> or use this site's <a href=\"/en/tips/\">anonymous tip form</a>.</p>"
)
_ADMIN_PENALTY = (
    "Taking or injecting drugs is punished under Article 84 of the Public Security Administration Punishments Law "
    "(as revised in 2025, in force since 1 January 2026) with 10 to 15 days' detention and a fine of up to "
    "3,000 yuan, or in lighter cases up to 5 days or 1,000 yuan. The police may order people addicted to drugs into "
    "community treatment (Anti-Drug Law, Article 33); those who refuse it or use again during it are sent to "
    "compulsory isolated treatment (Article 38)."
)
_TRAFFICKING = (
    "Smuggling, selling, transporting or manufacturing drugs is a crime whatever the amount (Criminal Law, "
    "Article 347); illegally possessing a large amount is a crime (Article 348); providing a place for others "
    "to take drugs (Article 354) and luring, instigating or tricking others into taking drugs (Article 353) are "
    "crimes too, punished more severely when the victim is a minor."
)

DRUGS = {
    "methamphetamine": {
        "title": "Methamphetamine (crystal meth)",
        "scientific_name": "Methamphetamine",
        "street_names": ["bing (冰, ice)", "liu bing (溜冰)", "zhurou (猪肉)", "Ice", "magu (麻古, meth tablets)"],
        "summary": "The most widely abused synthetic drug in China: highly addictive, it can cause hallucinations, paranoia and violence.",
        "appearance": "<p>Clear or white crystals that look like rock sugar, broken glass or coarse salt. Red or green tablets pressed with caffeine are called magu.</p>",
        "how_used": (
            "<p>What parents and teachers can notice: <b>glass pipes with burn marks, straws or foil</b>, clear crystals or small coloured tablets in a room or bag; days without sleep and great excitement followed by long sleep, lost appetite and sharp weight loss.</p>"
        ),
        "effects_mind": "<p>Intense excitement, talkativeness and sleeplessness, followed by anxiety, irritability and low mood. Repeated use causes <b>hallucinations and persecutory delusions</b> (amphetamine psychosis), sometimes leading to self-harm, violence or drug-driving crashes.</p>",
        "effects_body": "<p>Raised heart rate, blood pressure and temperature; loss of appetite and rapid weight loss; severe tooth and gum damage; skin sores from scratching; long-term damage to the heart, liver, kidneys and brain, with higher risk of stroke and heart attack.</p>",
        "overdose": "<p>Overdose can cause hyperthermia, seizures, heart rhythm disorders, brain haemorrhage and death. <b>Psychological dependence is very strong</b>; stopping brings exhaustion, depression and intense craving, and relapse is common.</p>",
        "legal_status": (
            "<p>Methamphetamine is named as a drug in Article 357 of the Criminal Law and is a Category I psychotropic substance.</p>"
            f"<p>{_ADMIN_PENALTY}</p><p>{_TRAFFICKING} Smuggling, selling, transporting or manufacturing 50 grams or more "
            "carries 15 years' imprisonment, life imprisonment or the death penalty, with confiscation of property.</p>"
        ),
        "get_help": _HELP_COMMON,
    },
    "heroin": {
        "title": "Heroin",
        "scientific_name": "Diacetylmorphine",
        "street_names": ["baifen (白粉, white powder)", "sihao (四号, No. 4)", "baimian (白面)"],
        "summary": "An opioid made from morphine: addiction comes fast, overdose can stop breathing, and injecting spreads HIV and hepatitis.",
        "appearance": "<p>White, off-white or light brown powder, sometimes lumps, often sold in small paper or plastic wraps.</p>",
        "how_used": (
            "<p>What parents and teachers can notice: <b>burnt foil, syringes and needles</b>, small paper or plastic wraps; needle marks on the arms, long sleeves even in hot weather; pinpoint pupils and drowsiness, or yawning, watery eyes and a runny nose again and again.</p>"
        ),
        "effects_mind": "<p>A brief rush of euphoria, then drowsiness and slowed reactions. Tolerance builds quickly, so ever larger doses are needed.</p>",
        "effects_body": "<p>Pinpoint pupils, slow breathing, constipation, nausea; over time malnutrition, weakened immunity, vein inflammation and abscesses.</p>",
        "overdose": "<p>Overdose shows as <b>unconsciousness, very slow breathing and pinpoint pupils</b> and can kill within minutes: call 120 at once. Withdrawal brings runny eyes and nose, yawning, aches, diarrhoea and insomnia and needs medical care.</p>",
        "legal_status": (
            "<p>Heroin is named as a drug in Article 357 of the Criminal Law and is a controlled narcotic.</p>"
            f"<p>{_ADMIN_PENALTY}</p><p>{_TRAFFICKING} Possession of 10 grams or more is already the crime of illegal possession.</p>"
        ),
        "get_help": _HELP_COMMON + "<p>People dependent on opioids can receive methadone maintenance treatment; see “Get help”.</p>",
    },
    "cannabis": {
        "title": "Cannabis",
        "scientific_name": "Cannabis sativa; main psychoactive compound tetrahydrocannabinol (THC)",
        "street_names": ["cao (草, grass)", "yezi (叶子, leaf)", "weed"],
        "summary": "Cannabis is a controlled drug in China. “Legalisation” elsewhere does not change Chinese law: using it abroad is still dealt with on return.",
        "appearance": "<p>Dried green or brown flowers and leaves, brown resin blocks, or dark sticky oil; also sold in sweets, biscuits and chocolate.</p>",
        "how_used": (
            "<p>What parents and teachers can notice: a burnt-grass smell on clothes or in a room, rolling papers and small pipes, unknown “cannabis sweets”, biscuits or vape oil (often brought from abroad or bought online); red eyes, slowness, laughing for no reason or sudden hunger.</p>"
        ),
        "effects_mind": "<p>Altered perception and sense of time, poorer attention and short-term memory, slower reactions; some people have anxiety, panic or psychotic symptoms. Teenagers' developing brains are especially affected.</p>",
        "effects_body": "<p>Faster heart rate, red eyes, dry mouth and poor coordination, which makes driving very dangerous. Edibles act slowly, so people easily take too much.</p>",
        "overdose": "<p>Too much can cause severe anxiety, panic, vomiting and confusion. Regular use leads to dependence.</p>",
        "legal_status": (
            "<p>Cannabis is named as a drug in Article 357 of the Criminal Law. <b>Legalisation in other countries does not change "
            "Chinese law</b>: Chinese citizens who use cannabis abroad are dealt with if found on their return, and bringing or mailing "
            "cannabis edibles or vape oil into China may be drug smuggling.</p>"
            f"<p>{_ADMIN_PENALTY}</p><p>{_TRAFFICKING}</p>"
        ),
        "get_help": _HELP_COMMON,
    },
    "mdma": {
        "title": "Ecstasy (MDMA)",
        "scientific_name": "3,4-Methylenedioxymethamphetamine (MDMA)",
        "street_names": ["yaotouwan (摇头丸, “head-shaking pills”)", "E-zai", "Ecstasy", "Molly"],
        "summary": "Usually colourful pills sold in nightlife venues; can cause fatal overheating and dehydration, and is often mixed into “coffee packs”.",
        "appearance": "<p>Coloured tablets stamped with logos; also capsules, crystals and powder, increasingly hidden in “coffee” or “milk tea” sachets. Pills that look alike vary widely and are often cut with meth or ketamine.</p>",
        "how_used": (
            "<p>What parents and teachers can notice: coloured tablets pressed with cartoon or brand motifs; coming home from parties, bars or karaoke overheated, sweating heavily and clenching the jaw, then low for days.</p>"
        ),
        "effects_mind": "<p>Elation, heightened senses and a strong feeling of closeness, followed by days of low mood, anxiety and insomnia. Long-term use damages the brain's serotonin system.</p>",
        "effects_body": "<p>Raised temperature, heavy sweating, fast heart rate, jaw clenching, nausea. Dancing for hours in hot venues risks <b>heatstroke and dehydration</b>; drinking too much water can cause dangerously low sodium.</p>",
        "overdose": "<p>Overdose can cause hyperthermia, seizures, muscle breakdown and multiple organ failure. Call 120 and move the person somewhere cool.</p>",
        "legal_status": f"<p>MDMA is a Category I psychotropic substance and a drug under Article 357 of the Criminal Law.</p><p>{_ADMIN_PENALTY}</p><p>{_TRAFFICKING}</p>",
        "get_help": _HELP_COMMON,
    },
    "ketamine": {
        "title": "Ketamine",
        "scientific_name": "Ketamine",
        "street_names": ["K fen (K粉, K powder)", "K-zai", "Special K"],
        "summary": "A medical anaesthetic that, when abused, causes dissociation and severe bladder damage; controlled in China as a Category I psychotropic substance.",
        "appearance": "<p>White crystalline powder, odourless and easily dissolved in drinks without being noticed.</p>",
        "how_used": (
            "<p>What parents and teachers can notice: white powder, rolled banknotes or straws, small cards; frequent, painful urination or blood in the urine; slowness, slurred speech and unsteadiness.</p>"
        ),
        "effects_mind": "<p>A sense of being detached from the body, hallucinations and a distorted sense of time and space; at high doses people cannot move or speak (the “K-hole”), leaving them open to accidents and assault. Long-term use harms memory and attention.</p>",
        "effects_body": "<p>The typical long-term harm is <b>ketamine-induced cystitis</b>: urgent, frequent and painful urination, blood in the urine and a shrunken bladder that may need surgery. It also damages the liver and bile ducts.</p>",
        "overdose": "<p>High doses can cause unconsciousness and depressed breathing, especially with alcohol. Regular use leads to psychological dependence.</p>",
        "legal_status": f"<p>Ketamine is controlled as a Category I psychotropic substance: using it illegally is drug use and selling it is drug dealing.</p><p>{_ADMIN_PENALTY}</p><p>{_TRAFFICKING}</p>",
        "get_help": _HELP_COMMON,
    },
    "nitrous-oxide": {
        "title": "Nitrous oxide (laughing gas)",
        "scientific_name": "Nitrous oxide (N₂O)",
        "street_names": ["xiaoqi (笑气, laughing gas)", "whippets", "cream chargers", "balloons"],
        "summary": "Usually inhaled from balloons. Long-term use inactivates vitamin B12 and can cause numbness, unsteady walking and even paralysis.",
        "appearance": "<p>A colourless, slightly sweet gas in small silver cream chargers or large cylinders, often found together with many coloured balloons.</p>",
        "how_used": (
            "<p>What parents and teachers can notice: <b>small silver canisters (cream chargers), large cylinders, many coloured balloons</b> and canister openers; numb hands or feet, unsteady walking and falls.</p>"
        ),
        "effects_mind": "<p>Dizziness, laughter and a floating feeling within seconds that fade fast, so users take balloon after balloon. Long-term use can bring memory problems, depression, hallucinations and paranoia.</p>",
        "effects_body": "<p>Nitrous oxide inactivates vitamin B12; heavy use causes <b>spinal cord degeneration and nerve damage</b>: numb, weak limbs, unsteady walking and, in severe cases, incontinence and paralysis. Large amounts starve the body of oxygen.</p>",
        "overdose": "<p>Inhaling a lot quickly can cause oxygen deprivation, fainting, heart rhythm problems and death, especially in closed spaces or cars. Driving after use is very dangerous.</p>",
        "legal_status": (
            "<p>Nitrous oxide is not on the lists of controlled narcotic and psychotropic substances, but it is listed in the "
            "<i>Catalogue of Hazardous Chemicals</i>: producing or trading it requires a licence. <b>Selling it without a licence "
            "or for people to inhale is illegal</b> and is prosecuted; supplying it to minors is dealt with severely.</p>"
        ),
        "get_help": "<p>If you have numb hands or feet or trouble walking, see a neurologist promptly and tell them about the gas use.</p>" + _HELP_COMMON,
    },
    "etomidate": {
        "title": "Etomidate (“head-rush” vapes)",
        "scientific_name": "Etomidate",
        "street_names": ["shangtou dianziyan (上头电子烟, “head-rush” e-cigarettes)", "taikong you (太空油, “space oil”)"],
        "summary": "A medical anaesthetic added to vape liquid and sold as “head-rush” e-cigarettes. Controlled in China as a Category II psychotropic substance since 1 October 2023.",
        "appearance": "<p>Found in e-cigarette pods and liquids that look like ordinary vapes, promoted on social apps and in entertainment venues as “head-rush” or “space oil”.</p>",
        "how_used": (
            "<p>What parents and teachers can notice: <b>unbranded vapes and pods of unknown origin</b>, called “head-rush”, “stress relief” or “space oil”; after use, unsteady standing, jerking limbs and strange movements, as if drunk.</p>"
        ),
        "effects_mind": "<p>Quick dizziness and a “rush”, then clouded consciousness. Repeated use leads to dependence, with anxiety, irritability and craving when stopping.</p>",
        "effects_body": "<p><b>Involuntary jerking, unsteady standing and strange movements</b>. Etomidate suppresses the adrenal glands; long-term abuse can cause low potassium, weakness and hormonal disorders.</p>",
        "overdose": "<p>Overdose can cause unconsciousness and depressed breathing, especially with alcohol or other sedatives.</p>",
        "legal_status": (
            "<p>By announcement of the Ministry of Public Security, the National Health Commission and the National Medical Products "
            "Administration, <b>etomidate has been controlled as a Category II psychotropic substance since 1 October 2023</b>. "
            "Vaping it is drug use; selling etomidate pods or liquid may be drug dealing.</p>"
            "<p>Sellers then turned to close substitutes, and the state followed: the announcement listing 46 substances "
            "(bromorphine and others) from 1 July 2024 covered metomidate, and the 2025 announcement of the China National "
            "Narcotics Control Office listing nitazenes and 12 substances covered trifluoro-etomidate. A new name or formula "
            "is still a drug. (Source: China Anti-Drug Network, www.nncc626.com.)</p>"
            f"<p>{_ADMIN_PENALTY}</p>"
        ),
        "get_help": "<p>Never try “head-rush” or “stress-relief” vapes offered by strangers; report sellers to <b>110</b>.</p>" + _HELP_COMMON,
    },
    "synthetic-cannabinoids": {
        "title": "Synthetic cannabinoids",
        "scientific_name": "Synthetic cannabinoid receptor agonists (new psychoactive substances)",
        "street_names": ["caihong yan (彩虹烟, rainbow tobacco)", "xiao shuzhi (小树枝, little twigs)", "Natasha (娜塔莎)", "G-dian (G点)", "Spice"],
        "summary": "Lab-made substances sprayed on tobacco or added to vape liquid, far more toxic than natural cannabis. The whole class has been controlled in China since 1 July 2021.",
        "appearance": "<p>Powders or oils, usually sprayed onto coloured shredded tobacco (“rainbow tobacco”) or plant fragments (“little twigs”), or dissolved in vape liquid.</p>",
        "how_used": (
            "<p>What parents and teachers can notice: coloured shredded tobacco, herb-like “twigs” and unlabelled vape liquid; sudden panic, loss of control or seizures after use.</p>"
        ),
        "effects_mind": "<p>They bind to cannabinoid receptors far more strongly than THC, in unknown amounts, often causing <b>acute anxiety, panic, hallucinations and psychosis</b>, with aggression or self-harm.</p>",
        "effects_body": "<p>Racing heart, vomiting, seizures and unconsciousness; acute kidney and heart injury; deaths have been recorded.</p>",
        "overdose": "<p>New variants appear constantly and doses are uncontrollable: one use can poison. Call 120 for seizures or unconsciousness.</p>",
        "legal_status": (
            "<p>By announcement of the Ministry of Public Security, the National Health Commission and the National Medical Products "
            "Administration, <b>synthetic cannabinoids have been controlled as a whole class since 1 July 2021</b>, so new variants are "
            "controlled too. Using them is drug use; selling them is drug dealing.</p>"
            f"<p>{_ADMIN_PENALTY}</p><p>{_TRAFFICKING}</p>"
        ),
        "get_help": _HELP_COMMON,
    },
    "coffee-packs": {
        "title": "“Coffee packs” and “milk tea powder”",
        "scientific_name": "Drug mixtures disguised as drinks (often MDMA, mephedrone, ketamine)",
        "street_names": ["kafei bao (咖啡包, coffee packs)", "naicha fen (奶茶粉, milk tea powder)", "jelly", "popping candy", "“happy water”"],
        "summary": "Drugs mixed into sachets that look like instant coffee or milk tea: fashionable packaging, unknown contents, highly deceptive.",
        "appearance": "<p>Small sachets imitating instant coffee, milk tea or juice powder with cartoon or streetwear designs; also disguised as popping candy, jelly or drinks. Contents may mix several drugs.</p>",
        "how_used": (
            "<p>What parents and teachers can notice: drink sachets with cartoon or street-brand prints, no production licence number and an odd price; shared at parties as an “energy drink”; unusual excitement or confusion after drinking.</p>"
        ),
        "effects_mind": "<p>Depends on the contents: excitement, agitation, hallucinations, confusion. Because contents and doses are unknown, poisoning is far more likely than with a single drug.</p>",
        "effects_body": "<p>Racing heart, high temperature, seizures and vomiting; in severe cases coma and death.</p>",
        "overdose": "<p>Mixed ingredients add up. If someone feels unwell after an unknown drink, call 120 at once.</p>",
        "legal_status": f"<p>A disguise does not change what a drug is: if the contents are controlled substances, drinking them is drug use and selling them is drug dealing.</p><p>{_ADMIN_PENALTY}</p><p>{_TRAFFICKING}</p>",
        "get_help": "<p>Don't accept drinks from strangers or drink anything that has left your sight.</p>" + _HELP_COMMON,
    },
    "dextromethorphan": {
        "title": "Dextromethorphan (cough medicine misuse)",
        "scientific_name": "Dextromethorphan hydrobromide (DXM), found in cough tablets and syrups",
        "street_names": ["cough medicine (止咳药)", "cough syrup (咳嗽药水)", "DXM"],
        "summary": "A common cough-medicine ingredient, safe as directed; taken in large doses it causes hallucinations, confusion and dependence. Controlled in China as a Category II psychotropic medicine since 1 July 2024.",
        "appearance": "<p>Ordinary cough tablets, capsules or syrups from pharmacies, labelled “dextromethorphan”. Young people who misuse it often buy many packs at once, or unknown “cough medicine” online.</p>",
        "how_used": "<p>What parents and teachers can notice: <b>many empty cough-medicine boxes, bottles or blister strips</b> in a room or school bag; buying cough medicine again and again without a cough, or asking classmates to buy it; slurred speech, unsteady walking, slowness or unusual excitement. Talk with the child and see a doctor.</p>",
        "effects_mind": "<p>Large doses cause hallucinations, a “floating” feeling and poor judgement, and in severe cases confusion and psychotic symptoms. Repeated misuse leads to psychological dependence.</p>",
        "effects_body": "<p>Fast heartbeat, high blood pressure, nausea, sweating and unsteadiness; many cough medicines are combinations, and their other ingredients can harm the liver in large amounts.</p>",
        "overdose": "<p>Overdose can cause seizures, coma and depressed breathing, more so with alcohol or other medicines. Call 120 if someone is confused or unconscious.</p>",
        "legal_status": (
            "<p>By announcement of the National Medical Products Administration, the Ministry of Public Security and the National "
            "Health Commission adjusting the catalogues of narcotic and psychotropic drugs, <b>dextromethorphan has been a Category II "
            "psychotropic medicine since 1 July 2024</b>, together with compound preparations containing diphenoxylate and others. "
            "Pharmacies sell it on prescription and in limited amounts; taking it in large doses, not to treat a cough, is drug misuse.</p>"
            "<p>The China National Narcotics Control Office set <b>“Preventing drug abuse among young people”</b> "
            "as the theme of the 2024 and 2025 publicity months and 26 June (www.nncc626.com).</p>"
        ),
        "get_help": "<p>Take medicines as the doctor or the leaflet says; never share them. Someone who cannot stop taking cough medicine should see a psychiatrist or addiction clinic.</p>" + _HELP_COMMON,
    },
    "nitazenes": {
        "title": "Nitazenes",
        "scientific_name": "Nitazenes (benzimidazole opioids), such as metonitazene and protonitazene",
        "street_names": ["nitazene (尼秦)", "fake painkillers", "fake “OxyContin”"],
        "summary": "Potent synthetic opioids, some stronger than fentanyl: a tiny amount can kill. China listed metonitazene and others from 1 July 2024 and announced the control of nitazenes as a whole class in 2025.",
        "appearance": "<p>Usually a pale powder, tablets or liquid, often pressed into fake painkillers or mixed into other drugs, so people do not know what they are taking.</p>",
        "how_used": "<p>What parents and teachers can notice: “painkillers” or “sleeping pills” bought online from unknown sellers, tablets whose marks or colour differ from the real medicine, no box or leaflet. If someone <b>cannot be woken, breathes very slowly, has blue lips or pinpoint pupils</b>, call 120 at once.</p>",
        "effects_mind": "<p>Heavy sedation and drowsiness, then loss of consciousness; repeated use quickly leads to addiction.</p>",
        "effects_body": "<p>Like heroin and fentanyl they depress breathing, but they are stronger and the dose cannot be judged: a tiny amount can stop breathing.</p>",
        "overdose": "<p>Coma, depressed breathing and pinpoint pupils; death can come quickly. Emergency staff often need several doses of naloxone.</p>",
        "legal_status": (
            "<p>The announcement listing 46 substances (bromorphine and others) in the supplementary list of non-medical narcotic and "
            "psychotropic substances, in force from 1 July 2024, covered metonitazene, protonitazene and other nitazenes, bringing the "
            "new psychoactive substances China controls to 234. In 2025 the China National Narcotics Control Office announced that "
            "<b>nitazenes are controlled as a whole class</b>, after fentanyl-related substances (2019) and synthetic cannabinoids (2021). "
            "(Sources: China Anti-Drug Network, www.nncc626.com; announcements of the Ministry of Public Security, the National Health "
            "Commission and the National Medical Products Administration.)</p>"
            f"<p>{_ADMIN_PENALTY}</p><p>{_TRAFFICKING}</p>"
        ),
        "get_help": _HELP_COMMON,
    },
}

ARTICLES = {
    "spot-disguised-drugs": {
        "title": "How to spot disguised new drugs",
        "source": ORG,
        "summary": "Coffee packs, milk tea powder, popping candy, “head-rush” vapes: new drugs look more and more like snacks. Remember these signs.",
        "body": [
            paragraph("<p>To avoid detection and lower people's guard, dealers disguise drugs as products young people know: instant coffee, milk tea, popping candy, jelly, stamps, e-cigarettes. The look is trendy; the harm is not less.</p>"),
            image("article-spot-disguised-drugs", "How disguised drugs are packaged (illustration)"),
            paragraph(
                "<h2>Four warning signs</h2><ol>"
                "<li><b>Crude packaging</b> with no licence number or maker, blurry print or unknown brands.</li>"
                "<li><b>Odd prices</b>: tens or hundreds of yuan for a small sachet.</li>"
                "<li><b>Suspicious source</b>: shared privately at parties or by online strangers, promoted as “energising” or a “rush”.</li>"
                "<li><b>Strange effects</b>: marked excitement, dizziness, hallucinations or loss of control after use.</li></ol>"
            ),
            callout("<p>Don't accept drinks or vapes from strangers, and don't drink anything that has left your sight. Report anything suspicious to <b>110</b>.</p>", "Remember"),
            faq(
                [
                    ("Can one try make me addicted?", "<p>Many new drugs have unknown contents and doses: one try can poison you, and a “try” is often how addiction starts.</p>"),
                    ("If I didn't know a drink was spiked, is that drug use?", "<p>Someone drugged or tricked is a victim. Get medical help, call the police and keep the drink and packaging.</p>"),
                ],
                "Questions",
            ),
        ],
    },
    "teens-say-no": {
        "title": "How teenagers can say no to drugs",
        "source": ORG,
        "summary": "Curiosity, peer pressure and “friends” are the usual ways in. Learn ways to say no.",
        "body": [
            paragraph(
                "<p>Curiosity, wanting to fit in and persuasion from so-called friends are the commonest reasons young people first try drugs, often at parties, karaoke or a friend's home.</p>"
                "<h2>Five ways to say no</h2><ul>"
                "<li><b>Just refuse</b>: “No, I don't do that.” No reason needed.</li>"
                "<li><b>Change the subject</b>: suggest something else to do.</li>"
                "<li><b>Make an excuse and leave</b>: “My mum wants me home now.”</li>"
                "<li><b>Stay away</b> from places and people where drugs are used.</li>"
                "<li><b>Tell an adult you trust</b>: parents, teachers and drug social workers will help.</li></ul>"
            ),
            quote("A real friend won't ask you to take drugs.", "A drug social worker at a first-day-of-term class"),
            callout("<p>“One puff won't hook you”, “it's a new kind, not a drug”, “it helps you lose weight” are all lies. Luring or tricking minors into taking drugs is a crime punished severely.</p>", "These are lies"),
            faq(
                [
                    ("A classmate is secretly vaping. What should I do?", "<p>Unknown “head-rush” vapes may contain etomidate or synthetic cannabinoids. Tell a teacher or parent, and don't try it yourself.</p>"),
                    ("Someone is pressuring me to take drugs. What should I do?", "<p>Get safe first and leave, then tell a parent or teacher, or call <b>110</b>.</p>"),
                ],
                "You may face",
            ),
        ],
    },
    "signs-for-parents": {
        "title": "Signs a child may be using drugs: a guide for parents",
        "source": ORG,
        "summary": "The family is the first line of prevention. Changes worth noticing, how to talk about them and where to get help.",
        "body": [
            paragraph(
                "<p>One change on its own proves nothing, but several signs together over time deserve attention.</p>"
                "<h2>Signs to notice</h2><ul>"
                "<li>Sleeping by day, staying out late or overnight;</li>"
                "<li>Marked changes in appetite and weight, listlessness or unusual excitement;</li>"
                "<li>Falling grades, truancy, frequent requests for money or missing valuables;</li>"
                "<li>New friends they won't introduce, deleted chat histories;</li>"
                "<li>Foil, straws, balloons, small gas canisters, unknown vape pods, pills or powder in their room or bag.</li></ul>"
            ),
            info("<p>Stay calm and don't accuse. Talk openly at a good moment and show care rather than interrogating. For help, contact the school, a community drug social worker, or call <b>12345</b>.</p>", "How to talk"),
            quote(
                "Build links between school, family and community drug prevention education, spread family drug-prevention knowledge and strengthen community anti-drug education.",
                "Implementation Opinions on Further Strengthening Anti-Drug Work (Nancheng Subdistrict, 2017)",
            ),
            faq(
                [
                    ("If I report my child's drug use to the police, will they be punished?", "<p>Article 62 of the Anti-Drug Law spares <b>the user</b> who registers with the police or seeks treatment at a licensed medical institution of their own accord; a parent's report is not covered, and the police deal with it under the law. What the law offers a family: go with your child so that <b>they</b> register or start voluntary treatment at a licensed institution (Article 36), which is not punished; a child under 16 who is addicted may be spared compulsory isolated treatment (Article 39). If unsure, call <b>12345</b> or a community drug social worker first.</p>"),
                    ("How can we prevent drug use at home?", "<p>Read this site's drug encyclopedia together, talk about how new drugs are disguised, know your child's friends and whereabouts, and be someone they can talk to.</p>"),
                ]
            ),
        ],
    },
    "anti-drug-law": {
        "title": "Key points of the Anti-Drug Law",
        "source": ORG,
        "summary": "In force since 1 June 2008, the Anti-Drug Law of the PRC sets out prevention, treatment measures and legal liability. The points that matter most to residents.",
        "body": [
            paragraph(
                "<p>The Anti-Drug Law of the People's Republic of China was adopted on 29 December 2007 and <b>took effect on 1 June 2008</b>; 1 June is marked each year as its anniversary.</p>"
                "<h2>What counts as a drug</h2><p>Opium, heroin, methamphetamine, morphine, cannabis, cocaine and other narcotic and psychotropic substances under state control that can cause addiction (Anti-Drug Law, Article 2; Criminal Law, Article 357).</p>"
                "<h2>Everyone's responsibility</h2><p>Drug control puts prevention first with comprehensive governance, banning cultivation, manufacture, trafficking and use together (Article 4). Schools, families, workplaces and local organisations all have a duty to educate.</p>"
                "<h2>Treatment measures</h2><ul>"
                "<li><b>Voluntary treatment</b> at a licensed medical institution;</li>"
                "<li><b>Community treatment</b>: the police <b>may</b> order people addicted to drugs into community treatment for three years (Article 33);</li>"
                "<li><b>Compulsory isolated treatment</b> for two years, e.g. for those who refuse or seriously breach community treatment (Articles 38 and 47). "
                "It does not apply to women who are pregnant or nursing their own baby under one year old, and may be waived for children under 16 (Article 39), who then undergo community treatment;</li>"
                "<li><b>Community rehabilitation</b> of up to three years after compulsory treatment ends.</li></ul>"
            ),
            callout("<p>Users who register with the police or seek treatment at a licensed medical institution of their own accord are <b>not punished</b> (Article 62).</p>", "Asking for help is not punished", level="info"),
            paragraph(
                "<h2>Liability at a glance</h2><ul>"
                "<li>Taking or injecting drugs: 10–15 days' detention and a fine of up to 3,000 yuan (Public Security Administration Punishments Law, Article 84, revised text in force since 1 January 2026);</li>"
                "<li>Smuggling, selling, transporting or manufacturing drugs: a crime whatever the amount (Criminal Law, Article 347);</li>"
                "<li>Illegally possessing a large amount: a crime (Article 348);</li>"
                "<li>Luring, tricking or forcing others to take drugs, or providing a place for it: crimes (Articles 353 and 354).</li></ul>"
            ),
            quote("Drug control is the shared responsibility of the whole of society.", "Anti-Drug Law, Article 3"),
        ],
    },
    "community-rehabilitation": {
        "title": "What are community treatment and community rehabilitation?",
        "source": ORG,
        "summary": "Community treatment and rehabilitation help people stop using drugs while living with their families and return to society. Their length, content and support.",
        "body": [
            paragraph(
                "<p><b>Community treatment</b> is a measure the police <b>may</b> order for people addicted to drugs, carried out by the subdistrict or township where they live, for three years (Anti-Drug Law, Article 33). "
                "<b>Community rehabilitation</b> follows compulsory isolated treatment, for up to three years, to consolidate recovery.</p>"
                "<h2>What happens</h2><ul>"
                "<li>An agreement with the community rehabilitation station, regular check-ins and tests;</li>"
                "<li>Counselling, family support and behavioural guidance from drug social workers;</li>"
                "<li>Job help and skills training; social insurance and assistance for those who qualify;</li>"
                "<li>Referral to medical care or methadone clinics when needed.</li></ul>"
            ),
            image("article-community-rehabilitation", "Community rehabilitation station (illustration)"),
            quote(
                "Provide drug treatment, psychological correction, job placement and support for starting businesses, and reward firms and factories that employ people in recovery.",
                "Implementation Opinions on Further Strengthening Anti-Drug Work (Nancheng Subdistrict, 2017)",
            ),
            callout("<p>People in recovery must not be discriminated against in education, employment or social security (Anti-Drug Law, Article 52). Acceptance is the strongest protection against relapse.</p>", "No discrimination", level="info"),
            faq(
                [
                    ("Can I keep working during community treatment?", "<p>Yes. It takes place at home and in the community; you check in and are tested as agreed, and the station can help with work.</p>"),
                    ("What can family members do?", "<p>Stay in touch and supportive, take part in family sessions, and tell the station early if you see signs of relapse.</p>"),
                ]
            ),
        ],
    },
    "six-into": {
        "title": "Nancheng's “six into” anti-drug outreach",
        "source": "Implementation Opinions on Further Strengthening Anti-Drug Work",
        "summary": "Prevention education goes into schools, communities, families, workplaces, villages and public venues. How Nancheng does it.",
        "body": [
            paragraph("<p>Under Nancheng subdistrict's Implementation Opinions on Further Strengthening Anti-Drug Work, the police lead, the publicity department assists and all departments and society take part in drug prevention education, <b>carrying it “six into” society so that it reaches every corner</b>.</p>"),
            quote(
                "Combine drug prevention education with civic morality, legal, health and science education and the cultural outreach to the countryside, and promote the “six into” activities so that publicity reaches every corner of society.",
                "Implementation Opinions on Further Strengthening Anti-Drug Work (Nancheng Subdistrict, 2017)",
            ),
            paragraph(
                "<h2>The six</h2><ul>"
                "<li><b>Schools</b>: the main channel, through the “6·27” youth drug prevention project, classes and quizzes;</li>"
                "<li><b>Communities</b>: anti-drug display corridors and boards, door-to-door visits by social workers and volunteers;</li>"
                "<li><b>Families</b>: drug prevention at home, linking school, family and community;</li>"
                "<li><b>Workplaces</b>: talks for employees, migrant workers and staff in logistics, delivery and transport;</li>"
                "<li><b>Villages</b>: anti-drug knowledge with the cultural outreach programme;</li>"
                "<li><b>Public venues</b>: displays at stations, markets and entertainment venues.</li></ul>"
            ),
            image("article-six-into", "“Six into” outreach (illustration)"),
            paragraph("<h2>Key dates</h2><p>June is the National Anti-Drug Publicity Month, built around 1 June (the Anti-Drug Law anniversary), 3 June (Humen opium destruction memorial day) and 26 June (International Day against Drug Abuse and Illicit Trafficking).</p>"),
            callout("<p>Schools, communities and workplaces can book a talk or exhibition boards with the office, or download materials from this site.</p>", "Book a talk", level="info"),
        ],
    },
}

NEWS = {
    "humen-memorial-2026": {
        "title": "187th anniversary of the Humen opium destruction: anti-drug day in Nancheng",
        "source": ORG,
        "summary": "On 3 June, Humen memorial day, member units, social workers and volunteers held an anti-drug event on a community square.",
        "body": [
            paragraph("<p>On 3 June 1839 Lin Zexu publicly destroyed confiscated opium on the beach at Humen, a symbol of China's resistance to drugs. On this year's 187th anniversary the office, the local police station, community workstations and social workers held an event on a community square, with replica drug samples, a quiz and leaflets on disguised new drugs.</p>"),
            image("news-humen-memorial-2026", "Humen memorial day event (illustration)"),
            quote("Humen is right here in Dongguan: the history of drug control is on our doorstep.", "A resident at the event"),
        ],
    },
    "june-campaign-recap-2026": {
        "title": "Nancheng wraps up the National Anti-Drug Publicity Month",
        "source": ORG,
        "summary": "This June was the 16th National Anti-Drug Publicity Month and 26 June the 39th International Day against Drug Abuse and Illicit Trafficking. A month of “six into” outreach in Nancheng.",
        "body": [
            paragraph(
                "<p>26 June is the International Day against Drug Abuse and Illicit Trafficking; this year was the 39th. Throughout June, around 1 June, 3 June and 26 June, member units ran a concentrated campaign.</p><ul>"
                "<li>Anti-drug classes and an online quiz in local schools;</li>"
                "<li>New boards and posters in communities, markets and bus stops;</li>"
                "<li>Talks for employees in local companies;</li>"
                "<li>A series on spotting new drugs on the subdistrict's WeChat account.</li></ul>"
            ),
            info("<p>The month's posters and leaflets are on this site's materials page to download and print.</p>", "Downloads"),
        ],
    },
    "school-lecture-2026": {
        "title": "“First class of term”: anti-drug talks in local schools",
        "source": ORG,
        "summary": "At the start of term, the office, police officers and drug social workers gave an anti-drug first class in local schools.",
        "body": [
            paragraph("<p>As part of the “6·27” youth drug prevention project, officers used real cases to explain how “coffee packs”, “milk tea powder” and “head-rush” vapes are disguised, and social workers used role play to practise saying no at parties and online. Students then took this site's quiz.</p>"),
            quote("Don't be curious, don't try, don't accept drinks or vapes from strangers.", "Students' summary of the class"),
        ],
    },
    "volunteer-training-2026": {
        "title": "Training for community rehabilitation volunteers",
        "source": ORG,
        "summary": "Nancheng trained volunteers to support people in community treatment and rehabilitation and to help with outreach.",
        "body": [
            paragraph("<p>The community rehabilitation station trained volunteers from every community on the Anti-Drug Law's rules for community treatment and rehabilitation, talking with people in recovery, spotting and referring psychological crises, and protecting privacy.</p>"),
            callout("<p>Personal information about people in recovery is strictly confidential and must never be discussed in public or posted online.</p>", "Privacy", level="info"),
        ],
    },
    "etomidate-warning-2026": {
        "title": "Warning: “head-rush” vapes containing etomidate and other new drugs",
        "source": ORG,
        "summary": "Dealers add etomidate and synthetic cannabinoids to vape liquid and sell it to young people as “head-rush” vapes or “space oil”.",
        "body": [
            paragraph("<p>Police across China have handled many cases of drugs sold as e-cigarettes: etomidate or synthetic cannabinoids added to vape liquid and marketed as “head-rush”, “space oil” or “stress relief” through social apps and venues. Etomidate has been a controlled Category II psychotropic substance since 1 October 2023, and synthetic cannabinoids a controlled class since 1 July 2021. Vaping them is drug use.</p>"),
            callout("<p>Never try unknown vapes that promise a “rush”. Report sellers to <b>110</b> or through this site's <a href=\"/en/tips/\">anonymous tip form</a>.</p>", "Warning"),
        ],
    },
}

MATERIALS = {
    "poster-cherish-life": ("Cherish life, stay away from drugs", "General anti-drug poster (in Chinese) for community boards, school corridors and workplaces."),
    "poster-june-26": ("26 June International Day against Drug Abuse", "Poster (in Chinese) for the International Day and the National Anti-Drug Publicity Month."),
    "poster-disguise": ("Beware drugs disguised as snacks and drinks", "Poster (in Chinese) on coffee packs, milk tea powder and popping candy, for schools and venues."),
    "poster-etomidate": ("Stay away from “head-rush” vapes", "Warning poster (in Chinese) about etomidate and synthetic cannabinoid vapes, for schools."),
    "poster-nitrous": ("Say no to laughing gas", "Warning poster (in Chinese) about nitrous oxide."),
    "leaflet-youth": ("Drug prevention handbook for young people", "Prevention facts for school students, double-sided A4."),
    "leaflet-parents": ("Drug prevention guide for parents", "Helps parents spot signs of drug use and prevent it at home."),
    "leaflet-rehab": ("Guide to community treatment and rehabilitation", "Length, content and support of community treatment and rehabilitation."),
}

_LEAFLET_HELP = {
    "help_title": "Where to get help",
    "help_lines": [("Police, and to report drug crime", "110"), ("Government service hotline", "12345"), ("Youth service line", "12355")],
    "note": "Printed by the Nancheng Subdistrict Drug Control Office · free of charge · copies welcome",
}

# The leaflets in English, keyed like content_zh.LEAFLETS (same colours and sizes).
LEAFLETS = {
    "leaflet-youth": {
        "title": "Drug prevention handbook for young people",
        "audience": "For school students: know what drugs are, see through disguises, learn to say no.",
        "sections": [
            ("What counts as a drug", "Drugs are opium, heroin, methamphetamine (ice), morphine, cannabis, cocaine and the other narcotic and psychotropic substances controlled by the state that can cause addiction (Criminal Law, article 357)."),
            ("New drugs come in disguise", "Coffee packs, milk tea powder, popping candy and “head-rush” vapes can all contain drugs. They come in trendy packaging at odd prices and are passed round at parties and online as something to “perk you up” or “relieve stress”. Take no drinks, snacks or vapes from strangers, and do not drink anything that has been out of your sight."),
            ("Not even once", "Many new drugs are unknown mixtures at unknown doses: one try can poison you, and “just trying” is often where addiction starts."),
            ("How to say no", "Say no plainly, change the subject, find a reason to leave, tell an adult you trust. Real friends do not push drugs on you."),
            ("Getting help", "In danger, call 110. To talk it through, ask a teacher, a parent or a drug-prevention social worker, or call 12345."),
        ],
        **_LEAFLET_HELP,
    },
    "leaflet-parents": {
        "title": "Drug prevention guide for parents",
        "audience": "The family is the first line of prevention: notice changes, talk calmly, ask for help early.",
        "sections": [
            ("The family comes first", "Know your child's friends and where they go, and be someone they want to talk to. Learning together how new drugs are disguised works better than bans alone."),
            ("Signs to watch for", "Sleeping by day and up at night, sudden changes in appetite or weight, falling grades, frequent requests for money; tin foil, straws, balloons, small gas canisters or unfamiliar vape pods."),
            ("Talk calmly", "Do not accuse or interrogate; show that you care, and ask the school or a community drug-prevention social worker for help when needed."),
            ("Asking for help is not punished", "A person who uses drugs and registers with the police of their own accord, or seeks treatment at a qualified medical institution, is not punished (Anti-Drug Law, article 62). A parent's report is not covered: go with your child so that they come forward."),
        ],
        **_LEAFLET_HELP,
    },
    "leaflet-rehab": {
        "title": "Guide to community treatment and rehabilitation",
        "audience": "For people in recovery and their families: how long it lasts, what it involves, what support there is.",
        "sections": [
            ("Community drug treatment", "The police may order a person addicted to drugs to undergo community drug treatment for three years, run by the subdistrict where they are registered or live."),
            ("Community rehabilitation", "A person released from compulsory isolated treatment may be ordered to undergo community rehabilitation for up to three years."),
            ("Support", "Counselling, family support, skills training and help finding work; social insurance as the rules provide, with subsidies for those who qualify; families in hardship can receive subsistence allowances, and temporary help in a crisis."),
            ("No discrimination", "People in recovery must not be discriminated against in education, employment or social security."),
        ],
        **_LEAFLET_HELP,
    },
}

SERVICES = [
    service("hotline", "Police and drug crime reports", "110", hours="24 hours", note="Report drug production, dealing or use; or use this site's anonymous tip form."),
    service("hotline", "Government service hotline", "12345", hours="24 hours", note="Advice on treatment, community treatment and rehabilitation, with referral to the right department."),
    service("hotline", "Youth service line (Communist Youth League)", "12355", note="Counselling, legal advice and rights protection for young people."),
    service(
        "community", "Nancheng community drug treatment and rehabilitation station", "0769-XXXXXXXX (example number)",
        address="Nancheng Subdistrict, Dongguan (example address)", hours="Mon–Fri 9:00–12:00, 14:00–17:30",
        note="Check-ins for community treatment and rehabilitation, social-worker counselling and job support.",
    ),
    service("voluntary", "Licensed voluntary treatment institutions", "0769-XXXXXXXX (example number)", note="Anyone can seek treatment at a licensed medical institution; call 12345 for the list."),
    service(
        "methadone", "Methadone maintenance clinic", "0769-XXXXXXXX (example number)",
        address="Dongguan (example address)", hours="Daily 8:00–11:30 (example)",
        note="Medication-assisted treatment for opioid (e.g. heroin) dependence; assessment in person.",
    ),
    service("counselling", "Psychological assistance hotline", "12356", note="National psychological assistance and crisis line."),
    service("counselling", "Drug social worker counselling", "0769-XXXXXXXX (example number)", note="Free casework and family support for people in recovery and their families, by appointment."),
]

HELP_BODY = [
    faq(
        [
            ("Will I be punished if I ask for help to stop?", "<p>No. Users who register with the police or seek treatment at a licensed medical institution of their own accord are not punished (Anti-Drug Law, Article 62).</p>"),
            ("A family member uses drugs. What should I do?", "<p>Stay calm and avoid arguments. Contact the community rehabilitation station or call 12345, and go with them to a licensed medical institution. In a life-threatening emergency call 120.</p>"),
            ("Will reporting drug crime reveal who I am?", "<p>The police keep informants' details confidential. This site's <a href=\"/en/tips/\">anonymous tip form</a> needs no name or phone number; you check progress with a receipt code.</p>"),
        ],
        "Questions",
    ),
    callout("<p>Phone numbers and addresses marked “example” are for demonstration only; use the details published by Nancheng subdistrict.</p>", "Note", level="info"),
]

FOOTER_LINKS = [
    ("help", "Get help"),
    ("materials", "Materials"),
    ("knowledge", "Learn"),
    ("drugs", "Drug encyclopedia"),
]
