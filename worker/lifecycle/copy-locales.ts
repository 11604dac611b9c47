/**
 * The lifecycle lines (copy.ts) in the other languages the agent replies in offline: Danish,
 * Norwegian, Swedish and German. The same `{name}`, `{agent}`, `{email}`, `{expected}`, `{label}`
 * and `{value}` are filled in; what an admin wrote (handoff messages, action labels, the expected
 * response time) is shown as written.
 */
import type { Language } from "../knowledge/text";
import type { SystemMessageKind } from "../protocol/events";

/** Every line, and the email request that comes before the first answer. */
export type LocaleCopy = Record<SystemMessageKind | "email_before_answer", string>;

export const COPY_LOCALES: Record<Exclude<Language, "en">, LocaleCopy> = {
  da: {
    email_request: "Vil du dele din e-mailadresse, så vi kan følge op, hvis det bliver nødvendigt?",
    email_before_answer:
      "Før jeg svarer: Vil du dele din e-mailadresse, så vi kan følge op, hvis det bliver nødvendigt?",
    email_invalid: "Det ligner ikke en hel e-mailadresse. Vil du tjekke den og sende den igen?",
    email_saved: "Tak! Vi bruger {email}, hvis vi skal følge op.",
    handoff: "Jeg henter en person fra vores team. De kommer ind i samtalen om lidt.",
    staff_joined: "{name} er kommet ind i samtalen.",
    no_staff: "Ingen fra vores team er ledige lige nu. Vi vender tilbage til dig {expected}.",
    off_duty: "Vores team svarer på din besked {expected}.",
    handed_back: "Du er tilbage hos {agent}, vores AI-agent.",
    closed: "Denne samtale er afsluttet. Du kan altid starte en ny.",
    change_confirm: 'Skal {label} ændres til "{value}"? Svar ja eller nej.',
    change_saved: "Klart: din {label} er nu {value}.",
    change_cancelled: "Helt i orden, jeg har ladet din {label} være, som den var.",
    change_failed: "Beklager, jeg kunne ikke gemme din {label}. Intet er ændret; prøv igen senere.",
    action_input: "Hvad er din {label}?{value}",
    action_input_invalid: "{value} Vil du sende din {label} igen?",
    action_identity:
      "For at gøre det skal jeg først bekræfte, hvem du er. Hvilken e-mailadresse står der på din konto?",
    action_confirm: "Skal jeg gå videre og {label} ({value})? Svar ja eller nej.",
    action_cancelled: "Helt i orden, jeg har ikke gjort det.",
    action_result: "{value}",
    action_failed:
      "Beklager, det kunne jeg ikke lige nu: {value} Hvis du vil, kan du bede om en person, så hjælper en fra vores team.",
    goal_question: "{value}",
    goal_meeting: "Tak! Du kan booke en tid med vores team her: {value}",
    goal_done: "Tak, det hjælper! Er der andet, jeg kan hjælpe med?",
    text_only: "Tak, fordi du sendte det! Jeg kan dog kun læse tekstbeskeder. Vil du skrive, hvad du har brug for?",
  },
  no: {
    email_request: "Vil du dele e-postadressen din, så vi kan følge opp om det trengs?",
    email_before_answer: "Før jeg svarer: Vil du dele e-postadressen din, så vi kan følge opp om det trengs?",
    email_invalid: "Det ser ikke ut som en hel e-postadresse. Kan du sjekke den og sende den igjen?",
    email_saved: "Takk! Vi bruker {email} om vi må følge opp.",
    handoff: "Jeg henter en person fra teamet vårt. De blir med i samtalen om litt.",
    staff_joined: "{name} ble med i samtalen.",
    no_staff: "Ingen fra teamet vårt er ledige akkurat nå. Vi kommer tilbake til deg {expected}.",
    off_duty: "Teamet vårt svarer på meldingen din {expected}.",
    handed_back: "Du er tilbake hos {agent}, AI-agenten vår.",
    closed: "Denne samtalen er avsluttet. Du kan starte en ny når som helst.",
    change_confirm: 'Skal {label} endres til "{value}"? Svar ja eller nei.',
    change_saved: "Ferdig: {label} er nå {value}.",
    change_cancelled: "Greit, jeg har latt {label} være som før.",
    change_failed: "Beklager, jeg fikk ikke lagret {label}. Ingenting er endret; prøv igjen senere.",
    action_input: "Hva er {label}?{value}",
    action_input_invalid: "{value} Kan du sende {label} på nytt?",
    action_identity: "For å gjøre det må jeg først bekrefte hvem du er. Hvilken e-postadresse står på kontoen din?",
    action_confirm: "Skal jeg gå videre og {label} ({value})? Svar ja eller nei.",
    action_cancelled: "Greit, jeg har ikke gjort det.",
    action_result: "{value}",
    action_failed:
      "Beklager, det fikk jeg ikke til akkurat nå: {value} Om du vil, kan du be om en person, så hjelper noen fra teamet vårt deg.",
    goal_question: "{value}",
    goal_meeting: "Takk! Du kan bestille en tid med teamet vårt her: {value}",
    goal_done: "Takk, det hjelper! Er det noe annet jeg kan hjelpe med?",
    text_only: "Takk for at du sendte det! Jeg kan bare lese tekstmeldinger. Kan du skrive hva du trenger?",
  },
  sv: {
    email_request: "Vill du dela din e-postadress, så att vi kan följa upp om det behövs?",
    email_before_answer: "Innan jag svarar: Vill du dela din e-postadress, så att vi kan följa upp om det behövs?",
    email_invalid: "Det ser inte ut som en fullständig e-postadress. Kan du kontrollera den och skicka den igen?",
    email_saved: "Tack! Vi använder {email} om vi behöver följa upp.",
    handoff: "Jag hämtar en person från vårt team. De ansluter till samtalet strax.",
    staff_joined: "{name} anslöt till samtalet.",
    no_staff: "Ingen från vårt team är tillgänglig just nu. Vi återkommer till dig {expected}.",
    off_duty: "Vårt team svarar på ditt meddelande {expected}.",
    handed_back: "Du är tillbaka hos {agent}, vår AI-agent.",
    closed: "Det här samtalet är avslutat. Du kan starta ett nytt när som helst.",
    change_confirm: 'Ska {label} ändras till "{value}"? Svara ja eller nej.',
    change_saved: "Klart: din {label} är nu {value}.",
    change_cancelled: "Okej, jag har låtit din {label} vara som den var.",
    change_failed: "Tyvärr kunde jag inte spara din {label}. Inget har ändrats; försök igen senare.",
    action_input: "Vad är din {label}?{value}",
    action_input_invalid: "{value} Kan du skicka din {label} igen?",
    action_identity: "För att göra det behöver jag först bekräfta vem du är. Vilken e-postadress står på ditt konto?",
    action_confirm: "Ska jag gå vidare och {label} ({value})? Svara ja eller nej.",
    action_cancelled: "Okej, jag har inte gjort det.",
    action_result: "{value}",
    action_failed:
      "Tyvärr kunde jag inte göra det just nu: {value} Om du vill kan du be om en person, så hjälper någon från vårt team dig.",
    goal_question: "{value}",
    goal_meeting: "Tack! Du kan boka en tid med vårt team här: {value}",
    goal_done: "Tack, det hjälper! Finns det något annat jag kan hjälpa till med?",
    text_only: "Tack för att du skickade det! Jag kan dock bara läsa textmeddelanden. Kan du skriva vad du behöver?",
  },
  de: {
    email_request: "Möchten Sie uns Ihre E-Mail-Adresse geben, damit wir uns bei Bedarf melden können?",
    email_before_answer:
      "Bevor ich antworte: Möchten Sie uns Ihre E-Mail-Adresse geben, damit wir uns bei Bedarf melden können?",
    email_invalid:
      "Das sieht nicht nach einer vollständigen E-Mail-Adresse aus. Könnten Sie sie prüfen und noch einmal senden?",
    email_saved: "Danke! Wir verwenden {email}, falls wir uns melden müssen.",
    handoff: "Ich hole eine Person aus unserem Team dazu. Sie kommt gleich in dieses Gespräch.",
    staff_joined: "{name} ist dem Gespräch beigetreten.",
    no_staff: "Gerade ist niemand aus unserem Team erreichbar. Wir melden uns {expected}.",
    off_duty: "Unser Team beantwortet Ihre Nachricht {expected}.",
    handed_back: "Sie sind wieder bei {agent}, unserem KI-Agenten.",
    closed: "Dieses Gespräch wurde beendet. Sie können jederzeit ein neues beginnen.",
    change_confirm: '{label} in "{value}" ändern? Antworten Sie mit ja oder nein.',
    change_saved: "Erledigt: {label} ist jetzt {value}.",
    change_cancelled: "In Ordnung, {label} bleibt, wie es war.",
    change_failed:
      "Leider konnte ich {label} nicht speichern. Es wurde nichts geändert; bitte versuchen Sie es später noch einmal.",
    action_input: "Wie lautet {label}?{value}",
    action_input_invalid: "{value} Könnten Sie {label} noch einmal senden?",
    action_identity:
      "Dafür muss ich zuerst bestätigen, wer Sie sind. Welche E-Mail-Adresse ist bei Ihrem Konto hinterlegt?",
    action_confirm: "Soll ich fortfahren und {label} ({value})? Antworten Sie mit ja oder nein.",
    action_cancelled: "In Ordnung, ich habe es nicht getan.",
    action_result: "{value}",
    action_failed:
      "Leider ging das gerade nicht: {value} Wenn Sie möchten, fragen Sie nach einer Person, dann hilft Ihnen jemand aus unserem Team.",
    goal_question: "{value}",
    goal_meeting: "Danke! Hier können Sie einen Termin mit unserem Team buchen: {value}",
    goal_done: "Danke, das hilft! Kann ich sonst noch etwas für Sie tun?",
    text_only:
      "Danke für die Nachricht! Ich kann allerdings nur Text lesen. Könnten Sie mir in Worten sagen, was Sie brauchen?",
  },
};
