/**
 * Support lexicon lines: accounts and sign-in, privacy and security, organizations and their members, family and school.
 * Data only, in the format index.ts describes.
 */
export const ACCOUNTS = `
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
`;
