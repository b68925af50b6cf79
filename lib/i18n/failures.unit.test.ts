import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { REVOKED_SESSION } from "@/lib/connect/sessions";
import { EXPIRED_MESSAGE, NOT_OFFERED } from "@/lib/devices/attempts";
import { NEEDS_EMAIL } from "@/lib/devices/users";
import { credentialsInput } from "@/lib/connect/credentials";
import { CYCLR } from "@/lib/cyclr/provider";
import { errorForStatus } from "@/lib/providers/errors";
import { fail } from "@/lib/result";
import { tooManyRequests } from "@/lib/rate-limit";
import { catalogues } from "./catalogues";
import { fieldRules, localizeFailure, localizeMessage, messageRules } from "./failures";

// Switchboard's own words, as the domain produces them (from the producers where they can be
// called without a server), and how each reads in the other languages.
const cyclrSays = (status: number, body: unknown = {}) => errorForStatus(CYCLR, status, body, "account connector").message;
const own = [
  tooManyRequests(1).error.message,
  tooManyRequests(42).error.message,
  "This link is not valid.",
  "This link has expired. Go back to the app and open the connections page again.",
  REVOKED_SESSION,
  "This return link is not valid.",
  "This connector is not part of your account.",
  "This connection attempt does not exist.",
  "Mailchimp did not accept these credentials. Check them and try again.",
  "These credentials do not fit this connector.",
  "Jira is connected with a form, not a popup.",
  "Check the highlighted fields.",
  "That request was not valid.",
  "Something went wrong on our side. Please try again.",
  NOT_OFFERED,
  EXPIRED_MESSAGE,
  NEEDS_EMAIL,
  "This device does not exist.",
  "Say which type of device to connect.",
  "Heat pumps are not offered here.",
  "This device connection attempt does not exist.",
  "Podero no longer knows this device connection. Try again.",
  "Podero has not confirmed that the device is connected.",
  "Cancelled on Podero's page",
  "Superseded by a newer attempt",
  "Podero already has a user with your email address who is not linked to you here, so devices cannot be connected. Please contact the app's support.",
  "Cyclr did not answer within 10 seconds. Try again in a moment.",
  "Cyclr cannot be reached right now. Try again in a moment.",
  "Cyclr took too long to send its answer. Try again in a moment.",
  "The connection to Cyclr broke while reading its answer. Try again in a moment.",
  "Cyclr sent a response that is not JSON (HTTP 502).",
  "Cyclr sent account connector data Switchboard does not understand.",
  "Cyclr listed more than 1000 pages of connectors for one account.",
  "Cyclr's token endpoint sent a response Switchboard does not understand.",
  cyclrSays(400),
  cyclrSays(401),
  cyclrSays(403),
  cyclrSays(404),
  cyclrSays(408),
  cyclrSays(429),
  cyclrSays(503),
  cyclrSays(302),
];

const lookup = (key: string) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogues.en.Errors);

