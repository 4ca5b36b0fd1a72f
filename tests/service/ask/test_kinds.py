"""What a question asks for, and whether a sentence holds it."""

from __future__ import annotations

import pytest
from protokoll.ingest.lexicon import Intent
from protokoll.ingest.text import fold
from protokoll.service.ask.amounts import asks_cost, states_cost
from protokoll.service.ask.kinds import (
    asked,
    asked_figures,
    asks_company,
    figures,
    head_noun,
    held,
    holds,
    holds_beyond,
    names_company,
    names_of_kind,
    states_vote,
)
from protokoll.service.understanding import Understood


def read(question: str, intent: Intent = Intent.WHAT) -> Understood:
    return Understood(query=question, search_text=question, intent=intent)


@pytest.mark.parametrize(
    ("question", "intent", "kind"),
    [
        ("vilket datum beslutades planen?", Intent.DECISION, "day"),
        # What something costs a user is a figure.
        ("vilket pris lämnade bolaget i anbudet?", Intent.WHAT, "number"),
        ("vilken avgift tas ut för hemtjänsten?", Intent.WHAT, "number"),
        ("vilka priser ville regeringen hålla nere?", Intent.WHAT, None),
        # A deadline is a day too.
        ("Sista dag för kommunens yttrande till Trafikverket?", Intent.SEARCH, "day"),
        ("när hölls mötet?", Intent.WHEN, "date"),
        ("vilket år infördes taxan?", Intent.WHAT, "date"),
        ("till vilken nivå höjdes räntan?", Intent.WHAT, "number"),
        ("hur lange pågår projektet?", Intent.HOW_MANY, "duration"),
        ("vem ledde mötet?", Intent.WHO, "person"),
        ("vad kostar den nya skolan?", Intent.WHAT, "money"),
        ("hur finansieras satsningen?", Intent.WHAT, "money"),
        ("var hölls mötet?", Intent.WHERE, "place"),
        ("i vilket rum sammanträdde nämnden?", Intent.WHAT, "place"),
        ("vilket utskott behandlade motionen?", Intent.WHAT, "organisation"),
        ("vilket statsråd svarade på frågan?", Intent.WHAT, "person"),
        ("vilken tingsrätt inspekterade JO?", Intent.WHAT, "organisation"),
        ("vad sa man om planen?", Intent.WHAT, None),
        # The noun after vilken/vilket/vilka names the kind, also as the end of a compound.
        ("vilken direktionsledamot reserverade sig?", Intent.WHAT, "person"),
        ("vilken kristdemokrat stod bakom reservationen?", Intent.WHAT, "person"),
        ("vilka ministrar informerade utskottet?", Intent.WHAT, "person"),
        ("vilket lands centralbank var på besök?", Intent.WHAT, "place"),
        ("mot vilket annat land inleddes förfarandet?", Intent.WHAT, "place"),
        ("vilken domstol prövade bemyndigandet?", Intent.WHAT, "organisation"),
        ("vilken gymnasieskola kritiserades?", Intent.WHAT, "organisation"),
        ("vilka mötesdatum bestämdes för våren?", Intent.WHAT, "day"),
        ("på vilket sätt ska planen följas upp?", Intent.WHAT, None),
        ("vilken rapport lämnades?", Intent.WHAT, None),
        # Folding makes "är" and "år" one word; the year is asked only as written.
        ("vilket är maxstraffet efter skärpningen?", Intent.WHAT, None),
        ("vilket ar infordes taxan?", Intent.WHAT, "date"),
        # A compound's last part names the kind; "var" before a verb asks where.
        ("vilka andra EU-länder har inte anslutit sig?", Intent.WHAT, "place"),
        ("vilket EU-organ ska ha tillsynen?", Intent.WHAT, "organisation"),
        ("Var i Kvarnbacken ska utegymmet byggas?", Intent.WHAT, "place"),
        ("Vilket bussbolag fick skolskjutsavtalet?", Intent.WHAT, "organisation"),
        ("vilket stats-bolag köptes?", Intent.WHAT, "organisation"),
        ("vilken flygplats ska byggas ut?", Intent.WHAT, "place"),
        ("var ville partiet öppna fler kontor?", Intent.WHAT, "place"),
        ("var mötet öppet för allmänheten?", Intent.WHAT, None),
        # Another question word before "vilken" asks: the noun after it is only the topic.
        ("vem bestämmer vilken myndighet som betalar ut lönen?", Intent.WHO, "person"),
        ("hur många ledamöter i vilket utskott röstade nej?", Intent.HOW_MANY, "number"),
    ],
)
def test_what_the_question_asks_for(question: str, intent: Intent, kind: str | None) -> None:
    assert asked(read(question, intent), question) == kind


