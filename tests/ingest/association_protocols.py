# ruff: noqa: E501  (a protocol's paragraphs are one line each, as they are written)
"""Minutes of kinds the corpus lacks: an association's (a housing co-operative's board, a sports
club's annual meeting), a municipal housing company's board, a municipal council with its
elections, votes and reservations, and a working group's notes in Markdown. One line of those present with their posts in brackets, "§ 1
Mötets öppnande", the meeting electing its chair and board ("Till föreningens ordförande omvaldes
…"). Written for the tests; the names, the club, the co-operative, the company and the
municipality are made up."""

BOARD_MEETING = """Protokoll fört vid styrelsemöte i Brf Lönnen 12

Datum: 2024-02-13, kl. 19.00–21.10
Plats: Föreningslokalen, Lönngatan 12, Västerås

Närvarande: Karin Öst (ordförande), Mattias Lund (kassör), Sofia Berg (sekreterare), Ahmed Karimi (ledamot), Lisa Ström (suppleant)
Frånvarande: Per Holm (ledamot)
Adjungerad: Eva Nyqvist, förvaltare från Fastum Förvaltning AB (§ 1–6)

§ 1 Mötets öppnande
Ordföranden Karin Öst hälsade alla välkomna och förklarade mötet öppnat.

§ 2 Val av justerare
Till justerare valdes Ahmed Karimi.

§ 3 Godkännande av dagordning
Dagordningen godkändes med tillägg av en punkt om cykelrummet under övriga frågor.

§ 4 Föregående protokoll
Protokollet från 2024-01-16 gicks igenom och lades till handlingarna.

§ 5 Ekonomi
Kassören redogjorde för ekonomin. Likviditeten uppgår till 1 245 000 kr. Föreningen har lån om totalt 18,4 miljoner kronor hos Swedbank, varav ett lån på 4,2 miljoner kronor ska villkorsändras den 30 april 2024.
Styrelsen beslutade
att binda om lånet på 4,2 miljoner kronor på tre år,
att uppdra åt kassören att begära offerter från minst två banker.

§ 6 Stambyte
Eva Nyqvist informerade om upphandlingen av stambytet. Tre anbud har kommit in. Det lägsta anbudet, från Rörbolaget i Mälardalen AB, uppgår till 14,6 miljoner kronor. Stambytet planeras starta i september 2024 och pågå i cirka åtta månader. Under arbetet får de boende tillgång till en duschvagn på gården.
Styrelsen beslutade att föreslå en extra föreningsstämma att godkänna stambytet.

§ 7 Årsavgifter
Räntekostnaderna har ökat med 310 000 kronor jämfört med förra året.
Styrelsen beslutade att höja årsavgiften med 8 procent från och med den 1 april 2024.

§ 8 Övriga frågor
a) Cykelrummet: Lisa Ström tar fram ett förslag till städdag för cykelrummet i maj.
b) Per Holm har meddelat att han avgår ur styrelsen av personliga skäl. Suppleanten Lisa Ström går in som ordinarie ledamot fram till ordinarie stämma.

§ 9 Nästa möte
Nästa styrelsemöte hålls den 12 mars 2024 kl. 19.00 i föreningslokalen.

§ 10 Mötets avslutande
Ordföranden tackade för visat intresse och avslutade mötet.

Vid protokollet
Sofia Berg, sekreterare

Justeras
Karin Öst, ordförande
Ahmed Karimi, justerare
"""

