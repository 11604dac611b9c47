/**
 * Support lexicon lines: asking for help, errors and failures, and devices and hardware (power, screens, ports, networks).
 * Data only, in the format index.ts describes.
 */
export const DEVICES = `
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
`;
