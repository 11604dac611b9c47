import { describe, expect, it } from "vitest";
import { danglingPromise, typeFit, withoutYesNoOpener } from "./span-cues";

describe("typeFit", () => {
  it("ranks a numbered list above an instructing bulleted one above a text about steps for 'how'", () => {
    const numbered = typeFit("1. Open the app.\n2. Tap Settings.", "how");
    const bulleted = typeFit("- Open the app.\n- Tap Settings.", "how");
    const worded = typeFit("The first step is to open the app.", "how");
    const none = typeFit("The app shows your orders.", "how");
    expect([numbered > bulleted, bulleted > worded, worded > none, none]).toEqual([true, true, true, 0]);
    expect(typeFit("- Öffnen Sie die App.", "how")).toBeGreaterThan(0);
    // Prose that only looks imperative is no step.
    expect(typeFit("Whether the board is new or not, it works.", "how")).toBe(0);
    // Bullets that list facts are no steps.
    expect(typeFit("This applies to these boards:\n\n* Nano BLE\n* Nano BLE Sense", "how")).toBe(0);
    // A sentence led by a function word ("In this article:") does not instruct.
    expect(
      typeFit("In this article:\n\n- [Using the manager](#manager)\n- [Manual installation](#manual)", "how"),
    ).toBe(0);
  });

  it("finds reasons, places and times by their cue words in each language, phrases whole", () => {
    expect(typeFit("It is slower because the board resets.", "why")).toBeGreaterThan(0);
    expect(typeFit("Det tager tid, fordi kortet genstarter.", "why")).toBeGreaterThan(0);
    expect(typeFit("Es dauert, weil das Board neu startet.", "why")).toBeGreaterThan(0);
    // The words of a phrase ("so that", "go to") do not count alone.
    expect(typeFit("Send it to us and we look at the order.", "why")).toBe(0);
    expect(typeFit("Send it to us and we look at the order.", "where")).toBe(0);
    expect(typeFit("Go to the Billing page of your account.", "where")).toBeGreaterThan(0);
    expect(typeFit("Open Settings › Billing.", "where")).toBeGreaterThan(0);
    expect(typeFit("Du finder dem under Indstillinger.", "where")).toBeGreaterThan(0);
    expect(typeFit("It arrives within 5 working days.", "when")).toBeGreaterThan(0);
    expect(typeFit("Anything at all.", "other")).toBe(0);
  });
});

describe("withoutYesNoOpener", () => {
  it("drops an opening bare yes or no in the offline languages, capitalising what follows", () => {
    expect(withoutYesNoOpener("Yes. The widget works anywhere.")).toBe("The widget works anywhere.");
    expect(withoutYesNoOpener("No, an API key is optional.")).toBe("An API key is optional.");
    expect(withoutYesNoOpener("**Yes.** It is free.")).toBe("It is free.");
    expect(withoutYesNoOpener("Ja. Det virker overalt.")).toBe("Det virker overalt.");
    expect(withoutYesNoOpener("Nein, das ist nicht nötig.")).toBe("Das ist nicht nötig.");
  });

  it("keeps text that only starts with such a word, and a lone 'Yes.'", () => {
    expect(withoutYesNoOpener("Yesterday's orders ship today.")).toBe("Yesterday's orders ship today.");
    expect(withoutYesNoOpener("No two boards are alike.")).toBe("No two boards are alike.");
    expect(withoutYesNoOpener("Yes.")).toBe("Yes.");
  });
});

describe("danglingPromise", () => {
  it("tells a sentence that points at more text from one that only ends with a colon, in the offline languages", () => {
    expect(danglingPromise("Follow the steps below to change your username.")).toBe("more");
    expect(danglingPromise("The Cloud uses the following ports.")).toBe("more");
    expect(danglingPromise("Følg trinnene nedenfor.")).toBe("more");
    expect(danglingPromise("Gör så här enligt stegen nedan.")).toBe("more");
    expect(danglingPromise("Gehen Sie wie folgt vor und beachten Sie die folgenden Hinweise.")).toBe("more");
    expect(danglingPromise("Save them on the settings page and publish:")).toBe("colon");
    expect(danglingPromise("Refunds reach your card within 5 working days.")).toBeNull();
    expect(danglingPromise("Followers of the forum get a badge.")).toBeNull(); // "follow" alone points at nothing
  });
});
