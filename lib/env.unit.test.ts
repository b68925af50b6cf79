import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEnv, strictRules } from "@/lib/env";

const secrets = { ENCRYPTION_KEY: randomBytes(32).toString("base64"), AUTH_SECRET: randomBytes(24).toString("base64url") };
const complete = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://switchboard@db.internal/switchboard",
  APP_URL: "https://switchboard.example.com",
  CYCLR_API_URL: "https://api.cyclr.com",
  CYCLR_SERVICE_URL: "https://acme-h.cyclr.com",
  CYCLR_CLIENT_ID: "client",
  CYCLR_CLIENT_SECRET: "client-secret",
  ...secrets,
};

function failure(source: Record<string, string>, rules?: string | null): string {
  try {
    parseEnv(source, rules);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the settings were accepted");
}

describe("settings under production rules", () => {
  it("names every missing setting in one message, with no localhost or demo fallback", () => {
    const message = failure({ NODE_ENV: "production" });
    const [first] = message.split("\n");
    expect(first).toContain("NODE_ENV=production");
    for (const name of [
      "DATABASE_URL",
      "APP_URL",
      "CYCLR_API_URL",
      "CYCLR_SERVICE_URL",
      "CYCLR_CLIENT_ID",
      "CYCLR_CLIENT_SECRET",
      "ENCRYPTION_KEY",
      "AUTH_SECRET",
    ]) {
      expect(first).toContain(name);
      expect(message).toContain(`  ${name}: is required`);
    }
    expect(message).not.toContain("localhost");
  });

  it("applies to a real CYCLR_API_URL without NODE_ENV=production", () => {
    const source = { CYCLR_API_URL: "https://api.cyclr.com", DATABASE_URL: "postgresql://localhost/x", ...secrets };
    expect(strictRules(source)).toMatch(/CYCLR_API_URL/);
    const message = failure(source);
    expect(message.split("\n")[0]).toMatch(/missing: APP_URL, CYCLR_SERVICE_URL, CYCLR_CLIENT_ID, CYCLR_CLIENT_SECRET$/);
  });

  it("names the password flow's credentials instead of the client secret", () => {
    const { CYCLR_CLIENT_SECRET: _, ...rest } = complete;
    const message = failure({ ...rest, CYCLR_AUTH_FLOW: "password" });
    expect(message.split("\n")[0]).toMatch(/missing: CYCLR_USERNAME, CYCLR_PASSWORD$/);
    const settings = parseEnv({ ...rest, CYCLR_AUTH_FLOW: "password", CYCLR_USERNAME: "partner", CYCLR_PASSWORD: "pw" });
    expect(settings.CYCLR_CLIENT_SECRET).toBeUndefined();
  });

  it("names a missing setting and a wrong one together", () => {
    const { APP_URL: _, ...rest } = complete;
    const message = failure({ ...rest, AUTH_SECRET: "short" });
    expect(message.split("\n")[0]).toMatch(/missing: APP_URL$/);
    expect(message).toContain("AUTH_SECRET: must be at least 16 characters");
  });

  it("accepts complete settings as given", () => {
    const settings = parseEnv(complete);
    expect(settings).toMatchObject({ APP_URL: complete.APP_URL, CYCLR_SERVICE_URL: complete.CYCLR_SERVICE_URL, CYCLR_CLIENT_ID: "client" });
  });
});

describe("settings of a local run", () => {
  it("uses the emulator's origins and credentials and a localhost APP_URL where nothing is set", () => {
    expect(strictRules({ NODE_ENV: "development" })).toBeNull();
    const settings = parseEnv({ DATABASE_URL: "postgresql://localhost/x", ...secrets });
    expect(settings).toMatchObject({
      APP_URL: "http://localhost:3000",
      CYCLR_API_URL: "http://localhost:4010",
      CYCLR_SERVICE_URL: "http://localhost:4011",
      CYCLR_CLIENT_ID: "switchboard-local",
      CYCLR_CLIENT_SECRET: "switchboard-local-secret",
    });
  });

  it("still requires the database and the secrets (the local stack provides them)", () => {
    const message = failure({}, null);
    expect(message.split("\n")[0]).toBe("Invalid configuration; missing: DATABASE_URL, ENCRYPTION_KEY, AUTH_SECRET");
  });
});

describe("Podero's device settings", () => {
  it("offers every device type in DE_LU, in English, unless told otherwise", () => {
    expect(parseEnv(complete)).toMatchObject({ PODERO_DEVICE_TYPES: ["ev", "hp", "iv", "wb"], PODERO_PRICE_ZONE: "DE_LU", PODERO_LANGUAGE: "en" });
    expect(parseEnv({ ...complete, PODERO_DEVICE_TYPES: " EV, wb,ev ", PODERO_PRICE_ZONE: "SE_3", PODERO_LANGUAGE: "de" })).toMatchObject({
      PODERO_DEVICE_TYPES: ["ev", "wb"],
      PODERO_PRICE_ZONE: "SE_3",
      PODERO_LANGUAGE: "de",
    });
  });

  it("names a device type, price zone or language it cannot take", () => {
    const message = failure({ ...complete, PODERO_DEVICE_TYPES: "ev,boat", PODERO_PRICE_ZONE: "germany", PODERO_LANGUAGE: "fr" });
    expect(message).toContain("PODERO_DEVICE_TYPES: is a comma-separated list of ev, hp, iv, wb (not boat)");
    expect(message).toContain("PODERO_PRICE_ZONE: is a Podero price zone such as DE_LU, AT or SE_3");
    expect(message).toContain("PODERO_LANGUAGE: is one of Podero's languages: sv, de, en, hu, it, et, pl, ro");
  });
});
