/**
 * Support lexicon lines: software: installing and updating, files and sharing, web pages, projects, drivers and licences.
 * Data only, in the format index.ts describes.
 */
export const SOFTWARE = `
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
`;