@pytest.mark.parametrize(
    "question",
    [
        "vad kostar den nya skolan?",
        "vad kostade den nya skolan?",
        "hur mycket pengar fick skolan?",
        "hur mycket betalade kommunen för skolan?",
    ],
)
def test_a_sum_asked_outright_asks_a_sentence_for_an_amount(question: str) -> None:
    # The sentence route does not demand "money" of every question naming it ("bidrag" in a
    # question about a penalty), but a cost or a sum, in either tense, is an amount.
    from protokoll.service.ask.passages import asked as sentence_asks

    assert sentence_asks(read(question), question) == "money"
    assert not holds_beyond("money", "År 2018 fick skolan uppdraget för barn 6–15 år.", question)
    assert holds_beyond("money", "Skolan fick ca 199 miljoner kronor.", question)


@pytest.mark.parametrize(
    "question",
    ["hur ska de ökade kostnaderna finansieras?", "Hur ville V finansiera fonden för konstnärer?"],
)
def test_where_money_comes_from_is_asked_of_a_sentence_naming_a_source(question: str) -> None:
    from protokoll.service.ask.passages import asked as sentence_asks

    assert sentence_asks(read(question), question) == "funding"
    assert asked(read(question), question) != "funding"  # not among the selector's kinds
    assert holds_beyond(
        "funding", "Kostnaderna ska hanteras inom befintliga anslagsramar.", question
    )
    assert holds_beyond("funding", "Fonden ska finansieras av transaktionsavgifter.", question)
    assert holds_beyond("funding", "Projektet betalas med läns-gemensamma medel.", question)
    assert not holds_beyond("funding", "Förslaget leder till vissa merkostnader.", question)
    assert not holds_beyond("funding", "Medelvärdet steg till 4,2 procent.", question)
    # A sum paid is asked as a sum, not as where it comes from.
    assert sentence_asks(read("hur mycket betalas ut?"), "hur mycket betalas ut?") == "money"


def test_a_loose_word_for_money_asks_a_sentence_for_no_amount() -> None:
    from protokoll.service.ask.passages import asked as sentence_asks

    question = "hur många fick EU-bidrag för sina skolor?"
    assert sentence_asks(read(question, Intent.HOW_MANY), question) == "number"


@pytest.mark.parametrize(
    "question",
    [
        "inom hur lång tid måste ett parlament invända?",
        "senast hur länge efter avgång ska de rapportera?",
        "hur lång var den genomsnittliga handläggningstiden 2018?",
        "hur långa är uppsägningstiderna?",
    ],
)
def test_a_duration_may_be_asked_after_a_word_before_it(question: str) -> None:
    assert asked(read(question, Intent.SEARCH), question) == "duration"


@pytest.mark.parametrize(
    "question",
    ["vilken miniminivå föreslår partiet?", "vilken styrränta beslutade direktionen?",
     "vilken andel av ärendena följdes upp?"],
)  # fmt: skip
def test_a_number_asked_by_its_noun_is_a_number(question: str) -> None:
    assert asked(read(question), question) == "number"


def test_a_count_of_none_answers_how_many() -> None:
    q = "hur många motioner lämnades in om propositionen?"
    assert holds_beyond("number", "Ingen motion har väckts med anledning av propositionen.", q)
    assert holds_beyond("number", "Inga motioner har väckts.", q)
    assert not holds_beyond("number", "Ingen ledamot reserverade sig.", q)
    # Also after a negation, as committee reports write it.
    assert holds_beyond("number", "Det har inte väckts någon motion med anledning av den.", q)
    assert not holds_beyond("number", "Den behandlas inte i någon större utsträckning.", q)
    # A page reference counts nothing.
    assert not holds_beyond("number", "Se propositionens avsnitt 5.2 (s. 34–36).", q)


def test_a_digit_inside_a_name_or_code_is_no_number() -> None:
    assert not holds("number", "Bolaget ska förvärva TV4 och C More.")
    assert holds("number", "Bolaget ska förvärva 4 kanaler.")


def test_a_sentence_without_the_kind_of_thing_asked_for_is_no_answer() -> None:
    assert holds("day", "Planen beslutades i mars 2023.") is False
    assert holds("day", "Planen beslutades den 28 mars 2023.") is True
    assert holds("number", "Räntan höjdes kraftigt.") is False
    assert holds("number", "Räntan höjdes till 4 procent.") is True
    assert holds("number", "Tolv ledamöter var närvarande.") is True
    assert holds("duration", "Projektet pågår i tre år.") is True
    assert holds("duration", "Projektet pågår länge.") is False
    assert holds(None, "Vad som helst.") is False


def test_amounts_places_and_organisations_are_recognised_in_any_text() -> None:
    assert holds("money", "Kostnaden beräknas till 2,4 miljoner kronor.")
    assert holds("money", "Anslaget uppgår till 350 mnkr.")
    assert holds("money", "Innehavet uppgår till knappt 340 mdr SEK.")
    assert not holds("money", "Kostnaden diskuterades länge.")
    assert holds("money", "Kostnaden beräknas till 20 öre per kilo koldioxid.")
    assert holds("money", "Banken lånade ut 10 miljarder dollar.")
    assert holds("place", "Mötet hölls i Kalmar.")
    assert holds("place", "Nämnden sammanträdde i stadsstyrelsens rum.")
    assert not holds("place", "Mötet hölls sent.")
    assert holds("organisation", "Ärendet bereddes av Socialnämnden.")
    assert not holds("organisation", "ärendet bereddes av gruppen i tid.")
    assert holds("organisation", "Ärendet prövades av IVO i mars.")
    # After a section sign an acronym is the law cited, not an organisation.
    assert not holds("organisation", "beslutet strider mot 4 kap. 10 § PSL och 9 §LSS.")


