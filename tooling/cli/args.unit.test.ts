import { describe, expect, it } from "vitest";
import { commandUsage, parseCommand, usage } from "./args";

describe("cli arguments: api-key create", () => {
  it("takes a name, any number of --origin and one --webhook", () => {
    expect(parseCommand(["api-key", "create", "prod"])).toEqual({ command: "api-key create", name: "prod", origins: [], webhook: null });
    expect(
      parseCommand(["api-key", "create", "prod", "--origin", "https://a.example", "--webhook", "https://hooks.example/in", "--origin=https://b.example"]),
    ).toEqual({ command: "api-key create", name: "prod", origins: ["https://a.example", "https://b.example"], webhook: "https://hooks.example/in" });
  });

  it("joins a name of several words, wherever the flags stand", () => {
    expect(parseCommand(["api-key", "create", "acme", "--origin", "https://a.example", "production"])).toMatchObject({
      name: "acme production",
      origins: ["https://a.example"],
    });
  });

  it("refuses an unknown flag by name instead of folding it into the name", () => {
    const parsed = parseCommand(["api-key", "create", "prod", "--orign", "x"]);
    expect(parsed).toEqual({ command: "usage", exitCode: 2, text: `api-key create: Unknown option '--orign'\n${commandUsage["api-key create"]}` });
    expect(parseCommand(["api-key", "create", "prod", "-o", "x"])).toMatchObject({ exitCode: 2, text: expect.stringContaining("Unknown option '-o'") });
  });

  it("refuses a flag without its value", () => {
    expect(parseCommand(["api-key", "create", "prod", "--origin"])).toMatchObject({
      command: "usage",
      exitCode: 2,
      text: expect.stringContaining("Option '--origin <value>' argument missing"),
    });
    // The next flag is not taken as the value.
    expect(parseCommand(["api-key", "create", "prod", "--webhook", "--origin", "https://a.example"])).toMatchObject({
      exitCode: 2,
      text: expect.stringContaining("'--webhook' argument is ambiguous"),
    });
  });

  it("asks for a name", () => {
    expect(parseCommand(["api-key", "create", "--origin", "https://a.example"])).toEqual({
      command: "usage",
      exitCode: 2,
      text: "Give the key a name, e.g. api-key create production [--origin https://app.example.com]",
    });
  });
});

describe("cli arguments: admin create", () => {
  it("takes an email and --role (checked against the roles by the command)", () => {
    expect(parseCommand(["admin", "create", "ops@example.com", "--role", "viewer"])).toEqual({
      command: "admin create",
      email: "ops@example.com",
      role: "viewer",
    });
    expect(parseCommand(["admin", "create", "--role", "admin", "ops@example.com"])).toEqual({
      command: "admin create",
      email: "ops@example.com",
      role: "admin",
    });
  });

  it("refuses a missing email or --role, a second email, and unknown flags", () => {
    const refused = { command: "usage", exitCode: 2, text: commandUsage["admin create"] };
    expect(parseCommand(["admin", "create", "--role", "admin"])).toEqual(refused);
    expect(parseCommand(["admin", "create", "ops@example.com"])).toEqual(refused);
    expect(parseCommand(["admin", "create", "a@example.com", "b@example.com", "--role", "admin"])).toEqual(refused);
    expect(parseCommand(["admin", "create", "ops@example.com", "--role"])).toMatchObject({
      exitCode: 2,
      text: `admin create: Option '--role <value>' argument missing\n${commandUsage["admin create"]}`,
    });
    expect(parseCommand(["admin", "create", "ops@example.com", "--role", "admin", "--password", "x"])).toMatchObject({
      exitCode: 2,
      text: expect.stringContaining("Unknown option '--password'"),
    });
  });
});

describe("cli arguments: demo seed", () => {
  it("takes --accounts from 1 to 100,000", () => {
    expect(parseCommand(["demo", "seed", "--accounts", "250"])).toEqual({ command: "demo seed", accounts: 250 });
    expect(parseCommand(["demo", "seed", "--accounts=100000"])).toEqual({ command: "demo seed", accounts: 100_000 });
  });

  it("refuses a missing, non-integer or out-of-range count, and strays", () => {
    const refused = { command: "usage", exitCode: 2, text: commandUsage["demo seed"] };
    for (const args of [[], ["--accounts", "0"], ["--accounts", "100001"], ["--accounts", "2.5"], ["--accounts", "many"], ["--accounts", "5", "extra"]]) {
      expect(parseCommand(["demo", "seed", ...args])).toEqual(refused);
    }
    expect(parseCommand(["demo", "seed", "--accounts"])).toMatchObject({ exitCode: 2, text: expect.stringContaining("'--accounts <value>' argument missing") });
    expect(parseCommand(["demo", "seed", "--acounts", "5"])).toMatchObject({ exitCode: 2, text: expect.stringContaining("Unknown option '--acounts'") });
  });
});

