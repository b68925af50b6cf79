import { describe, expect, it } from "vitest";
import { acceptedLanguages, matchLocale, resolveLocale } from "./locales";

describe("choosing the language of a connect page", () => {
  it("takes the page's ?locale= first, then the session's, then the browser's, then English", () => {
    expect(resolveLocale({ query: "fr", session: "de", acceptLanguage: "es" })).toBe("fr");
    expect(resolveLocale({ query: null, session: "de", acceptLanguage: "es" })).toBe("de");
    expect(resolveLocale({ session: null, acceptLanguage: "es-MX,es;q=0.9" })).toBe("es");
    expect(resolveLocale({})).toBe("en");
  });

  it("matches by language: a region or script is not needed", () => {
    expect(matchLocale("de-AT")).toBe("de");
    expect(matchLocale("fr-CA")).toBe("fr");
    expect(matchLocale("es-419")).toBe("es");
    expect(matchLocale("DE")).toBe("de");
    expect(matchLocale("de_CH")).toBe("de");
    expect(resolveLocale({ session: "de-AT" })).toBe("de");
  });

  it("ignores junk in ?locale= and moves on to the next source", () => {
    for (const junk of ["", " ", "<script>", "de;drop", "d", "deutsch-", "-de", "x".repeat(40), "de-AT-" + "a".repeat(40)]) {
      expect(matchLocale(junk)).toBeNull();
      expect(resolveLocale({ query: junk, session: "es" })).toBe("es");
    }
    expect(resolveLocale({ query: ["de", "fr"] })).toBe("de");
    expect(resolveLocale({ query: [], acceptLanguage: "fr" })).toBe("fr");
  });

  it("answers English when the page or the session names a language it does not have", () => {
    expect(matchLocale("xx")).toBeNull();
    expect(matchLocale("it-IT")).toBeNull();
    expect(resolveLocale({ query: "xx" })).toBe("en");
    expect(resolveLocale({ session: "xx", acceptLanguage: "de" })).toBe("en");
    expect(resolveLocale({ query: "it", session: "de" })).toBe("en");
    expect(resolveLocale({ query: "<junk>", session: "pt-BR", acceptLanguage: "es" })).toBe("en");
  });

  it("takes from Accept-Language the most wanted language it has, passing over the others", () => {
    expect(resolveLocale({ acceptLanguage: "pt-BR,pt;q=0.9" })).toBe("en");
    expect(resolveLocale({ acceptLanguage: "it-IT,it;q=0.9,de;q=0.5" })).toBe("de");
  });

  it("reads Accept-Language by its q-values, in order where they are equal", () => {
    expect(acceptedLanguages("de-AT,de;q=0.9,en;q=0.8")).toEqual(["de-AT", "de", "en"]);
    expect(acceptedLanguages("en;q=0.5, fr;q=0.9, es")).toEqual(["es", "fr", "en"]);
    expect(acceptedLanguages("fr, de")).toEqual(["fr", "de"]);
    expect(resolveLocale({ acceptLanguage: "en;q=0.2, it;q=1, fr;q=0.8" })).toBe("fr");
    expect(resolveLocale({ acceptLanguage: "en;q=0.9, de;q=0.95" })).toBe("de");
  });

  it("leaves out '*', refusals (q=0) and malformed weights", () => {
    expect(acceptedLanguages("*, de;q=0, fr;q=0.1")).toEqual(["fr"]);
    expect(acceptedLanguages("de;q=abc, es;q=0.3")).toEqual(["es"]);
    expect(acceptedLanguages("de;Q=0.4, es;q=2")).toEqual(["es", "de"]);
    expect(resolveLocale({ acceptLanguage: "de;q=0, *" })).toBe("en");
    expect(acceptedLanguages("")).toEqual([]);
    expect(acceptedLanguages(null)).toEqual([]);
    expect(acceptedLanguages(",,;q=1, ;")).toEqual([]);
  });
});