def test_a_place_or_organisation_asked_by_its_noun_is_named_in_the_sentence() -> None:
    """A name inside the sentence answers "vilket land", "vilken centralbank"; a person's name,
    a list's numbering or the capital that starts the sentence does not."""
    asked_for = "Vilken centralbank höjde styrräntan i september?"
    assert holds_beyond("organisation", "Därefter höjde Norges Bank räntan.", asked_for)
    assert not holds_beyond("place", "Sedan redogör Thomas Norling för ärendet.", "Vilket land?")
    assert not holds_beyond("place", "3) Utser en rekryteringsgrupp av chefer.", "Vilket rum?")
    assert holds_beyond("place", "Delegationen kom på besök från Ukraina i juni.", "Vilket land?")
    # The capital after a speaker's label or a colon starts what is said.
    assert not holds_beyond("place", "Anna Ek, JO: Som jag sa är frågan utredd.", "Vilket land?")
    # "skolan" is a school, not one by name.
    assert not holds_beyond("organisation", "Tillsynen visar att skolan brister.", "Vilken skola?")


def test_a_name_ending_as_the_asked_kind_does_answers_its_noun() -> None:
    """ "Vilken myndighet" is answered by "Skatteverket" though no "myndighet" is written, not by
    media companies' acronyms; "vilka myndigheter" and "vilken domstol" likewise."""
    assert head_noun("vilken myndighet ska ta in avgiften?") == "myndighet"
    assert names_of_kind("myndighet", "Skatteverket ansvarar för att ta in avgiften.")
    assert not names_of_kind("myndighet", "Vi finansierar SVT, SR och UR med avgiften.")
    assert names_of_kind("myndigheter", "Polismyndigheten och Säkerhetspolisen får åtkomst.")
    assert names_of_kind("domstol", "Beslutet har prövats av Kammarrätten i Stockholm.")
    assert not names_of_kind("land", "Skatteverket ansvarar för att ta in avgiften.")


def test_what_something_costs_is_answered_only_by_a_sentence_stating_a_cost() -> None:
    for question in ("Vad kostade det att trycka valsedlarna?",
                     "Hur mycket beräknas avdraget kosta staten per år?"):  # fmt: skip
        assert asks_cost(fold(question).lower()), question
    assert not asks_cost(fold("Hur mycket pengar fick myndigheten?").lower())
    assert not asks_cost(fold("Hur många år får man ha graven utan extra kostnad?").lower())
    assert not states_cost("Till 2018 års val trycktes totalt ca 673 miljoner valsedlar.")
    assert states_cost("Det tillkommer tillsynskostnader om ca 1 miljon kronor per år.")
    assert states_cost("Regeringen föreslår att 2 123 025 000 kronor anvisas inom anslaget.")


def test_a_time_of_year_without_a_date_answers_when() -> None:
    asked_for = "När väntades den första räntehöjningen?"
    assert holds_beyond("date", "Räntehöjningarna inleds först mot slutet av året.", asked_for)
    assert holds_beyond("date", "Köpen avslutas vid årsskiftet.", asked_for)
    later = "Räntehöjningarna inleds först när inflationen stiger."
    assert not holds_beyond("date", later, asked_for)


def test_a_share_or_change_in_words_is_a_number() -> None:
    asked_for = "Hur mycket väntas utgifterna minska?"
    assert holds_beyond("number", "Utgifterna väntas ungefär halveras genom förslaget.", asked_for)
    assert holds_beyond("number", "I mer än hälften av ärendena krävdes åtgärder.", asked_for)
    assert not holds_beyond("number", "Utgifterna väntas minska genom förslaget.", asked_for)


def test_held_lists_every_kind_in_order() -> None:
    flags = held("Den 3 mars 2024 beviljade nämnden 500 000 kronor.")
    assert len(flags) == 8 and flags[1] == 1.0 and flags[4] == 1.0


