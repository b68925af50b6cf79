import de from "./messages/de.json";
import en from "./messages/en.json";
import es from "./messages/es.json";
import fr from "./messages/fr.json";
import type { Locale } from "./locales";

// The message catalogues, one per language, all with English's keys (catalogues.unit.test.ts).
// Server code only: a client component gets the namespaces it needs through the page's
// NextIntlClientProvider, never a whole catalogue. In the built app these imports arrive
// compiled (next.config.mjs: next-intl's precompile) and next-intl formats only compiled
// messages: every message it formats must come from these files, never a string of its own.

export type Messages = typeof en;

export const catalogues: Record<Locale, Messages> = { en, de, fr, es };

/** The namespaces the connect page's client components translate with (its apps and its devices); nothing else reaches the browser. */
export function clientMessages(locale: Locale): Pick<Messages, "Connect" | "Devices"> {
  return { Connect: catalogues[locale].Connect, Devices: catalogues[locale].Devices };
}

/** The headless connect popup's: the Connect namespace (its form) and its own words. */
export function headlessMessages(locale: Locale): Pick<Messages, "Connect" | "Headless"> {
  return { Connect: catalogues[locale].Connect, Headless: catalogues[locale].Headless };
}
