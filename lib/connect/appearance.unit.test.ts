import { describe, expect, it } from "vitest";
import {
  AA_TEXT,
  accentAsText,
  appearanceVariables,
  contrastRatio,
  DEFAULT_ACCENT,
  NEAR_BLACK,
  pageAppearance,
  relativeLuminance,
  SURFACES,
  textOnAccent,
  WHITE,
} from "./appearance";

describe("a page's appearance", () => {
  it("is Switchboard's own when neither the session nor the URL says anything", () => {
    expect(pageAppearance({}, {}, { embedded: true })).toEqual({ theme: "light", accent: DEFAULT_ACCENT, radius: null, background: "default" });
  });

  it("is the session's, overridden field by field by the URL's query", () => {
    const session = { theme: "dark", accent: "#112233", radius: 4 } as const;
    expect(pageAppearance(session, {}, { embedded: false })).toEqual({ theme: "dark", accent: "#112233", radius: 4, background: "default" });
    expect(pageAppearance(session, { accent: "#ABCDEF", radius: "12" }, { embedded: false })).toEqual({
      theme: "dark",
      accent: "#abcdef",
      radius: 12,
      background: "default",
    });
    expect(pageAppearance(session, { theme: "auto" }, { embedded: true }).theme).toBe("auto");
  });

  it("ignores a query value the schema refuses, keeping the session's", () => {
    const session = { theme: "dark", accent: "#112233", radius: 4 } as const;
    const bad = { theme: "purple", accent: "red", radius: "25", background: "see-through" };
    expect(pageAppearance(session, bad, { embedded: true })).toEqual({ theme: "dark", accent: "#112233", radius: 4, background: "default" });
    for (const radius of ["-1", "4.5", "1e1", "", " 4", "0x4"]) expect(pageAppearance(session, { radius }, { embedded: true }).radius).toBe(4);
    expect(pageAppearance(session, { accent: "#1122334" }, { embedded: true }).accent).toBe("#112233");
    // A parameter given twice is not a value.
    expect(pageAppearance(session, { theme: ["light", "dark"] }, { embedded: true }).theme).toBe("dark");
    expect(pageAppearance({}, { radius: "0" }, { embedded: true }).radius).toBe(0);
  });

  it("is transparent only when framed (/embed), from the session or the URL", () => {
    expect(pageAppearance({ background: "transparent" }, {}, { embedded: true }).background).toBe("transparent");
    expect(pageAppearance({}, { background: "transparent" }, { embedded: true }).background).toBe("transparent");
    expect(pageAppearance({ background: "transparent" }, {}, { embedded: false }).background).toBe("default");
    expect(pageAppearance({}, { background: "transparent" }, { embedded: false }).background).toBe("default");
    expect(pageAppearance({ background: "transparent" }, { background: "default" }, { embedded: true }).background).toBe("default");
  });
});

describe("contrast (WCAG 2.x)", () => {
  it("measures known pairs", () => {
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 10);
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 10);
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 10);
    expect(contrastRatio("#777777", "#777777")).toBe(1);
    // Published figures: #777 on white is 4.48:1 (just fails AA), #767676 is 4.54:1.
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  it("puts white text on dark accents and near-black on light ones, always at least 4.5:1", () => {
    expect(textOnAccent("#1d4ed8")).toBe(WHITE);
    expect(textOnAccent("#4f46e5")).toBe(WHITE);
    expect(textOnAccent("#000000")).toBe(WHITE);
    expect(textOnAccent("#ffff00")).toBe(NEAR_BLACK);
    expect(textOnAccent("#ffffff")).toBe(NEAR_BLACK);
    // #777: white is 4.48:1, so dark text (near-black is 4.0:1 there, so black, 4.69:1).
    expect(textOnAccent("#777777")).toBe("#000000");
    for (let value = 0; value < 256; value += 5) {
      for (const accent of [
        `#${value.toString(16).padStart(2, "0").repeat(3)}`,
        `#${value.toString(16).padStart(2, "0")}8000`,
        `#00${value.toString(16).padStart(2, "0")}ff`,
      ]) {
        expect(contrastRatio(textOnAccent(accent), accent)).toBeGreaterThanOrEqual(AA_TEXT);
      }
    }
  });

  it("keeps the accent as text when it reads on the theme's surfaces, and darkens or lightens it when not", () => {
    // Dark blue reads on white: kept in the light theme, lightened for the dark one.
    expect(accentAsText("#1d4ed8", [...SURFACES.light], "black")).toBe("#1d4ed8");
    const onDark = accentAsText("#1d4ed8", [...SURFACES.dark], "white");
    expect(onDark).not.toBe("#1d4ed8");
    for (const surface of SURFACES.dark) expect(contrastRatio(onDark, surface)).toBeGreaterThanOrEqual(AA_TEXT);
    // Yellow does not read on white: darkened.
    const onLight = accentAsText("#ffff00", [...SURFACES.light], "black");
    for (const surface of SURFACES.light) expect(contrastRatio(onLight, surface)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(accentAsText("#ffff00", [...SURFACES.dark], "white")).toBe("#ffff00");
  });

  it("sets the accent, a hover that only adds contrast, the text on it, a readable link per theme, and the radius given", () => {
    const dark = appearanceVariables({ theme: "light", accent: "#1d4ed8", radius: 8, background: "default" });
    expect(dark["--sb-host-accent"]).toBe("#1d4ed8");
    expect(dark["--sb-host-on-accent"]).toBe(WHITE);
    expect(dark["--sb-host-radius"]).toBe("8px");
    expect(contrastRatio(WHITE, dark["--sb-host-accent-hover"]!)).toBeGreaterThan(contrastRatio(WHITE, "#1d4ed8"));
    const light = appearanceVariables({ theme: "dark", accent: "#ffff00", radius: null, background: "default" });
    expect(light["--sb-host-on-accent"]).toBe(NEAR_BLACK);
    expect(contrastRatio(NEAR_BLACK, light["--sb-host-accent-hover"]!)).toBeGreaterThanOrEqual(contrastRatio(NEAR_BLACK, "#ffff00"));
    expect(light).not.toHaveProperty("--sb-host-radius");
    for (const surface of SURFACES.light) expect(contrastRatio(light["--sb-host-link-light"]!, surface)).toBeGreaterThanOrEqual(AA_TEXT);
    for (const surface of SURFACES.dark) expect(contrastRatio(light["--sb-host-link-dark"]!, surface)).toBeGreaterThanOrEqual(AA_TEXT);
  });
});