def test_years_dates_designations_and_item_numbers_are_not_counts() -> None:
    """Only a count answers "hur många": a sentence whose digits name a time or a document
    ("mandatperioden 2021-2023", "2019/20:KU24", "§ 12") is on the topic but holds none."""
    for text in (
        "Evelina Sundvik väljs till vice ordförande för mandatperioden 2021-2023.",
        "Betänkande 2019/20:KU24 Sekretess till skydd för enskilda.",
        "Mötet hölls 20.2.2023 kl. 18.00, § 12.",
        "Protokollet justerades 2023-01-30 under punkt 9.",
        "21 § Motionsrådgivare; fastställande av lön",  # items numbered as in Finland
        "11-19.6 hölls gruppträffen för ungdomar i staden.",  # days of a month
        "Rapporten överlämnades till riksdagen den 5 februari 2019.",
        "Lägret hölls 11–19 juni och avslutades den 20:e juni.",
        "Beslutet (bet. 2017/18:CU29, rskr. 2017/18:373–374) gäller resegarantin.",
        "18.Riksdagen antar regeringens förslag till lag om ändring i domstolsdatalagen.",
        "3) Nämnden godkänner förslaget till avtal.",  # a list's numbering
    ):
        assert not holds("number", text), text
    for text in ("Det nyregistrerades 8 979 ärenden 2018.", "Två ledamöter reserverade sig.",
                 "Arbetslösheten var 8,2 procent i juli 2024.",
                 "Den 5 februari hade 12 föremål försvunnit.",
                 "Betänkande 2019/20:KU24 – 5 reservationer.",
                 "Enligt 12 § fick 14 ledamöter arvode."):  # fmt: skip
        assert holds("number", text), text


def test_law_and_report_designations_are_neither_dates_nor_counts() -> None:
    """A year inside a designation (SFS 2016:27, prop. 2018/19:1, förordning (EU) 2016/161)
    names a document, so a sentence holding only that does not say "när" or "hur många"; a
    real date or year beside it still does."""
    for text in (
        "Riksdagen antar regeringens förslag till lag om ändring i utlänningsdatalagen (2016:27).",
        "I partimotion 2018/19:2255 anser Jan Björklund m.fl. (L) att krav ska införas.",
        "Uppdraget gavs genom dir. 2018:101 och RiR 2019:5 granskade det.",
        "Förordning (EU) 2016/161 kompletterar direktiv 2001/83/EG.",
        # An EU act is named with the day it was adopted, in four- and two-digit years.
        "Lagen anpassas till förordning (EU) 2016/161 av den 2 oktober 2015 om säkerhetsdetaljer.",
        "Reglerna genomför direktiv 96/67/EG av den 15 oktober 1996 om marktjänster.",
        # A committee's statement to another ("yttrande") ends in a y.
        "Skatteutskottet har yttrat sig över propositionen (2018/19:SkU3y).",
    ):
        assert not holds("date", text), text
        assert not holds("number", text), text
    for text in ("Lagen (2016:27) ändras den 1 december 2018.", "Reglerna gäller sedan 1996.",
                 "Under 2020: 15 möten hölls.",
                 "Förordning (EU) 2016/161 av den 2 oktober 2015 gäller från 2019."):  # fmt: skip
        assert holds("date", text), text


def test_a_sentence_that_only_repeats_what_the_question_names_does_not_hold_the_answer() -> None:
    """The asked-for thing must be there beyond the question's own names, dates and numbers."""
    q = "Vilken direktionsledamot stödde inte Martin Flodén?"
    assert holds_beyond("person", "Martin Flodén stöder förslaget.", q) is False
    assert holds_beyond("person", "Anna Breman och Martin Flodén reserverade sig.", q) is True
    q = "Vem ersatte Karin Torstensson?"
    assert holds_beyond("person", "Karin Jilkén ersätter Karin Torstensson.", q) is True
    q = "När offentliggjordes beslutet från mötet den 19 augusti 2024?"
    assert holds_beyond("date", "Mötet den 19 augusti 2024 sänkte räntan.", q) is False
    assert holds_beyond("date", "Beslutet offentliggörs den 20 augusti 2024.", q) is True
    q = "Var hölls mötet i Nykarleby?"
    assert holds_beyond("place", "Mötet hölls i Nykarleby.", q) is False
    assert holds_beyond("place", "Mötet hölls i stadshuset i Nykarleby.", q) is True
    q = "Hur många reservationer innehåller betänkande 2018/19:SoU18?"
    assert holds_beyond("number", "Betänkande 2018/19:SoU18 innehåller reservationer.", q) is False
    assert holds_beyond("number", "Betänkandet innehåller 14 reservationer.", q) is True


def test_a_count_question_is_not_answered_by_an_amount_of_money() -> None:
    """ "Hur många reservationer …" is not answered by "5 miljoner kronor", and a fact counting
    reservations goes before one counting something else."""
    from protokoll.service.ask.answerers.numbers import counts_what

    assert counts_what("5", "miljoner kronor", "reservationer") is None
    assert counts_what("14", "reservationer", "reservationer") == 1.0
    assert counts_what("300", "personer", "reservationer") == 0.0
    assert counts_what("5", "miljoner kronor", "miljoner") == 1.0  # counts money itself
    assert counts_what("57", "miljoner kronor", None) == 0.0
    # A compound counts what its last part counts.
    assert counts_what("64", "hyreslägenheter", "lägenheter") == 1.0
    assert counts_what("49 000", "arbetsmarknadsärenden", "arbetstillstånd") is None


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("vilken domstol provade beslutet?", "domstol"),
        ("till vilket datum flyttades motet?", "datum"),
        ("vilket annat land tog man som forebild?", "land"),
        # A person is named without the title as often as with it ("Per Jansson var
        # frånvarande" answers "vilken direktionsledamot saknades").
        ("vilken generaldirektor informerade utskottet?", "generaldirektor"),
        ("vilken direktionsledamot saknades pa motet?", "direktionsledamot"),
        ("vilka krav stalls pa den som soker?", None),
        ("vad beslutade namnden?", None),
    ],
)
def test_the_noun_a_which_question_asks_by_is_read_for_dates_places_organisations_and_people(
    question: str, noun: str | None
) -> None:
    assert head_noun(question) == noun