describe("cli arguments: catalogue", () => {
  it("lists, reading from Cyclr first with --refresh", () => {
    expect(parseCommand(["catalogue", "list"])).toEqual({ command: "catalogue list", refresh: false });
    expect(parseCommand(["catalogue", "list", "--refresh"])).toEqual({ command: "catalogue list", refresh: true });
  });

  it("refuses strays and unknown flags on list, and a value for --refresh", () => {
    expect(parseCommand(["catalogue", "list", "Salesforce"])).toEqual({ command: "usage", exitCode: 2, text: commandUsage["catalogue list"] });
    expect(parseCommand(["catalogue", "list", "--offered"])).toMatchObject({ exitCode: 2, text: expect.stringContaining("Unknown option '--offered'") });
    expect(parseCommand(["catalogue", "list", "--refresh=yes"])).toMatchObject({
      exitCode: 2,
      text: expect.stringContaining("'--refresh' does not take an argument"),
    });
  });

  it("offers and unoffers by id or name, one reference per argument", () => {
    expect(parseCommand(["catalogue", "offer", "5001", "Google Sheets"])).toEqual({ command: "catalogue offer", references: ["5001", "Google Sheets"] });
    expect(parseCommand(["catalogue", "unoffer", " HubSpot "])).toEqual({ command: "catalogue unoffer", references: ["HubSpot"] });
    // After --, a name may start with a dash.
    expect(parseCommand(["catalogue", "offer", "--", "-beta-"])).toEqual({ command: "catalogue offer", references: ["-beta-"] });
  });

  it("refuses offer and unoffer without a reference, with an empty one, or with a flag", () => {
    expect(parseCommand(["catalogue", "offer"])).toEqual({ command: "usage", exitCode: 2, text: commandUsage["catalogue offer"] });
    expect(parseCommand(["catalogue", "unoffer", "5001", "  "])).toEqual({ command: "usage", exitCode: 2, text: commandUsage["catalogue unoffer"] });
    expect(parseCommand(["catalogue", "offer", "--all"])).toEqual({
      command: "usage",
      exitCode: 2,
      text: `catalogue offer: Unknown option '--all'\n${commandUsage["catalogue offer"]}`,
    });
  });
});

describe("cli arguments: keys", () => {
  it("re-seals, and takes nothing else", () => {
    expect(parseCommand(["keys", "reseal"])).toEqual({ command: "keys reseal" });
    expect(parseCommand(["keys", "reseal", "now"])).toEqual({ command: "usage", exitCode: 2, text: commandUsage["keys reseal"] });
    expect(parseCommand(["keys", "reseal", "--force"])).toMatchObject({ exitCode: 2, text: expect.stringContaining("Unknown option '--force'") });
  });
});

describe("cli arguments: help", () => {
  it("prints the usage, exiting 0 when asked for it and 2 otherwise", () => {
    expect(parseCommand(["help"])).toEqual({ command: "usage", exitCode: 0, text: usage });
    expect(parseCommand(["--help"])).toEqual({ command: "usage", exitCode: 0, text: usage });
    expect(parseCommand([])).toEqual({ command: "usage", exitCode: 2, text: usage });
    expect(parseCommand(["api-key", "delete", "x"])).toEqual({ command: "usage", exitCode: 2, text: usage });
    expect(parseCommand(["catalogue"])).toEqual({ command: "usage", exitCode: 2, text: usage });
  });

  it("names every command and its flags", () => {
    expect(usage).toContain("api-key create <name> [--origin <origin>]... [--webhook <url>]");
    expect(usage).toContain("admin create <email> --role admin|viewer");
    expect(usage).toContain("demo seed --accounts <n>");
    expect(usage).toContain("catalogue list [--refresh]");
    expect(usage).toContain("catalogue offer <id or name>...");
    expect(usage).toContain("catalogue unoffer <id or name>...");
  });
});
