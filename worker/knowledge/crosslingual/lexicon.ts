/**
 * A compact bilingual lexicon of general support vocabulary (accounts, orders and payment, delivery,
 * devices and hardware, software, school): Danish, Norwegian (bokmål), Swedish and German → English.
 * Data only; `translate.ts` reads it. One concept a line: `english|da|no|sv|de`, words separated by
 * spaces, a two-word expression joined by `_` ("laste_ned"). Native words are base forms: their
 * inflections reach them through each language's stemmer. The last line (English `-`) lists function
 * words the shared stopword list lacks: they are dropped, not passed through. Written from general
 * vocabulary, not from any corpus or question set. A long line goes on after a trailing `\`, which the
 * template drops together with the line break.
 */
export const LEXICON = `
account|konto brugerkonto|konto brukerkonto|konto användarkonto|konto benutzerkonto
password|adgangskode kodeord password|passord|lösenord|passwort kennwort
username|brugernavn|brukernavn|användarnamn|benutzername
user|bruger|bruker|användare|benutzer nutzer
log login sign|login logge log logind log_ind logge_ind|logge logg innlogging pålogging logge_inn logg_inn|\
logga inloggning logga_in|anmelden anmeldung einloggen login
logout sign|logge_ud log_ud udlogning|logge_ut logg_ut utlogging|logga_ut utloggning|abmelden ausloggen abmeldung
sign register account|registrere oprette tilmelde tilmelding registrering|registrere opprette registrering|\
registrera registrering|registrieren registrierung
email mail|email mail emailadresse mailadresse|epost e-post epostadresse mail|epost mejl mail mejladress|email mail emailadresse
address|adresse|adresse|adress|adresse anschrift
verify confirm|bekræfte verificere|bekrefte verifisere|bekräfta verifiera|bestätigen verifizieren
confirmation|bekræftelse|bekreftelse|bekräftelse|bestätigung
code|kode|kode|kod|code
profile|profil|profil|profil|profil
settings|indstillinger indstilling|innstillinger innstilling|inställningar inställning|einstellungen einstellung
change|ændre ændring skifte|endre endring|ändra ändring|ändern änderung wechseln
reset|nulstille nulstilling|tilbakestille nullstille tilbakestilling|återställa återställning|zurücksetzen zurücksetzung
forgot forget|glemt glemme glemte|glemt glemme glemte|glömt glömma glömde|vergessen vergaß
recover restore|gendanne genskabe|gjenopprette|återskapa återfå|wiederherstellen wiederherstellung
locked blocked|låst spærret blokeret|låst sperret blokkert|låst spärrad blockerad|gesperrt blockiert
delete remove|slette sletning|slette sletting|radera ta_bort|löschen löschung
remove|fjerne|fjerne|avlägsna bort|entfernen
create|oprette lave|opprette lage|skapa|erstellen anlegen
add|tilføje|legge_til tilføye|lägga_till|hinzufügen
name|navn|navn|namn|name
rename|omdøbe|gi_nytt_navn|byta_namn|umbenennen
privacy|privatliv|personvern|integritet|datenschutz
data|data oplysninger|data opplysninger|data uppgifter|daten
personal|personlig|personlig|personlig|persönlich
security|sikkerhed|sikkerhet|säkerhet|sicherheit
hacked|hacket|hacket|hackad hackat|gehackt
authentication|godkendelse|autentisering|autentisering|authentifizierung
access permission|adgang|tilgang|åtkomst behörighet|zugang zugriff berechtigung
organization|organisation|organisasjon|organisation|organisation
team|team|team|team|team
member|medlem|medlem|medlem|mitglied
invite invitation|invitere invitation|invitere invitasjon|bjuda_in inbjudan|einladen einladung
role|rolle|rolle|roll|rolle
admin administrator|administrator|administrator|administratör|administrator
owner|ejer|eier|ägare|besitzer eigentümer inhaber
transfer|overføre overførsel|overføre overføring|överföra överföring|übertragen übertragung
child children|barn børn|barn|barn|kind kinder
parent|forælder forældre|forelder foreldre|förälder föräldrar|eltern elternteil
age|alder|alder|ålder|alter
student|elev studerende|elev student|elev student|schüler student studierende
teacher|lærer underviser|lærer|lärare|lehrer lehrerin lehrkraft
school|skole|skole|skola|schule
class classroom|klasse klasseværelse|klasse klasserom|klass klassrum|klasse klassenzimmer
course|kursus|kurs|kurs|kurs
lesson|lektion|leksjon|lektion|lektion unterrichtsstunde
education|uddannelse undervisning|utdanning undervisning|utbildning undervisning|bildung ausbildung unterricht
university|universitet|universitet|universitet|universität hochschule
teach|undervise|undervise|undervisa|unterrichten lehren
learn|lære|lære|lära|lernen
exam test|eksamen prøve|eksamen prøve|examen prov|prüfung
certificate|certifikat|sertifikat|certifikat|zertifikat
content|indhold|innhold|innehåll|inhalt
material|materiale|materiale|material|material
order|ordre bestilling bestille|ordre bestilling bestille|order beställning beställa|bestellung bestellen auftrag
buy purchase|købe køb|kjøpe kjøp|köpa köp|kaufen kauf
pay payment|betale betaling|betale betaling|betala betalning|bezahlen zahlung zahlen
price|pris priser|pris priser|pris priser|preis
cost price|koste|koste kostnad|kosta kostnad|kosten
free|gratis|gratis|gratis|kostenlos gratis
discount|rabat|rabatt|rabatt|rabatt
coupon discount code|kupon rabatkode|kupong rabattkode|kupong rabattkod|gutschein rabattcode
gift card|gavekort|gavekort|presentkort|geschenkkarte geschenkgutschein
refund|refusion refundering tilbagebetaling refundere|refusjon tilbakebetaling refundere|\
återbetalning återbetala|erstattung rückerstattung rückzahlung erstatten
money|penge|penger|pengar|geld
return|returnere returnering retur|returnere returnering retur|returnera retur returnering|\
rücksendung zurücksenden zurückschicken retoure
exchange replace|ombytning bytte|bytte|byta|umtauschen umtausch
cancel|annullere afbestille opsige opsigelse annullering|kansellere avbestille si_opp oppsigelse|\
avbryta avbeställa säga_upp uppsägning avboka|stornieren kündigen kündigung stornierung abbrechen
subscription|abonnement|abonnement|prenumeration abonnemang|abonnement abo
plan|plan|plan|plan|tarif
invoice|faktura|faktura|faktura|rechnung
receipt|kvittering|kvittering|kvitto|quittung beleg
tax vat|moms skat|mva moms skatt|moms skatt|steuer mehrwertsteuer mwst
card|kort kreditkort betalingskort|kort kredittkort betalingskort|kort kreditkort betalkort|karte kreditkarte
bank|bank|bank|bank|bank
billing|fakturering|fakturering|fakturering|abrechnung
charge charged|opkræve trække|trekke belaste|debitera dra|belasten abbuchen abgebucht
twice double|dobbelt|dobbelt|dubbel|doppelt zweimal
amount|beløb|beløp|belopp|betrag
currency|valuta|valuta|valuta|währung
method|metode|metode|metod|methode
shipping|forsendelse fragt|frakt forsendelse|frakt|versand
delivery deliver|levere levering leveringstid|levere levering leveringstid|leverera leverans leveranstid|\
liefern lieferung zustellung lieferzeit
send ship|sende afsende|sende|skicka|senden schicken verschicken
package parcel|pakke|pakke|paket|paket
track tracking|spore sporing|spore sporing|spåra spårning|verfolgen sendungsverfolgung
status|status|status|status|status
country|land|land|land|land
customs|told|toll|tull|zoll
international|international|internasjonal|internationell|international
stock|lager|lager|lager|lager bestand
available|tilgængelig|tilgjengelig|tillgänglig|verfügbar erhältlich
sold out|udsolgt|utsolgt|slutsåld|ausverkauft
product|produkt vare|produkt vare|produkt|produkt artikel ware
store shop|butik forretning|butikk|butik affär|geschäft shop
cart basket|kurv indkøbskurv|handlekurv|varukorg|warenkorb
checkout|kassen|kassen|kassa|kasse
wrong incorrect|forkert|feil|fel|falsch
missing|mangler manglende|mangler manglende|saknas saknad|fehlt vermisst
broken damaged defective|ødelagt beskadiget itu defekt|ødelagt skadet defekt|trasig skadad sönder defekt|kaputt beschädigt defekt
warranty|garanti reklamation|garanti reklamasjon|garanti reklamation|garantie gewährleistung reklamation
repair|reparere reparation|reparere reparasjon|reparera reparation|reparieren reparatur
replace replacement|erstatte udskifte|erstatte|ersätta|ersetzen austauschen ersatz
complaint|klage|klage|klagomål|beschwerde
customer|kunde|kunde|kund|kunde
service support|kundeservice service|kundeservice service|kundtjänst kundservice|kundendienst kundenservice service
support|support|brukerstøtte support|support|support
help|hjælp hjælpe|hjelp hjelpe|hjälp hjälpa|hilfe helfen
contact|kontakte kontakt|kontakte kontakt|kontakta kontakt|kontaktieren kontakt
phone|telefon|telefon|telefon|telefon
mobile phone|mobil mobiltelefon|mobil mobiltelefon|mobil mobiltelefon|handy smartphone
human person|menneske medarbejder|menneske medarbeider|människa person|mensch mitarbeiter
question|spørgsmål|spørsmål|fråga|frage
answer|svar|svar|svar|antwort
problem issue|problem|problem|problem|problem
error|fejl fejlmeddelelse|feil feilmelding|fel felmeddelande|fehler fehlermeldung
message|besked meddelelse|melding beskjed|meddelande|nachricht meldung
warning|advarsel|advarsel|varning|warnung
crash|crasher crashe|krasjer krasje|kraschar krascha|abstürzen absturz abgestürzt
freeze stuck|fryser hænger|fryser henger|fryser hänger fastnat|einfrieren hängt eingefroren
slow|langsom|treg langsom|långsam|langsam
work working|virke virker fungere fungerer|virke virker fungere fungerer|fungera fungerar funka funkar|funktionieren funktioniert geht
fail failed|mislykkes|mislykkes|misslyckas|fehlschlagen fehlgeschlagen scheitern
success successful|lykkes|lykkes|lyckas|erfolgreich
invalid|ugyldig|ugyldig|ogiltig|ungültig
denied declined rejected|nægtet afvist|nektet avvist|nekad avvisad|verweigert abgelehnt
expire expired|udløbe udløbet|utløpe utløpt|upphöra gå_ut|ablaufen abgelaufen
renew renewal|forny fornyelse|fornye fornyelse|förnya förnyelse|verlängern verlängerung erneuern
trial|prøveperiode|prøveperiode|provperiod|testversion testphase
limit|grænse begrænsning|grense begrensning|gräns begränsning|grenze begrenzung limit
size|størrelse|størrelse|storlek|größe
weight|vægt|vekt|vikt|gewicht
color colour|farve|farge|färg|farbe
start|starte|starte|starta|starten
stop|stoppe|stoppe|stoppa sluta|stoppen aufhören
restart reboot|genstarte genstart|omstart starte_på_nytt|starta_om omstart|neustarten neustart
turn power on|tænde|skru_på slå_på|sätta_på slå_på|einschalten anschalten
turn off|slukke|skru_av slå_av|stänga_av|ausschalten
power|strøm|strøm|ström|strom
charge charging|oplade opladning|lade lading|ladda laddning|aufladen
charger|oplader|lader|laddare|ladegerät
battery|batteri|batteri|batteri|akku batterie
screen display|skærm display|skjerm display|skärm display|bildschirm display
keyboard|tastatur|tastatur|tangentbord|tastatur
mouse|mus|mus|mus|maus
cable|kabel ledning|kabel ledning|kabel sladd|kabel
port|port indgang|port inngang|port ingång|anschluss port buchse
plug connector|stik|plugg|kontakt|stecker
connect connection|forbinde tilslutte forbindelse tilslutning|koble tilkoble tilkobling forbindelse|\
ansluta koppla anslutning|verbinden anschließen verbindung
disconnect|afbryde|koble_fra|koppla_från|trennen
network|netværk|nettverk|nätverk|netzwerk
internet|internet|internett|internet|internet
wifi wireless|trådløs|trådløs|trådlös|wlan drahtlos
device|enhed apparat|enhet apparat|enhet apparat|gerät
computer|computer|datamaskin|dator|computer rechner
laptop|bærbar|bærbar|bärbar|laptop notebook
tablet|tablet|nettbrett|surfplatta|tablet
board|kort|kort brett|kort|platine board
light lamp led|lys lampe|lys lampe|lampa ljus|licht lampe leuchte
blink blinking|blinke blinker|blinke blinker|blinka blinkar|blinken blinkt
sound audio|lyd|lyd|ljud|ton klang
microphone|mikrofon|mikrofon|mikrofon|mikrofon
speaker|højttaler|høyttaler|högtalare|lautsprecher
headphones|hovedtelefoner|hodetelefoner|hörlurar|kopfhörer
camera|kamera|kamera|kamera|kamera
printer|printer|skriver|skrivare|drucker
print|printe udskrive|skrive_ut|skriva_ut|drucken ausdrucken
memory|hukommelse|minne|minne|speicher arbeitsspeicher
storage space|lagerplads plads|lagringsplass plass|lagringsutrymme utrymme plats|speicherplatz platz
disk|disk harddisk|disk harddisk|disk hårddisk|festplatte
chip|chip|brikke|chip|chip
voltage|spænding|spenning|spänning|spannung
power supply|strømforsyning|strømforsyning|strömförsörjning nätaggregat|netzteil stromversorgung
temperature|temperatur|temperatur|temperatur|temperatur
hot overheating|varm overophedet|varm overopphetet|varm överhettad|heiß überhitzt
noise|støj|støy|oljud brus|geräusch lärm
water|vand|vann|vatten|wasser
case cover|etui cover|deksel|fodral skal|hülle gehäuse
kit set|sæt|sett|sats|bausatz set
component part|komponent|komponent|komponent|bauteil komponente
part|del|del|del|teil
accessory accessories|tilbehør|tilbehør|tillbehör|zubehör
software program|software program|programvare program|programvara program|software programm
application app|applikation app|applikasjon app|applikation app|anwendung app
install installation|installere installation|installere installasjon|installera installation|installieren installation
uninstall|afinstallere|avinstallere|avinstallera|deinstallieren
reinstall|geninstallere|reinstallere|ominstallera|neuinstallation
download|downloade download hente|laste_ned nedlasting|ladda_ner nedladdning|herunterladen download
upload|uploade upload|laste_opp opplasting|ladda_upp uppladdning|hochladen
load loading|indlæse indlæser|laste laster|ladda laddar|laden lädt
update|opdatere opdatering|oppdatere oppdatering|uppdatera uppdatering|aktualisieren aktualisierung update
upgrade|opgradere opgradering|oppgradere oppgradering|uppgradera uppgradering|upgraden upgrade
version|version|versjon|version|version
new|ny nye|ny nye|ny nya|neu
old|gammel gamle|gammel gamle|gammal gamla|alt
latest|nyeste seneste|nyeste siste|senaste nyaste|neueste aktuellste
file|fil|fil|fil|datei
folder|mappe|mappe|mapp|ordner
document|dokument|dokument|dokument|dokument
image picture photo|billede foto|bilde foto|bild foto|bild foto
save|gemme|lagre|spara|speichern
open|åbne åben|åpne åpen|öppna öppen|öffnen offen
close closed|lukke lukket|lukke stengt|stänga stängd|schließen geschlossen
copy|kopiere|kopiere|kopiera|kopieren
share|dele|dele|dela|teilen freigeben
link|link|lenke|länk|link verknüpfung
find search|finde søge|finne søke|hitta söka|finden suchen
search|søgning|søk|sökning|suche
found find|fundet|funnet|hittade hittat|gefunden
show display|vise vises|vise vises|visa visas|anzeigen zeigen angezeigt
visible|synlig|synlig|synlig|sichtbar
hidden|skjult|skjult|dold|versteckt ausgeblendet
empty blank|tom|tom|tom|leer
full|fuld|full|full|voll
page|side|side|sida|seite
website site|hjemmeside webside|nettside hjemmeside|webbplats hemsida|webseite website
browser|browser|nettleser|webbläsare|browser
edit|redigere|redigere|redigera|bearbeiten
library|bibliotek|bibliotek|bibliotek|bibliothek
example|eksempel|eksempel|exempel|beispiel
project|projekt|prosjekt|projekt|projekt
cloud|sky|sky|moln|wolke cloud
online|online|pålogget|uppkopplad|online
sync|synkronisere synkronisering|synkronisere synkronisering|synkronisera synkronisering|synchronisieren synchronisierung
backup|sikkerhedskopi|sikkerhetskopi|säkerhetskopia|sicherung
import|importere|importere|importera|importieren
export|eksportere|eksportere|exportera|exportieren
language|sprog|språk|språk|sprache
driver|driver|driver|drivrutin|treiber
operating system|styresystem|operativsystem|operativsystem|betriebssystem
serial|seriel|seriell|seriell|seriell
compile|kompilere|kompilere|kompilera|kompilieren
program programming|programmere programmering|programmere programmering|programmera programmering|programmieren programmierung
build|bygge|bygge|bygga|bauen
run|køre|kjøre|köra|ausführen laufen läuft
detect recognize|genkende registrere|gjenkjenne oppdage|känna_igen upptäcka|erkennen erkannt
setup configure|opsætning konfigurere|oppsett konfigurere|konfigurera|einrichten einrichtung konfigurieren
enable activate|aktivere aktivering|aktivere aktivering|aktivera aktivering|aktivieren aktivierung
disable deactivate|deaktivere|deaktivere|inaktivera avaktivera|deaktivieren
license licence|licens|lisens|licens|lizenz
key|nøgle|nøkkel|nyckel|schlüssel
serial number|serienummer|serienummer|serienummer|seriennummer
number|nummer|nummer|nummer|nummer
use|bruge anvende|bruke anvende|använda|benutzen verwenden nutzen
set|indstille|stille|ställa_in|einstellen
make|lave|lage|göra|machen
read|læse|lese|läsa|lesen
write|skrive|skrive|skriva|schreiben
move|flytte|flytte|flytta|verschieben
try|prøve|prøve|försöka prova|versuchen probieren
wait|vente|vente|vänta|warten
arrive arrived|ankomme|ankomme|anlända komma_fram|ankommen
delay delayed late|forsinket forsinkelse|forsinket forsinkelse|försenad försening|verspätet verspätung verzögerung
fast quick|hurtig|rask|snabb|schnell
lost lose|mistet tabt|mistet tapt|tappat förlorat|verloren
stolen|stjålet|stjålet|stulen|gestohlen
allow|tillade|tillate|tillåta|erlauben zulassen
click|klikke|klikke|klicka|klicken
button|knap|knapp|knapp|knopf taste schaltfläche
select choose|vælge|velge|välja|wählen auswählen
option|mulighed valgmulighed|mulighet alternativ|alternativ|option möglichkeit
menu|menu|meny|meny|menü
tab|fane|fane|flik|registerkarte
window|vindue|vindu|fönster|fenster
list|liste|liste|lista|liste
view|visning|visning|vy|ansicht
overview dashboard|oversigt|oversikt|översikt|übersicht
notification|notifikation|varsel varsling|avisering notis|benachrichtigung
newsletter|nyhedsbrev|nyhetsbrev|nyhetsbrev|newsletter
unsubscribe|afmelde|melde_av avmelde|avregistrera|abbestellen
company business|virksomhed firma|bedrift firma|företag|firma unternehmen
private|privat|privat|privat|privat
public|offentlig|offentlig|offentlig|öffentlich
appointment booking|aftale booking|avtale booking|bokning|termin buchung
book booking|booke|booke|boka|buchen
time|tid|tid|tid|zeit
hours opening|åbningstider|åpningstider|öppettider|öffnungszeiten
day days|dag dage|dag dager|dag dagar|tag tage
week|uge|uke|vecka|woche
month|måned|måned|månad|monat
year|år|år|år|jahr
guide manual instructions|vejledning manual brugsanvisning|veiledning bruksanvisning manual|\
guide manual bruksanvisning|anleitung handbuch bedienungsanleitung
documentation|dokumentation|dokumentasjon|dokumentation|dokumentation
tutorial|tutorial|opplæring|handledning|tutorial
step|trin|trinn steg|steg|schritt
back|tilbage|tilbake|tillbaka|zurück
-|få fik fået lang længe lige stadig altid aldrig nogen noget ingen gør gøre|\
ha få fikk fått lang lenge gjør gjøre fortsatt alltid aldri noen noe ingen hei|\
får fick fått lång länge gör göra vill ska kunna måste bara fortfarande alltid aldrig någon något ingen mig \
mitt mina din ditt vår jag du vi ett för från med på till av hej|\
meine meinen meinem meiner deine deinen deinem ihre ihren unser unsere einen einem einer eines beim vom im \
ins am habe hast haben wird werden wurde muss müssen möchte will wollen man kein keine lange immer schon \
wieder jetzt bitte hallo
`;