def test_a_place_the_question_names_with_another_preposition_is_not_the_answer() -> None:
    """ "Hos Riksbanken" in the question names the place that "på Riksbanken" names in the text:
    the sentence holds no other place, so it does not say which country visited."""
    q = "Vilket lands centralbank var på besök hos Riksbanken i juni?"
    assert not holds_beyond("place", "Kollegorna var på besök här på Riksbanken.", q)
    assert holds_beyond("place", "Kollegorna från Ukrainas centralbank kom på besök.", q)
    # A name is the question's only where a word of the question starts with it ("Bremans").
    q = "Vad sa Anna Bremans kollega om räntan?"
    assert not holds_beyond("person", "Anna Breman talade om räntan.", q)


def test_an_acronym_inside_a_designation_is_no_organisation() -> None:
    """ "EG" ends the designation "2011/83/EG"; it is neither an organisation in the sentence nor
    one the question names because "reglerna" happens to hold the letters."""
    q = "Vilken myndighet ska ha tillsyn över EU-reglerna om märkning?"
    assert not holds_beyond("organisation", "Läkemedel ska märkas enligt direktiv 2011/83/EG.", q)
    assert holds_beyond("organisation", "Tillsynen ska utövas av Läkemedelsverket.", q)
    assert not holds("organisation", "Läkemedel ska märkas enligt direktiv 2011/83/EG.")
    assert holds("organisation", "Statistiken kommer från SCB.")


def test_a_measure_in_another_unit_is_no_count_of_what_the_question_counts() -> None:
    q = "Hur många komplementbostadshus har byggts hittills?"
    assert not holds_beyond("number", "Arean utökas från 25 till 30 kvadratmeter.", q)
    assert not holds_beyond("number", "En utökning med fem kvadratmeter ger 27 kvadratmeter.", q)
    assert holds_beyond("number", "Hittills har 1 200 komplementbostadshus byggts.", q)
    # An adjective between the number and its unit leaves it a measure.
    minutes = "hur många minuter efter avgång skickas uppgifterna?"
    assert not holds_beyond("number", "Resor som är längre än 20 nautiska mil.", minutes)
    assert holds_beyond("number", "Uppgifterna överförs senast 15 minuter efter avgång.", minutes)
    # A duration in the definite plural is a measure too ("de senaste fyra åren").
    people = "hur många personer svarar på enkäten varje år?"
    assert not holds_beyond("number", "De senaste fyra åren har svaren ökat tydligt.", people)
    assert holds_beyond("number", "Varje år svarar runt 12 000 utvalda personer.", people)
    assert holds_beyond("number", "Under de senaste fyra åren.", "Hur många år har det gått?")
    # A scale counts things too, and a unit the question counts by is its count.
    assert holds_beyond("number", "Det trycktes ca 673 miljoner valsedlar.", "Hur många valsedlar?")
    assert holds_beyond("number", "Räntan höjdes 0,5 procent.", "Hur många procent höjdes räntan?")


def test_the_numbers_of_a_motions_claims_or_a_documents_parts_are_not_counts() -> None:
    assert not holds("number", "Utskottet prövar motion 2019/20:3423 (M) yrkande 1 om arean.")
    assert not holds("number", "Riksdagen avslår motion 2019/20:2736 yrkandena 1 och 4.")
    assert not holds("number", "Det följer av artikel 6.1 och bilaga 2.")
    assert not holds("number", "Det är köp av sexuell handling av barn (6 kap. 9 § brottsbalken).")
    assert not holds("number", "Förslaget medför ändringar i 2–4 §§ lagen om särskild premieskatt.")
    assert not holds("number", "Inkludera KI i klimatrapporteringsförordningen (2014:1434).")
    assert holds("number", "Bilaga 2 redovisar 14 fall.")
    # Nor a day: "avsnitt 12.8" is no 12 August, though "12.8.2022" is.
    question = "Från vilket datum ska avdraget gälla?"
    assert not holds_beyond("day", "Se budgetpropositionen, avsnitt 12.8.", question)
    assert holds_beyond("day", "Avdraget gäller från 12.8.2022.", question)


def test_a_count_of_a_compound_is_stated_in_its_head_unit() -> None:
    """ "Hur många föräldradagar" is answered by "96 dagar": the unit is what is counted."""
    q = "hur många föräldradagar får man spara till efter barnets fyraårsdag?"
    assert holds_beyond("number", "Högst 96 dagar får sparas till efter fyraårsdagen.", q)
    assert not holds_beyond("number", "Avgiften är 450 kronor per månad.", q)


