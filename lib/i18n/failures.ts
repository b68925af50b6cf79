import "server-only";
import { createTranslator } from "next-intl";
import type { ErrorCode, Failure, FieldErrors } from "@/lib/result";
import { catalogues } from "./catalogues";
import type { Locale } from "./locales";

// End users read Switchboard's failures in their own language. The domain words them in
// English (the host API, the logs and the audit trail keep that); here, at the edge, each of
// Switchboard's own messages is recognised and said again from the catalogue ("Errors").
// A provider's own words ("Cyclr: …") stay as they are; anything else of ours that is not
// recognised gets the catalogue's general message for its code. English is left untouched.

type Values = Record<string, string | number>;
type Rule = { pattern: RegExp; key: string; values?: (match: RegExpMatchArray) => Values };

const provider = "(Cyclr|Podero)";
const soon = "Try again in a moment\\.";
/** For rules whose first group is the provider's name. */
const named = (m: RegExpMatchArray): Values => ({ provider: m[1]! });

/** Switchboard's own failure messages that reach end users, from lib/connect, lib/devices, lib/entry, lib/rate-limit and lib/providers. */
export const messageRules: Rule[] = [
  { pattern: /^Too many requests\. Try again in (\d+) seconds?\.$/, key: "rateLimited", values: (m) => ({ seconds: Number(m[1]) }) },
  { pattern: /^This link is not valid\.$/, key: "linkInvalid" },
  { pattern: /^This link has expired\. Go back to the app and open the connections page again\.$/, key: "linkExpired" },
  { pattern: /^This link is no longer valid\. Go back to the app and open the connections page again\.$/, key: "linkRevoked" },
  { pattern: /^This return link is not valid\.$/, key: "returnLinkInvalid" },
  { pattern: /^This connector is not part of your account\.$/, key: "connectorUnknown" },
  { pattern: /^This connection attempt does not exist\.$/, key: "attemptUnknown" },
  { pattern: /^(.+) did not accept these credentials\. Check them and try again\.$/, key: "credentialsRefused", values: (m) => ({ name: m[1]! }) },
  { pattern: /^These credentials do not fit this connector\.$/, key: "credentialsMismatch" },
  { pattern: /^(.+) is connected with a form, not a popup\.$/, key: "formOnly", values: (m) => ({ name: m[1]! }) },
  { pattern: /^Check the highlighted fields\.$/, key: "checkFields" },
  { pattern: /^Devices are not offered here\.$/, key: "devicesNotOffered" },
  { pattern: /^This device does not exist\.$/, key: "deviceUnknown" },
  { pattern: /^Say which type of device to connect\.$/, key: "deviceTypeMissing" },
  { pattern: /^(?:Electric vehicle|Heat pump|Battery inverter|Wallbox)s are not offered here\.$/, key: "deviceTypeNotOffered" },
  { pattern: /^This device connection attempt does not exist\.$/, key: "deviceAttemptUnknown" },
  { pattern: /^Podero no longer knows this device connection\. Try again\.$/, key: "deviceAttemptLost" },
  { pattern: /^The device connection page expired before the device was connected\. Try again\.$/, key: "deviceExpired" },
  { pattern: /^Podero has not confirmed that the device is connected\.$/, key: "deviceNotConfirmed" },
  { pattern: /^Cancelled on Podero's page$/, key: "deviceCancelled" },
  { pattern: /^Superseded by a newer attempt$/, key: "deviceSuperseded" },
  { pattern: /^To connect a device, the app you came from must provide your email address\./, key: "needsEmail" },
  { pattern: /^Podero already has a user with your email address who is not linked to you here/, key: "emailTaken" },
  { pattern: /^That request was not valid\.$/, key: "generic.bad_request" },
  { pattern: /^Something went wrong on our side\. Please try again\.$/, key: "generic.internal" },
  {
    pattern: new RegExp(`^${provider} did not answer within (\\d+) seconds\\. ${soon}$`),
    key: "providerTimeout",
    values: (m) => ({ provider: m[1]!, seconds: Number(m[2]) }),
  },
  { pattern: new RegExp(`^${provider} took too long to (?:send its answer|answer)\\. ${soon}$`), key: "providerSlow", values: named },
  { pattern: new RegExp(`^${provider} cannot be reached right now\\. ${soon}$`), key: "providerUnreachable", values: named },
  { pattern: new RegExp(`^The connection to ${provider} broke while reading its answer\\. ${soon}$`), key: "providerUnreachable", values: named },
  { pattern: new RegExp(`^${provider} is busy \\(too many requests\\)\\. ${soon}$`), key: "providerBusy", values: named },
  {
    pattern: new RegExp(`^${provider} is not available right now \\(HTTP (\\d+)\\)\\. ${soon}$`),
    key: "providerDown",
    values: (m) => ({ provider: m[1]!, status: m[2]! }),
  },
  { pattern: new RegExp(`^${provider} refused the request\\.$`), key: "providerRefused", values: named },
  { pattern: new RegExp(`^${provider} refused Switchboard's access token\\.`), key: "providerAccessToken", values: named },
  { pattern: new RegExp(`^${provider} does not allow access to this .+\\.$`), key: "providerForbidden", values: named },
  { pattern: new RegExp(`^${provider} has no such .+\\.$`), key: "providerNotFound", values: named },
  {
    pattern: new RegExp(
      `^${provider}(?: sent a response that is not JSON| sent .+ data Switchboard does not understand| answered with an unexpected status| listed more than|'s token endpoint sent a response)`,
    ),
    key: "providerBadAnswer",
    values: named,
  },
];

/** The credentials form's field messages (lib/connect/credentials.ts). */
export const fieldRules: Rule[] = [
  { pattern: /^Enter the API key$/, key: "field.enterApiKey" },
  { pattern: /^That key is too long$/, key: "field.keyTooLong" },
  { pattern: /^Enter the username$/, key: "field.enterUsername" },
  { pattern: /^A username cannot contain ':'$/, key: "field.usernameColon" },
  { pattern: /^Enter the password$/, key: "field.enterPassword" },
  { pattern: /^Too big\b/, key: "field.tooLong" },
];

/** A provider's own explanation, quoted by lib/providers/errors.ts: not ours to translate. */
const providerWords = new RegExp(`^${provider}: `);
/** "X could not be set up for your account. <the provider's reason>" (lib/connect/install.ts). */
const installFailed = /^(.+?) could not be set up for your account\. (.+)$/;

function translator(locale: Locale) {
  return createTranslator({ locale, messages: catalogues[locale], namespace: "Errors" });
}
type Translate = ReturnType<typeof translator>;

function byRules(t: Translate, rules: Rule[], message: string): string | null {
  for (const rule of rules) {
    const match = message.match(rule.pattern);
    if (!match) continue;
    // Keys come from the rules above, each checked against the catalogue by failures.unit.test.ts.
    return t(rule.key as Parameters<Translate>[0], rule.values?.(match));
  }
  return null;
}

function say(t: Translate, message: string, code: ErrorCode): string {
  const known = byRules(t, messageRules, message);
  if (known !== null) return known;
  if (providerWords.test(message)) return message;
  const install = message.match(installFailed);
  if (install) return t("installFailed", { name: install[1]!, reason: say(t, install[2]!, code) });
  return t(`generic.${code}`);
}

/** One of Switchboard's failure messages in `locale` (code: the failure's, for the general wording). */
export function localizeMessage(locale: Locale, message: string, code: ErrorCode = "upstream"): string {
  if (locale === "en") return message;
  return say(translator(locale), message, code);
}

/** A failure as an end user in `locale` reads it: its message and its field messages. */
export function localizeFailure(locale: Locale, failure: Failure): Failure {
  if (locale === "en") return failure;
  const t = translator(locale);
  const { code, message, fields } = failure.error;
  const localized: Failure = { ok: false, error: { code, message: say(t, message, code) } };
  if (fields) {
    const translated: FieldErrors = {};
    for (const [name, messages] of Object.entries(fields)) {
      translated[name] = messages.map((text) => byRules(t, fieldRules, text) ?? t("field.invalid"));
    }
    localized.error.fields = translated;
  }
  return localized;
}
