import { describe, expect, it } from "vitest";
import type { components } from "./generated/openapi";
import { withLook, type Appearance } from "./protocol";

// The appearance and locale reach Switchboard's pages as query parameters; a value of the
// wrong form is refused by name before any frame or popup opens.

// The browser's Appearance is the contract's (the session's `appearance` in the OpenAPI document): tsc fails if they part.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsContract: Same<Appearance, components["schemas"]["Appearance"]> = true;
void sameAsContract;

const embed = () => new URL("https://switchboard.example.com/embed/abcdefghijklmnopqrstuv");

describe("withLook", () => {
  it("adds theme, accent, radius, background and locale, and keeps what the URL had", () => {
    const url = withLook(
      new URL(`${embed().href}?connector=Salesforce`),
      { theme: "dark", accent: "#4F46E5", radius: 0, background: "transparent" },
      "de-CH",
      "test",
    );
    expect(Object.fromEntries(url.searchParams)).toEqual({
      connector: "Salesforce",
      theme: "dark",
      accent: "#4f46e5",
      radius: "0",
      background: "transparent",
      locale: "de-CH",
    });
    expect(url.pathname).toBe(embed().pathname);
  });

  it("adds nothing when nothing is asked", () => {
    expect(withLook(embed(), undefined, undefined, "test").href).toBe(embed().href);
    expect(withLook(embed(), {}, undefined, "test").href).toBe(embed().href);
  });

  it.each([
    [{ theme: "blue" }, "appearance.theme"],
    [{ accent: "red" }, "appearance.accent"],
    [{ accent: "#fff" }, "appearance.accent"],
    [{ radius: 25 }, "appearance.radius"],
    [{ radius: 2.5 }, "appearance.radius"],
    [{ background: "none" }, "appearance.background"],
  ])("refuses %j, naming %s", (appearance, name) => {
    expect(() => withLook(embed(), appearance as never, undefined, "Switchboard.mount")).toThrow(`Switchboard.mount: ${name}`);
  });

  it("refuses a locale that is not a language tag", () => {
    expect(() => withLook(embed(), undefined, "german please", "Switchboard.mount")).toThrow("Switchboard.mount: locale");
  });
});