def test_what_a_count_counts_is_the_noun_after_a_word_like_nya() -> None:
    from protokoll.service.ask.kinds import COUNTED

    assert COUNTED.search("hur manga nya utbildningsplatser beslutades").group(1) == (
        "utbildningsplatser"
    )
    assert COUNTED.search("hur manga anstallda finns").group(1) == "anstallda"


def test_figures_are_what_a_text_states_not_dates_designations_or_parts() -> None:
    assert figures("När höjde Riksbanken styrräntan till 5 procent?") == {"5"}
    assert figures("räntan höjdes från 0,75 till 1,75 procent") == {"0,75", "1,75"}
    assert figures("totalt 1 000 miljoner kronor") == {"1000"}
    assert figures("enligt FiU18 för utgiftsområde 14 år 2019, bet. 2018/19:SoU14, § 12") == set()


def test_how_long_a_thing_is_is_no_duration() -> None:
    question = "hur lång är den nya bron över älven?"
    assert asked(read(question), question) != "duration"


def test_a_sentence_opening_with_a_name_the_document_uses_holds_that_name() -> None:
    from protokoll.service.ask.kinds import opens_with_name, proper_words

    text = (
        "Registret förs av Esma. Uppgifterna lämnas till Kriminalvården, som bedömer dem. "
        "Enligt Anna Lind ska det ändras."
    )
    names = proper_words(text)
    assert {"Esma", "Kriminalvården"} <= names and "Registret" not in names
    q = "Vilken EU-myndighet för registret?"
    assert opens_with_name("Esma har en skyldighet att föra ett offentligt register.", names, q)
    # Not a word every sentence may start with, nor a name the question gives, nor a person.
    assert not opens_with_name("Registret ska vara offentligt.", names, q)
    assert not opens_with_name("Esma har ett register.", names, "Vad gör Esma med registret?")
    assert not opens_with_name("Anna Lind föreslog det.", proper_words(text), q)


def test_a_question_for_a_country_is_answered_only_by_a_sentence_naming_another() -> None:
    from protokoll.service.ask.kinds import asks_country, head_noun, names_country

    assert asks_country(head_noun("efter vilka landers val minskade osakerheten"))
    assert asks_country(head_noun("vilket land namns ha valsedlar utan partinamn"))
    assert not asks_country(head_noun("vilken ort holls motet i"))
    question = "Vilket land var näst största mottagare efter Brasilien?"
    assert names_country("Därefter följde Pakistan och Thailand.", question)
    assert names_country("Storbritanniens utträde minskar inkomsterna.", "Vilket lands utträde?")
    assert not names_country("Först kom Brasilien.", question)
    assert not names_country("Valmyndigheten anser att en översyn behövs.", question)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Vem anmälde jäv när bygglovet för Kvarnen 7 behandlades?", set()),
        ("När höjde Riksbanken styrräntan till 5 procent?", {"5"}),
        ("Vilka 3 förslag lämnades om Hagalund 3:12?", {"3"}),
    ],
)
def test_a_place_named_by_its_designation_is_no_figure_the_question_asks_about(
    question: str, expected: set[str]
) -> None:
    assert asked_figures(question) == expected


def test_a_school_year_or_a_case_number_is_no_count() -> None:
    question = "Hur många skrev under namninsamlingen mot att skolan läggs ned?"
    for sentence in (
        "Förvaltningen föreslår att skolan läggs ned från och med läsåret 2024/25.",
        "Ärendet har diarienummer KS 2023/530 och bereds av förvaltningen.",
    ):
        assert not holds_beyond("number", sentence, question), sentence
        assert figures(sentence) == set()
    assert holds_beyond("number", "Läsåret 2023/24 har skolan 31 elever.", question)


def test_a_count_of_voters_is_stated_by_a_vote_not_by_another_count() -> None:
    assert states_vote("Med 16 ja-röster mot 13 nej-röster, 2 avstår, bifalls förslaget.")
    assert states_vote("Omröstningen utföll 7–4.")
    assert not states_vote("Solceller finns redan på sex kommunala byggnader.")


@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("hur stor blev byggsanktionsavgiften för vindslägenheterna?", True),
        ("hur stort underskott har nämnden i prognosen?", True),
        ("hur hög hyra godtas för en ensamstående?", True),
        ("Vad kommer hyran att bli för lägenheterna i kvarteret?", True),
        ("Vad blir taxan för en villa nästa år?", True),
        ("hur mycket ersättning får kunderna för avbrottet", True),
        ("Vad blir konsekvenserna för hyresgästerna?", False),
        ("hur mycket regn föll under ovädret?", False),
        ("hur stor andel av eleverna fick betyg?", False),
        ("hur stora blev vattenförlusterna?", False),
    ],
)
def test_the_size_of_a_thing_that_is_money_asks_a_sum(question: str, money: bool) -> None:
    from protokoll.service.ask.amounts import measures_money

    assert bool(measures_money(fold(question))) is money
    # A fee may be a rate; a rent may not.
    assert measures_money(fold("hur hög är kyrkoavgiften?")) == "charge"
    assert measures_money(fold("Vad kommer hyran att bli?")) == "money"


