/**
 * Support lexicon lines: common verbs, the parts of an interface, time and guides; last, the function words to drop.
 * Data only, in the format index.ts describes.
 */
export const EVERYDAY = `
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
