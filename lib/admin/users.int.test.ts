import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { truncateAll } from "@/testing/db";
import { createAdminUser, SignInError, signInWithSso } from "./users";

beforeEach(async () => {
  await truncateAll();
  await createAdminUser("ops@example.com", "a long enough password", "admin");
});

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (SignInError.is(error) ? error.message : "not a SignInError"),
  );
const issuer = "https://idp.example.com";

describe("single sign-on", () => {
  it("lets in an admin whose email the issuer says is verified", async () => {
    expect(await signInWithSso({ email: "OPS@example.com", emailVerified: true, issuer })).toMatchObject({ email: "ops@example.com", role: "admin" });
  });

  it("refuses an email the issuer does not say is verified: a missing claim is not a yes", async () => {
    expect(await refusal(signInWithSso({ email: "ops@example.com", emailVerified: undefined, issuer }))).toBe("sso_unverified");
    expect(await refusal(signInWithSso({ email: "ops@example.com", emailVerified: false, issuer }))).toBe("sso_unverified");
    expect(await refusal(signInWithSso({ email: "ops@example.com", emailVerified: "true", issuer }))).toBe("sso_unverified");
    expect(await db().event.count({ where: { type: "admin.sign_in", outcome: "failure" } })).toBe(3);
  });

  it("refuses someone the issuer knows who is not an admin", async () => {
    expect(await refusal(signInWithSso({ email: "visitor@example.com", emailVerified: true, issuer }))).toBe("sso_no_access");
  });
});
