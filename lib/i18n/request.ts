import { getRequestConfig } from "next-intl/server";
import { catalogues } from "./catalogues";
import { isLocale } from "./locales";
import { pageLocale } from "./page-locale";

// next-intl's configuration for each request (wired in next.config.mjs). No locale in the
// URL: pages speak pageLocale()'s language, or one a caller names (getTranslations({ locale })).
export default getRequestConfig(async ({ locale: asked }) => {
  const locale = isLocale(asked) ? asked : await pageLocale();
  // Dates are formatted in UTC on the server; the browser shows its own zone (components/connect/local-date.tsx).
  return { locale, messages: catalogues[locale], timeZone: "UTC" };
});
