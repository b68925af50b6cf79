import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { refusals } from "@/lib/metrics";
import { truncateAll } from "@/testing/db";
import { useSettings } from "@/testing/settings";
import { createAdminUser, SignInError, signInWithPassword } from "./users";

// Password sign-in under its real limit (RATE_LIMIT_SIGN_IN's default, 10 per 15 minutes per
// email and per client address), counted in PostgreSQL before the password is checked.

const PASSWORD = "a long enough password";
let restore: () => void = () => undefined;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });

beforeEach(async () => {
  await truncateAll();
  await createAdminUser("ops@example.com", PASSWORD, "admin");
  restore = useSettings({ RATE_LIMIT_SIGN_IN: "10" });
});
afterEach(() => restore());
afterAll(() => pool.end());

const attempt = (password: string, ip = "203.0.113.5", email = "ops@example.com") =>
  signInWithPassword({ email, password }, ip).then(
    (user) => `signed in as ${user.email}`,
    (error: unknown) => (SignInError.is(error) ? error.message : `unexpected: ${String(error)}`),
  );

async function count(reason: string): Promise<number> {
  return (await refusals.get()).values.find((value) => value.labels.reason === reason && value.labels.edge === "sign_in")?.value ?? 0;
}

/** What 15 minutes do to the counters: every window ends. */
const windowPasses = () => pool.query(`UPDATE "RateLimit" SET expire = $1`, [Date.now() - 1]);

describe("password sign-in limits", () => {
  it("N+5 concurrent wrong passwords: at most N are checked, the rest refused before any check, and none is an Event row", async () => {
    expect(env().RATE_LIMIT_SIGN_IN).toBe(10);
    const [failedBefore, limitedBefore] = [await count("sign_in_failed"), await count("rate_limited")];
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt(`wrong password ${i}`)));
    const checked = answers.filter((answer) => answer === "Wrong email or password.").length;
    const limited = answers.filter((answer) => answer === "Too many sign-in attempts. Try again in 15 minutes.").length;
    // Every attempt counts against the email and the address at once, in whatever order the
    // concurrent upserts land: at most 10 get under both limits (one that is 10th on one
    // counter may be 11th on the other), never more.
    expect(checked + limited).toBe(15);
    expect(checked).toBeLessThanOrEqual(10);
    // sign_in_failed is counted only after a password check said no.
    expect(await count("sign_in_failed")).toBe(failedBefore + checked);
    expect(await count("rate_limited")).toBe(limitedBefore + limited);
    expect(await db().event.count({ where: { type: "admin.sign_in" } })).toBe(0);
  });

  it("refuses even the correct password once over the limit, until the window passes", async () => {
    for (let i = 0; i < 10; i++) expect(await attempt("wrong")).toBe("Wrong email or password.");
    expect(await attempt(PASSWORD)).toBe("Too many sign-in attempts. Try again in 15 minutes.");
    await windowPasses();
    expect(await attempt(PASSWORD)).toBe("signed in as ops@example.com");
    expect(await db().event.count({ where: { type: "admin.sign_in" } })).toBe(1);
  });

  it("counts per client address across emails, and per email across addresses", async () => {
    await createAdminUser("other@example.com", PASSWORD, "viewer");
    for (let i = 0; i < 10; i++) expect(await attempt("wrong", "198.51.100.7", `nobody-${i}@example.com`)).toBe("Wrong email or password.");
    expect(await attempt(PASSWORD, "198.51.100.7", "other@example.com")).toMatch(/^Too many sign-in attempts/);
    expect(await attempt(PASSWORD, "198.51.100.8", "other@example.com")).toBe("signed in as other@example.com");

    for (let i = 0; i < 10; i++) expect(await attempt("wrong", `192.0.2.${i}`)).toBe("Wrong email or password.");
    expect(await attempt(PASSWORD, "192.0.2.200")).toMatch(/^Too many sign-in attempts/);
  });

  it("only failures add up: an admin who signs in correctly again and again is never limited", async () => {
    for (let i = 0; i < 9; i++) expect(await attempt("wrong")).toBe("Wrong email or password.");
    for (let i = 0; i < 15; i++) expect(await attempt(PASSWORD)).toBe("signed in as ops@example.com");
    expect(await attempt("wrong")).toBe("Wrong email or password.");
    expect(await attempt(PASSWORD)).toMatch(/^Too many sign-in attempts/);
  });
});