describe("Switchboard's failures in the end user's language", () => {
  it("leaves English as the domain wrote it", () => {
    for (const message of own) expect(localizeMessage("en", message, "upstream")).toBe(message);
    const failure = fail("bad_request", "Check the highlighted fields.", { apiKey: ["Enter the API key"] });
    expect(localizeFailure("en", failure)).toBe(failure);
  });

  it("recognises each of its own messages and says it from the catalogue", () => {
    for (const locale of ["de", "fr", "es"] as const) {
      const t = createTranslator({ locale, messages: catalogues[locale], namespace: "Errors" });
      const generic = Object.values(catalogues[locale].Errors.generic).filter((text) => text !== t("generic.bad_request") && text !== t("generic.internal"));
      for (const message of own) {
        const said = localizeMessage(locale, message, "upstream");
        expect(said, message).not.toBe(message);
        expect(generic, `${message} was not recognised`).not.toContain(said);
      }
    }
    expect(localizeMessage("de", tooManyRequests(1).error.message)).toBe("Zu viele Anfragen. Versuchen Sie es in 1 Sekunde erneut.");
    expect(localizeMessage("fr", tooManyRequests(42).error.message)).toBe("Trop de requêtes. Réessayez dans 42 secondes.");
    expect(localizeMessage("es", "Mailchimp did not accept these credentials. Check them and try again.")).toBe(
      "Mailchimp no ha aceptado estas credenciales. Revísalas y vuelve a intentarlo.",
    );
    expect(localizeMessage("de", cyclrSays(503))).toBe("Cyclr ist gerade nicht verfügbar (HTTP 503). Versuchen Sie es gleich noch einmal.");
  });

  it("keeps a provider's own words as they are", () => {
    const quoted = cyclrSays(400, { Message: "Connector is disabled for this account" });
    expect(quoted).toBe("Cyclr: Connector is disabled for this account");
    expect(localizeMessage("de", quoted)).toBe(quoted);
  });

  it("translates an install failure around the provider's reason", () => {
    expect(localizeMessage("de", "Salesforce could not be set up for your account. Cyclr cannot be reached right now. Try again in a moment.")).toBe(
      "Salesforce konnte für Ihr Konto nicht eingerichtet werden. Cyclr ist gerade nicht erreichbar. Versuchen Sie es gleich noch einmal.",
    );
    expect(localizeMessage("fr", "HubSpot could not be set up for your account. Cyclr: Quota exceeded")).toBe(
      "HubSpot n’a pas pu être configuré pour votre compte. Cyclr: Quota exceeded",
    );
  });

  it("says an unrecognised message of ours in general words for its code", () => {
    expect(localizeMessage("es", "Some new sentence nobody translated yet.", "not_found")).toBe(catalogues.es.Errors.generic.not_found);
    expect(localizeFailure("de", fail("internal", "Boom")).error.message).toBe(catalogues.de.Errors.generic.internal);
  });

  it("translates the credentials form's field messages, keeping the fields and the code", () => {
    const issues = (input: unknown) => {
      const parsed = credentialsInput.safeParse(input);
      if (parsed.success) throw new Error("expected issues");
      return parsed.error.issues.map((issue) => issue.message);
    };
    const typed = {
      apiKey: [...issues({ kind: "apiKey", apiKey: "   " }), ...issues({ kind: "apiKey", apiKey: "k".repeat(5000) })],
      username: [...issues({ kind: "basic", username: "a:b", password: "p" }), ...issues({ kind: "basic", username: "u".repeat(600), password: "p" })],
      password: issues({ kind: "basic", username: "u", password: "" }),
    };
    const localized = localizeFailure("fr", fail("bad_request", "Check the highlighted fields.", typed));
    expect(localized.error).toEqual({
      code: "bad_request",
      message: "Vérifiez les champs signalés.",
      fields: {
        apiKey: ["Saisissez la clé API", "Cette clé est trop longue"],
        username: ["Un nom d’utilisateur ne peut pas contenir de deux-points (:)", "Cette valeur est trop longue"],
        password: ["Saisissez le mot de passe"],
      },
    });
    expect(localizeFailure("de", fail("bad_request", "x", { apiKey: ["Something else"] })).error.fields).toEqual({ apiKey: ["Dieser Wert ist ungültig"] });
  });

  it("names only keys the catalogue has, and English's own text reproduces the domain's words", () => {
    for (const rule of [...messageRules, ...fieldRules]) expect(typeof lookup(rule.key), rule.key).toBe("string");
    const en = createTranslator({ locale: "en", messages: catalogues.en, namespace: "Errors" });
    const samples = [tooManyRequests(1), tooManyRequests(3)].map((failure) => failure.error.message);
    samples.push(
      "Mailchimp did not accept these credentials. Check them and try again.",
      "Cyclr did not answer within 10 seconds. Try again in a moment.",
      cyclrSays(503),
      cyclrSays(429),
    );
    for (const sample of samples) {
      const rule = messageRules.find((candidate) => candidate.pattern.test(sample))!;
      expect(en(rule.key as never, rule.values?.(sample.match(rule.pattern)!) as never)).toBe(sample);
    }
  });
});
