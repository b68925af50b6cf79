import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { catalogues, clientMessages, headlessMessages } from "./catalogues";
import { locales } from "./locales";

// Every language says everything English says, with the same placeholders: a translation
// that drops {name} or turns {count} into plain text would show the wrong words, or none.

type Tree = { [key: string]: string | Tree };

/** Every message of a catalogue by its dotted key. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

/** The ICU arguments of a message with their kinds ("name", "count:plural"), plural and select branches included. */
function icuArguments(message: string): string[] {
  const found = new Set<string>();
  const scan = (text: string) => {
    let depth = 0;
    let start = -1;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === "{") {
        if (depth === 0) start = i;
        depth++;
      } else if (text[i] === "}") {
        depth--;
        if (depth === 0) argument(text.slice(start + 1, i));
      }
    }
    expect(depth, `unbalanced braces in ${JSON.stringify(message)}`).toBe(0);
  };
  const argument = (inside: string) => {
    const [name = "", kind, ...rest] = inside.split(",");
    if (kind === undefined) {
      found.add(name.trim());
      return;
    }
    found.add(`${name.trim()}:${kind.trim()}`);
    // The branches, "one {…} other {…}": their keywords must match too, and what is inside them.
    const options = rest.join(",");
    let i = 0;
    while (i < options.length) {
      const keyword = /^\s*([=\w]+)\s*\{/.exec(options.slice(i));
      if (!keyword) break;
      found.add(`${name.trim()}:${kind.trim()}:${keyword[1]}`);
      const open = i + keyword[0].length;
      let depth = 1;
      let end = open;
      while (end < options.length && depth > 0) {
        if (options[end] === "{") depth++;
        if (options[end] === "}") depth--;
        end++;
      }
      scan(options.slice(open, end - 1));
      i = end;
    }
  };
  scan(message);
  return [...found].sort();
}

const english = flatten(catalogues.en);

describe("the message catalogues", () => {
  it("English has messages, each with a non-empty text", () => {
    expect(english.size).toBeGreaterThan(50);
    for (const [key, text] of english) expect(text.trim(), key).not.toBe("");
  });

  for (const locale of locales.filter((l) => l !== "en")) {
    describe(locale, () => {
      const translated = flatten(catalogues[locale]);

      it("has every English key and no other", () => {
        expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      });

      it("has no empty message", () => {
        for (const [key, text] of translated) expect(text.trim(), key).not.toBe("");
      });

      it("uses the same ICU arguments (and plural branches) as English", () => {
        for (const [key, text] of english) expect(icuArguments(translated.get(key) ?? ""), key).toEqual(icuArguments(text));
      });

      it("formats every message without an error", () => {
        const errors: string[] = [];
        const t = createTranslator({ locale, messages: catalogues[locale], onError: (error) => errors.push(error.message) });
        for (const [key, text] of english) {
          const values = Object.fromEntries(
            icuArguments(text)
              .filter((arg) => arg.split(":").length < 3)
              .map((arg) => {
                const [name, kind] = arg.split(":");
                return [name, kind === "plural" ? 2 : "X"];
              }),
          );
          expect(t(key as never, values as never), key).not.toBe("");
        }
        expect(errors).toEqual([]);
      });
    });
  }

  it("sends the browser only the connect page's client namespaces", () => {
    expect(Object.keys(clientMessages("de"))).toEqual(["Connect", "Devices"]);
    expect(clientMessages("fr").Connect).toBe(catalogues.fr.Connect);
    expect(clientMessages("es").Devices).toBe(catalogues.es.Devices);
    expect(Object.keys(headlessMessages("de"))).toEqual(["Connect", "Headless"]);
  });
});