ANNUAL_MEETING = """PROTOKOLL
Årsmöte i Hällby IF

Datum: söndagen den 3 mars 2024, kl. 15.00
Plats: Klubbstugan, Hällby idrottsplats
Närvarande: 27 röstberättigade medlemmar enligt bilagd närvarolista

§ 1 Årsmötets öppnande
Föreningens ordförande Birgitta Sundin hälsade de närvarande välkomna och förklarade årsmötet öppnat.

§ 2 Fastställande av röstlängd
Röstlängden fastställdes till 27 röstberättigade medlemmar.

§ 3 Val av ordförande och sekreterare för mötet
Årsmötet valde Lars Eklund till mötesordförande och Maria Ek till mötessekreterare.

§ 4 Val av protokolljusterare och rösträknare
Till justerare tillika rösträknare valdes Kent Olsson och Nadia Hamid.

§ 5 Fråga om mötet har utlysts på rätt sätt
Kallelsen skickades till medlemmarna den 1 februari och publicerades på föreningens webbplats. Årsmötet förklarades behörigen utlyst.

§ 6 Verksamhetsberättelse
Styrelsens verksamhetsberättelse för 2023 föredrogs. Föreningen hade vid årets slut 412 medlemmar, varav 268 aktiva barn och ungdomar. Under sportlovet i februari deltog 85 barn i föreningens lovaktiviteter. Årsmötet lade verksamhetsberättelsen till handlingarna.

§ 7 Ekonomisk berättelse
Kassören Gunnar Blom redovisade resultat- och balansräkningen. Årets resultat blev ett överskott på 86 400 kronor, som förs över i ny räkning.

§ 8 Revisionsberättelse
Revisorn Eva Lind läste upp revisionsberättelsen, som tillstyrkte ansvarsfrihet för styrelsen.

§ 9 Ansvarsfrihet
Årsmötet beviljade styrelsen ansvarsfrihet för verksamhetsåret 2023.

§ 10 Medlemsavgifter
Årsmötet beslutade att medlemsavgiften för 2025 ska vara 300 kronor för vuxna och 150 kronor för barn och ungdomar under 18 år.

§ 11 Verksamhetsplan och budget
Styrelsens förslag till verksamhetsplan och budget för 2024 godkändes. Budgeten omfattar 1,2 miljoner kronor, varav 450 000 kronor är kommunalt aktivitetsstöd.

§ 12 Val av ordförande
Till föreningens ordförande för ett år omvaldes Birgitta Sundin.

§ 13 Val av styrelseledamöter
Till styrelseledamöter för två år valdes Gunnar Blom (omval) och Sara Persson (nyval). Sara Persson ersätter Tomas Ek, som har avböjt omval.

§ 14 Val av revisorer
Till revisor för ett år valdes Eva Lind med Olof Berg som ersättare.

§ 15 Val av valberedning
Till valberedning valdes Kent Olsson (sammankallande) och Helena Roos.

§ 16 Motioner
En motion från Kent Olsson om en konstgräsplan hade kommit in. Styrelsen föreslog att motionen skulle anses besvarad eftersom kommunen utreder en ny plan vid Hällby skola. Årsmötet beslutade enligt styrelsens förslag.

§ 17 Årsmötets avslutande
Mötesordföranden tackade för förtroendet och förklarade årsmötet avslutat.

Vid protokollet
Maria Ek

Justeras
Kent Olsson          Nadia Hamid
"""

COMPANY_BOARD = """Protokoll fört vid styrelsesammanträde i Sjöviks Bostäder AB (org.nr 556123-4567)

Tid: Torsdagen den 16 maj 2024 kl. 13.00–15.30
Plats: Bolagets kontor, Storgatan 5, Sjövik

Närvarande ledamöter:
Anders Nyberg, ordförande
Eva Lindgren, vice ordförande
Hassan Ali
Maria Svensson

Närvarande suppleanter:
Kjell Ek

Övriga närvarande:
Linda Holm, VD
Peter Strand, ekonomichef
Jenny Ås, sekreterare

§ 1 Sammanträdets öppnande
Ordföranden öppnade sammanträdet.

§ 2 Val av justeringsperson
Eva Lindgren utsågs att jämte ordföranden justera dagens protokoll.

§ 3 Godkännande av dagordning
Dagordningen godkändes.

§ 4 VD-rapport
VD Linda Holm redogjorde för verksamheten. Uthyrningsgraden var 98,7 procent i april. Kön till bolagets lägenheter omfattar 4 200 personer.

§ 5 Delårsrapport januari–mars 2024
Ekonomichefen Peter Strand föredrog delårsrapporten. Resultatet efter finansiella poster uppgick till 6,3 miljoner kronor, vilket är 1,1 miljoner kronor bättre än budget. Förbättringen beror främst på lägre kostnader för snöröjning.
Styrelsen beslutade
att godkänna delårsrapporten för perioden januari–mars 2024.

§ 6 Nyproduktion kv. Tranan
Linda Holm informerade om projektet med 64 hyreslägenheter i kv. Tranan. Byggstarten har skjutits upp till hösten 2024 på grund av ett överklagat bygglov. Total produktionskostnad beräknas till 182 miljoner kronor.
Styrelsen beslutade
att uppdra åt VD att teckna totalentreprenadavtal med Bygg AB Norrsken till ett pris om högst 168 miljoner kronor, under förutsättning att bygglovet vinner laga kraft.

§ 7 Hyresförhandlingar 2025
Förhandlingarna med Hyresgästföreningen om 2025 års hyror inleds i oktober. Bolaget yrkar på en höjning med 5,5 procent.
Informationen noterades.

§ 8 Övrigt
Maria Svensson frågade om bolagets arbete med energieffektivisering. VD svarade att en energiplan presenteras vid nästa sammanträde.

§ 9 Nästa sammanträde
Nästa sammanträde äger rum den 19 september 2024.

Vid protokollet
Jenny Ås

Justeras
Anders Nyberg	Eva Lindgren
"""

