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
    expect(await signInWithSso({ email: "OPS@example.com", emailVerified: true, issuer, subject: "subject-1" })).toMatchObject({
      email: "ops@example.com",
      role: "admin",
    });
  });

  it("refuses an email the issuer does not say is verified: a missing claim is not a yes", async () => {
    expect(await refusal(signInWithSso({ email: "ops@example.com", emailVerified: undefined, issuer, subject: "subject-1" }))).toBe("sso_unverified");
    expect(await refusal(signInWithSso({ email: "ops@example.com", emailVerified: false, issuer, subject: "subject-1" }))).toBe("sso_unverified");
    expect(await refusal(signInWithSso({ email: "ops@example.com", emailVerified: "true", issuer, subject: "subject-1" }))).toBe("sso_unverified");
    expect(await db().event.count({ where: { type: "admin.sign_in", outcome: "failure" } })).toBe(3);
  });

  it("links the first SSO identity to the admin and refuses another subject with the same email, until the admin is saved again", async () => {
    await signInWithSso({ email: "ops@example.com", emailVerified: true, issuer, subject: "subject-1" });
    expect(await signInWithSso({ email: "ops@example.com", emailVerified: true, issuer, subject: "subject-1" })).toMatchObject({ email: "ops@example.com" });
    expect(await refusal(signInWithSso({ email: "ops@example.com", emailVerified: true, issuer, subject: "someone-else" }))).toBe("sso_other_subject");
    expect(await refusal(signInWithSso({ email: "ops@example.com", emailVerified: true, issuer: "https://other-idp.example.com", subject: "subject-1" }))).toBe(
      "sso_other_subject",
    );
    expect(
      await db().event.findFirst({ where: { type: "admin.sign_in", outcome: "failure", data: { path: ["reason"], equals: "other_subject" } } }),
    ).not.toBeNull();
    // Saved again with the CLI: the next SSO identity links anew.
    await createAdminUser("ops@example.com", "a long enough password", "admin");
    expect(await signInWithSso({ email: "ops@example.com", emailVerified: true, issuer, subject: "someone-else" })).toMatchObject({ email: "ops@example.com" });
  });

  it("refuses an id_token without a subject", async () => {
    expect(await refusal(signInWithSso({ email: "ops@example.com", emailVerified: true, issuer, subject: undefined }))).toBe("sso_unverified");
  });

  it("refuses someone the issuer knows who is not an admin", async () => {
    expect(await refusal(signInWithSso({ email: "visitor@example.com", emailVerified: true, issuer, subject: "subject-1" }))).toBe("sso_no_access");
  });
});
