/**
 * What the offline model says about contact data, in each language it replies in. `label` is the
 * property's label as the admin wrote it, so it is quoted rather than declined. A proposed change
 * is only announced: the server asks the confirming question itself, after the reply.
 */
import type { Language } from "../../knowledge/text";

export type CrmLines = {
  value: (label: string, value: string) => string;
  noValue: (label: string) => string;
  emailNeeded: (label: string) => string;
  linkSent: (email: string) => string;
  tooManyLinks: string;
  linkFailed: string;
  confirm: (label: string, value: string) => string;
  oneChange: (label: string) => string;
  invalid: (label: string, error: string) => string;
  notAllowed: (label: string) => string;
  unknown: string;
  askValue: (label: string) => string;
};

const lower = (label: string): string => label.toLowerCase();

export const CRM_LINES: Record<Language, CrmLines> = {
  en: {
    value: (label, value) => `Your ${lower(label)} on file is: ${value}`,
    noValue: (label) => `I don't have a ${lower(label)} on file for you.`,
    emailNeeded: (label) =>
      `I can help with your ${lower(label)}, but first I need to check it's you. What is the email address on your account?`,
    linkSent: (email) =>
      `To keep your details safe, I've sent a verification link to ${email}. Open it and I'll continue here straight away.`,
    tooManyLinks:
      "I've sent several verification links already. Please use the latest one, or try again in a few minutes.",
    linkFailed:
      "I couldn't send the verification email just now, so I can't share or change account details " +
      "yet. Please try again later, or ask for a person.",
    confirm: (label, value) => `I can change your ${lower(label)} to "${value}" as soon as you confirm.`,
    oneChange: (label) => `Let's finish the change above first; then I can help with your ${lower(label)}.`,
    invalid: (label, error) => `That doesn't look right for your ${lower(label)}: ${error}. Could you send it again?`,
    notAllowed: (label) =>
      `I'm not able to do that with your ${lower(label)} here. I can connect you with a person from our team if you like.`,
    unknown: "I can't find that detail in your account.",
    askValue: (label) => `What should your new ${lower(label)} be?`,
  },
  da: {
    value: (label, value) => `Vi har registreret følgende – ${label}: ${value}`,
    noValue: (label) => `Vi har ikke registreret noget under "${label}" for dig.`,
    emailNeeded: (label) =>
      `Jeg kan hjælpe med "${label}", men først skal jeg bekræfte, at det er dig. Hvilken e-mailadresse står der på din konto?`,
    linkSent: (email) =>
      `For at beskytte dine oplysninger har jeg sendt et bekræftelseslink til ${email}. Åbn det, så fortsætter jeg her med det samme.`,
    tooManyLinks:
      "Jeg har allerede sendt flere bekræftelseslinks. Brug det nyeste, eller prøv igen om et par minutter.",
    linkFailed:
      "Jeg kunne ikke sende bekræftelsesmailen lige nu, så jeg kan ikke vise eller ændre " +
      "kontooplysninger endnu. Prøv igen senere, eller bed om en person.",
    confirm: (label, value) => `Jeg kan ændre "${label}" til "${value}", så snart du bekræfter.`,
    oneChange: (label) => `Lad os først gøre ændringen ovenfor færdig; så kan jeg hjælpe med "${label}".`,
    invalid: (label, error) => `Det ser ikke rigtigt ud for "${label}": ${error}. Vil du sende det igen?`,
    notAllowed: (label) =>
      `Det kan jeg desværre ikke gøre med "${label}" her. Jeg kan sætte dig i kontakt med en person fra vores team.`,
    unknown: "Jeg kan ikke finde den oplysning på din konto.",
    askValue: (label) => `Hvad skal den nye værdi for "${label}" være?`,
  },
  no: {
    value: (label, value) => `Vi har registrert følgende – ${label}: ${value}`,
    noValue: (label) => `Vi har ikke registrert noe under "${label}" for deg.`,
    emailNeeded: (label) =>
      `Jeg kan hjelpe med "${label}", men først må jeg bekrefte at det er deg. Hvilken e-postadresse står på kontoen din?`,
    linkSent: (email) =>
      `For å beskytte opplysningene dine har jeg sendt en bekreftelseslenke til ${email}. Åpne den, så fortsetter jeg her med en gang.`,
    tooManyLinks:
      "Jeg har allerede sendt flere bekreftelseslenker. Bruk den nyeste, eller prøv igjen om noen minutter.",
    linkFailed:
      "Jeg fikk ikke sendt bekreftelsese-posten akkurat nå, så jeg kan ikke vise eller endre " +
      "kontoopplysninger ennå. Prøv igjen senere, eller be om en person.",
    confirm: (label, value) => `Jeg kan endre "${label}" til "${value}" så snart du bekrefter.`,
    oneChange: (label) => `La oss gjøre ferdig endringen ovenfor først; så kan jeg hjelpe med "${label}".`,
    invalid: (label, error) => `Det ser ikke riktig ut for "${label}": ${error}. Kan du sende det på nytt?`,
    notAllowed: (label) =>
      `Det kan jeg dessverre ikke gjøre med "${label}" her. Jeg kan sette deg i kontakt med en person fra teamet vårt.`,
    unknown: "Jeg finner ikke den opplysningen på kontoen din.",
    askValue: (label) => `Hva skal den nye verdien for "${label}" være?`,
  },
  sv: {
    value: (label, value) => `Vi har registrerat följande – ${label}: ${value}`,
    noValue: (label) => `Vi har inte registrerat något under "${label}" för dig.`,
    emailNeeded: (label) =>
      `Jag kan hjälpa till med "${label}", men först måste jag bekräfta att det är du. Vilken e-postadress står på ditt konto?`,
    linkSent: (email) =>
      `För att skydda dina uppgifter har jag skickat en bekräftelselänk till ${email}. Öppna den, så fortsätter jag här direkt.`,
    tooManyLinks:
      "Jag har redan skickat flera bekräftelselänkar. Använd den senaste, eller försök igen om några minuter.",
    linkFailed:
      "Jag kunde inte skicka bekräftelsemejlet just nu, så jag kan inte visa eller ändra " +
      "kontouppgifter än. Försök igen senare, eller be om en person.",
    confirm: (label, value) => `Jag kan ändra "${label}" till "${value}" så snart du bekräftar.`,
    oneChange: (label) => `Låt oss göra klart ändringen ovan först; sedan kan jag hjälpa till med "${label}".`,
    invalid: (label, error) => `Det ser inte rätt ut för "${label}": ${error}. Kan du skicka det igen?`,
    notAllowed: (label) =>
      `Det kan jag tyvärr inte göra med "${label}" här. Jag kan koppla dig till en person i vårt team.`,
    unknown: "Jag hittar inte den uppgiften på ditt konto.",
    askValue: (label) => `Vad ska det nya värdet för "${label}" vara?`,
  },
  de: {
    value: (label, value) => `Bei uns ist Folgendes hinterlegt – ${label}: ${value}`,
    noValue: (label) => `Für „${label}“ ist bei uns nichts hinterlegt.`,
    emailNeeded: (label) =>
      `Ich helfe gern bei „${label}“, muss aber zuerst bestätigen, dass Sie es sind. ` +
      "Welche E-Mail-Adresse ist in Ihrem Konto hinterlegt?",
    linkSent: (email) =>
      `Zum Schutz Ihrer Daten habe ich einen Bestätigungslink an ${email} geschickt. Öffnen Sie ihn, dann geht es hier sofort weiter.`,
    tooManyLinks:
      "Ich habe bereits mehrere Bestätigungslinks geschickt. Bitte nutzen Sie den neuesten oder " +
      "versuchen Sie es in ein paar Minuten erneut.",
    linkFailed:
      "Ich konnte die Bestätigungs-E-Mail gerade nicht senden, daher kann ich noch keine Kontodaten " +
      "zeigen oder ändern. Bitte versuchen Sie es später erneut oder fragen Sie nach einer Person.",
    confirm: (label, value) => `Ich kann „${label}“ auf „${value}“ ändern, sobald Sie bestätigen.`,
    oneChange: (label) => `Lassen Sie uns zuerst die Änderung oben abschließen; dann helfe ich gern bei „${label}“.`,
    invalid: (label, error) => `Das passt nicht zu „${label}“: ${error}. Können Sie es noch einmal senden?`,
    notAllowed: (label) =>
      `Das kann ich mit „${label}“ hier leider nicht tun. Gern verbinde ich Sie mit einer Person aus unserem Team.`,
    unknown: "Diese Angabe finde ich in Ihrem Konto nicht.",
    askValue: (label) => `Wie soll der neue Wert für „${label}“ lauten?`,
  },
};