def test_a_charge_is_a_sum_or_a_rate_but_no_count() -> None:
    # "Hur hög är kyrkoavgiften?" is answered by a rate as well as by a sum.
    assert holds("charge", "Den genomsnittliga kyrkoavgiften är 1,03 procent.")
    assert holds("charge", "Avgiften blir 54 801 kronor.")
    assert not holds("charge", "Vinden byggdes om till 3 nya lägenheter.")


@pytest.mark.parametrize(
    ("question", "amount"),
    [
        ("Vad tar kommunen betalt för ett planbesked?", True),
        ("Hur mycket får utförarna betalt per timme?", True),
        # A yes-or-no question about charging asks no sum.
        ("Får kommunen ta betalt för bostaden i trygghetsboendet?", False),
        # "Hur ska …" asks how.
        ("Hur ska Finansinspektionen få betalt för det extra arbetet?", False),
    ],
)
def test_being_paid_asks_a_sum_only_in_a_question_opening_with_vad_or_hur(
    question: str, amount: bool
) -> None:
    from protokoll.service.ask.vocabulary import AMOUNT_ASKED

    assert bool(AMOUNT_ASKED.search(fold(question))) is amount


def test_a_facility_named_after_the_place_asked_about_is_another_place() -> None:
    # "Åsbacka skola" answers where in Åsbacka; "i Åsbacka" alone only repeats the question.
    question = "Var kunde man hämta vatten när det var kokningsrekommendation i Åsbacka?"
    assert holds_beyond("place", "Vatten delades ut vid Åsbacka skola.", question)
    assert not holds_beyond("place", "Vatten delades ut i Åsbacka.", question)


@pytest.mark.parametrize(
    ("question", "ahead"),
    [
        ("Till när måste verkstaden ha redovisat åtgärderna?", True),
        ("När ska planen vara klar?", True),
        # "när" with the present tense asks ahead; with "har", what is done.
        ("När öppnar badhuset igen efter ombyggnaden?", True),
        ("När blir beslutet klart?", True),
        ("När har nämnden beslutat om taxan?", False),
        ("När infördes avgiften?", False),
        # "Sedan när" asks when something began.
        ("Sedan när måste tjejer mönstra?", False),
    ],
)
def test_a_deadline_asks_a_date_ahead_but_sedan_nar_asks_a_beginning(
    question: str, ahead: bool
) -> None:
    from protokoll.service.ask.vocabulary import AHEAD_ASKED, SINCE_ASKED

    q = fold(question)
    assert bool(AHEAD_ASKED.search(q) and not SINCE_ASKED.search(q)) is ahead


@pytest.mark.parametrize(
    ("question", "change"),
    [
        ("Hur mycket dyrare blir sophämtningen för en villa?", True),
        ("hur mycket hojs avgiften", True),
        ("Hur mycket kostar sophämtningen för en villa?", False),
    ],
)
def test_a_comparison_asks_the_size_of_a_change(question: str, change: bool) -> None:
    from protokoll.service.ask.amounts import asks_change

    assert asks_change(fold(question.lower())) is change


def test_the_amount_of_a_change_follows_med_not_till() -> None:
    from protokoll.service.ask.amounts import states_change

    assert states_change("det vill säga med ")
    assert states_change("ökar med cirka ")
    assert not states_change("ökar från 8 240 kronor till ")
    assert not states_change("")


def test_a_company_asked_for_is_named_by_its_form() -> None:
    assert asks_company("byggforetag") and asks_company("bussbolag")
    assert not asks_company("myndighet") and not asks_company(None)
    assert names_company("Byggnads AB Forsberg & Söner lämnade det lägsta anbudet.")
    assert not names_company("Barn- och utbildningsnämnden har begärt en ny förskola.")


def test_a_question_opening_with_what_something_costs_asks_a_sum() -> None:
    from datetime import date

    from protokoll.service.ask.passages import asked
    from protokoll.service.understanding import understand

    for question, money in (
        ("Vad beräknas förskolan kosta att bygga?", True),
        ("Vad skulle det kosta att riva hallen och bygga en ny?", True),
        # the cost is what a clause names, not what is asked
        ("Vad invände banken mot kalkylerna över vad det kostar?", False),
    ):
        u = understand(question, date(2025, 1, 1), [])
        assert (asked(u, question) == "money") is money, question