COUNCIL = """PROTOKOLL
Kommunfullmäktige
Lindbergs kommun

Sammanträdesdatum: 2024-06-17
Plats och tid: Stadshuset, fullmäktigesalen, kl. 18.00–21.40

Beslutande
Ingrid Sandström (S), ordförande
Johan Berglund (M), förste vice ordförande
Amira Hassan (C), andre vice ordförande
samt 46 ledamöter enligt bilagd närvarolista

Utses att justera: Peter Lundin (L) och Fatima Ali (S)

§ 71 Avsägelse från Karl Nyström (SD) som ledamot i socialnämnden
Karl Nyström (SD) har i skrivelse den 3 juni 2024 avsagt sig uppdraget som ledamot i socialnämnden.
Kommunfullmäktiges beslut
Kommunfullmäktige beviljar avsägelsen.

§ 72 Fyllnadsval av ledamot i socialnämnden efter Karl Nyström (SD)
Kommunfullmäktiges beslut
Till ny ledamot i socialnämnden för tiden till och med 2026-12-31 väljs Lena Hult (SD).

§ 73 Budget 2025 och flerårsplan 2026–2027
Kommunstyrelsen har lämnat förslag till budget för 2025. Skattesatsen föreslås vara oförändrad, 21,84 kronor. Nettoinvesteringarna beräknas till 412 miljoner kronor.
Yrkanden
Ingrid Sandström (S) yrkar bifall till kommunstyrelsens förslag.
Johan Berglund (M) yrkar bifall till Moderaternas budgetförslag.
Propositionsordning
Ordföranden ställer förslagen mot varandra och finner att kommunfullmäktige beslutar enligt kommunstyrelsens förslag. Votering begärs.
Omröstning
Den som vill bifalla kommunstyrelsens förslag röstar ja, den som vill bifalla Moderaternas förslag röstar nej. Omröstningen utfaller med 28 ja-röster mot 21 nej-röster; 2 ledamöter avstår.
Kommunfullmäktiges beslut
Kommunfullmäktige fastställer budget 2025 och flerårsplan 2026–2027 enligt kommunstyrelsens förslag.
Reservation
Moderaternas ledamöter reserverar sig mot beslutet till förmån för eget förslag.

§ 74 Svar på motion om solceller på kommunens fastigheter
Amira Hassan (C) föreslår i en motion att kommunen ska installera solceller på alla lämpliga tak till 2027. Kommunstyrelsen anför att en solcellsstrategi redan är under arbete.
Kommunfullmäktiges beslut
Motionen anses besvarad.

§ 75 Interpellation om skolskjutsar
Peter Lundin (L) har ställt en interpellation till barn- och utbildningsnämndens ordförande om väntetider för skolskjutsar på landsbygden. Nämndens ordförande Maria Ek (S) besvarar interpellationen och redovisar att 14 elever har haft mer än 45 minuters väntetid.
Kommunfullmäktiges beslut
Interpellationen anses besvarad.

§ 76 Medborgarförslag om hundrastgård i Norrby
Ett medborgarförslag om en hundrastgård i Norrby har kommit in.
Kommunfullmäktiges beslut
Medborgarförslaget överlämnas till tekniska nämnden för beslut.
"""

WORKING_GROUP_NOTES = """# Minnesanteckningar – Samverkansgruppen för trygghet i Västerby

**Datum:** 10 september 2024, kl. 09.00–11.00
**Plats:** Polishuset i Västerby, konferensrum Linden

**Deltagare:**
- Åsa Lindqvist, trygghetssamordnare, Västerby kommun (sammankallande)
- Mikael Berg, kommunpolis, Polisen
- Sara Öhman, områdeschef, Västerbybostäder
- Jonas Ekdahl, rektor, Norrskolan
- Leila Haddad, fältsekreterare, Västerby kommun

**Förhinder:** Per Strömberg, räddningstjänsten

## 1. Föregående anteckningar
Anteckningarna från mötet den 11 juni godkändes.

## 2. Lägesbild
Mikael Berg redovisade att antalet anmälda skadegörelser i centrum har minskat med 30 procent jämfört med samma period förra året. Däremot har klagomålen på mopedkörning i Norrparken ökat.

## 3. Belysning i Norrparken
Sara Öhman berättade att Västerbybostäder har fått offert på ny belysning längs gångvägen genom Norrparken. Kostnaden beräknas till 240 000 kronor och delas lika mellan bolaget och kommunen.

**Åtgärd:** Åsa Lindqvist tar frågan om kommunens andel till tekniska nämnden. Klart senast 15 oktober 2024.

## 4. Trygghetsvandring
Gruppen beslutade att genomföra en trygghetsvandring i Norrparken den 2 oktober kl. 18.00. Leila Haddad bjuder in föreningar och boende.

## 5. Skolstart
Jonas Ekdahl berättade att skolstarten har varit lugn. Norrskolan har anställt två nya skolvärdar.

## 6. Nästa möte
Nästa möte hålls den 12 november 2024 kl. 09.00 i kommunhuset.

Vid anteckningarna
Leila Haddad
"""
