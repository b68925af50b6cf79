import type { Locale } from "./locales";
import type { Messages } from "./catalogues";

// next-intl's keys and locales, typed from the English catalogue: a missing key is a type error.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