def test_a_sum_per_period_does_not_answer_what_a_thing_costs_once() -> None:
    from protokoll.service.ask.amounts import period_fit, periods

    assert periods("Hyran blir 1,2 mnkr per år.") == {"year"}
    assert periods("den årliga kostnaden") == {"year"}
    assert periods("450 kronor i månaden") == {"month"}
    assert periods("ett farligt ämne") == frozenset()  # "årlig" only at a word's start
    sentences = ["Investeringen beräknas till 71 mnkr.", "Lokalkostnaderna ökar med 4 mnkr per år."]
    same_item = [("p", "§ 31"), ("p", "§ 31")]
    assert period_fit("vad kostar nya forskolan", sentences, [True, True], same_item) == [
        True,
        False,
    ]
    # A sum once in another item does not rule out the running cost of this one.
    other_items = [("p", "§ 12"), ("p", "§ 31")]
    assert period_fit("vad kostar frukosten", sentences, [True, True], other_items) == [True, True]
    # A rent is paid by the period; a question naming a period wants that one.
    assert period_fit("vad kostar det att hyra lokalen", sentences, [True, True], same_item) == [
        True,
        True,
    ]
    monthly = ["Larmet kostar 1,4 mnkr per år.", "Avgiften är 250 kronor i månaden."]
    assert period_fit("vad kostar larmet i manaden", monthly, [True, True], same_item) == [
        False,
        True,
    ]


def test_a_cost_question_may_name_its_thing_in_many_words() -> None:
    from protokoll.service.ask.amounts import asks_cost_first

    assert asks_cost_first("vad beraknas den nya skolan i vasterby kosta")
    assert not asks_cost_first("vad invande banken mot kalkylerna over vad det kostar")


def test_a_place_being_left_is_told_from_the_place_of_what_is_new() -> None:
    from protokoll.service.ask.kinds import holds_beyond
    from protokoll.service.ask.places import states_leaving, without_leaving

    closing = "När den nya förskolan öppnar avvecklas Lindens förskola, Kyrkogatan 3."
    assert states_leaving(closing)
    assert not states_leaving("Verksamheten flyttar från Storgatan 2 till Järnvägsgatan 7.")
    both = "Skolan byggs vid Ängsvägen, och den gamla skolbyggnaden rivs när den nya är klar."
    assert states_leaving(both)
    assert holds_beyond("place", without_leaving(both), "Var ska skolan byggas?")


def test_capitalised_words_before_a_company_mark_are_no_person() -> None:
    from protokoll.service.ask.kinds import holds_beyond

    assert not holds_beyond("person", "Nordbygg Fastigheter AB vill köpa mark.", "Vem var jävig?")
    assert holds_beyond("person", "Per Lind (C) anmäler jäv.", "Vem var jävig?")


def test_the_outcome_of_a_motion_is_told_from_what_it_proposed() -> None:
    from protokoll.service.ask.proposals import states_fate

    assert states_fate("Nämnden föreslår kommunfullmäktige att motionen ska anses besvarad.")
    assert states_fate("1. Nämnden föreslår regionfullmäktige att avslå motionen.")
    assert not states_fate("Omar Said (V) föreslår i en motion att alla elever ska få frukost.")
    assert not states_fate("Omar Said (V) yrkar bifall till motionen.")  # a yrkande


def test_the_old_one_s_place_does_not_say_where_the_new_one_will_be() -> None:
    from protokoll.service.ask.places import may_answer_where

    current = "Den nuvarande brandstationen i Åsby på Stationsgatan 3 är byggd 1962."
    new = "Direktionen förordar en ny brandstation i industriområdet Norra Tången i Åsby."
    assert may_answer_where("Var ska nya brandstationen byggas?", [current, new]) == [False, True]
    assert may_answer_where("Var ligger den nuvarande brandstationen?", [current]) == [True]


def test_a_property_designation_is_neither_a_count_nor_a_sum() -> None:
    from protokoll.service.ask.kinds import holds_beyond

    order = "Nämnden förelägger ägaren till fastigheten Ryssmyra 3:12 att upphöra med utsläppen."
    fine = "Föreläggandet förenas med ett vite om 15 000 kronor."
    question = "Hur stort vite blev det för ägaren i Ryssmyra?"
    assert not holds_beyond("number", order, question)
    assert holds_beyond("number", fine, question)
    assert not holds_beyond(
        "number", "Bygglov för garage på Granhammar 1:7.", "Hur stor är avgiften?"
    )


def test_a_person_the_question_names_by_surname_does_not_answer_who() -> None:
    from protokoll.service.ask.kinds import holds_beyond

    leaving = "Roger Lindholm (SD) har avsagt sig uppdraget i trafiksäkerhetsrådet."
    chosen = "Patrik Berglöf (SD) väljs till representant i trafiksäkerhetsrådet."
    question = "vem tar över SD:s plats i trafiksäkerhetsrådet när Lindholm hoppar av"
    assert not holds_beyond("person", leaving, question)
    assert holds_beyond("person", chosen, question)


def test_the_rest_of_something_refers_back_to_the_sentence_before() -> None:
    from protokoll.service.ask.vocabulary import refers_back

    assert refers_back("Resterande del finansieras med lån.")
    assert refers_back("Övriga ledamöter röstar ja.")
    assert not refers_back("Förbundet har beviljats bidrag om 5,2 mnkr.")
