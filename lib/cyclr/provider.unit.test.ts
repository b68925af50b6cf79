import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { errorForStatus as providerErrorForStatus, isTransient, ProviderError, sanitizeMessage } from "@/lib/providers/errors";
import { CYCLR } from "./provider";
import { grantError } from "./token-manager";

// Cyclr's errors: how its statuses and bodies read, through the one provider error type.
const errorForStatus = (status: number, said: string | null, what: string) =>
  providerErrorForStatus(CYCLR, status, said === null ? null : { Message: said }, what);

describe("ProviderError", () => {
  it("is recognised by brand, across module copies, and carries the provider and code", () => {
    const error = new ProviderError("Cyclr", "not_found", "Cyclr has no such account.", 404);
    expect(ProviderError.is(error)).toBe(true);
    expect(ProviderError.is(new Error("x"))).toBe(false);
    expect(ProviderError.is(new AppError("not_found", "x"))).toBe(false);
    expect(AppError.is(error)).toBe(false);
    expect(ProviderError.is({ [Symbol.for("switchboard.error")]: "ProviderError" })).toBe(true);
    expect(error).toMatchObject({ name: "ProviderError", provider: "Cyclr", code: "not_found", status: 404 });
  });

  it("marks outages and timeouts as worth another try", () => {
    expect(isTransient(new ProviderError("Cyclr", "unavailable", "x"))).toBe(true);
    expect(isTransient(new ProviderError("Podero", "timeout", "x"))).toBe(true);
    expect(isTransient(new ProviderError("Cyclr", "bad_request", "x"))).toBe(false);
    expect(isTransient(new Error("x"))).toBe(false);
  });
});

describe("API error mapping", () => {
  it("maps statuses to codes, quoting Cyclr's message where it helps", () => {
    expect(errorForStatus(404, "Account Connector not found.", "connector")).toMatchObject({
      code: "not_found",
      status: 404,
      message: "Cyclr: Account Connector not found.",
    });
    expect(errorForStatus(404, null, "connector").message).toBe("Cyclr has no such connector.");
    expect(errorForStatus(400, "The API key was rejected by the connector.", "connector")).toMatchObject({
      code: "bad_request",
      message: "Cyclr: The API key was rejected by the connector.",
    });
    expect(errorForStatus(400, null, "x").code).toBe("bad_request");
    expect(errorForStatus(401, "Authorization has been denied for this request.", "x").code).toBe("unauthorized");
    expect(errorForStatus(403, null, "account").code).toBe("forbidden");
    expect(errorForStatus(408, null, "x").code).toBe("timeout");
    expect(errorForStatus(429, null, "x").code).toBe("unavailable");
    expect(errorForStatus(503, "An error has occurred.", "x")).toMatchObject({
      code: "unavailable",
      message: "Cyclr is not available right now (HTTP 503). Try again in a moment.",
    });
    expect(errorForStatus(302, null, "x").code).toBe("invalid_response");
  });

  it("never passes tokens or control characters through", () => {
    const token = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo+/abc==";
    const said = sanitizeMessage(`Token ${token} is invalid\r\n<script>\u202e`);
    expect(said).not.toContain(token);
    expect(said).toBe("Token [redacted] is invalid <script>");
    expect(sanitizeMessage("Bearer eyJhbGciOi.eyJzdWIiOi.sig")).not.toContain("eyJ");
    expect(sanitizeMessage("word ".repeat(100))).toHaveLength(200);
    expect(sanitizeMessage("The request is invalid. Name is required.")).toBe("The request is invalid. Name is required.");
    expect(errorForStatus(400, `bad token ${token}`, "x").message).not.toContain(token);
  });
});

describe("token endpoint error mapping", () => {
  it("points at the client settings for invalid_client", () => {
    const error = grantError(400, { error: "invalid_client" }, "client_credentials", false);
    expect(error).toMatchObject({ code: "auth_failed", cause: "invalid_client" });
    expect(error.message).toMatch(/CYCLR_CLIENT_ID and CYCLR_CLIENT_SECRET/);
    expect(grantError(401, null, "client_credentials", false).code).toBe("auth_failed");
  });

  it("tells a refused password from a refused refresh token", () => {
    expect(grantError(400, { error: "invalid_grant" }, "password", false).message).toMatch(/CYCLR_USERNAME and CYCLR_PASSWORD/);
    expect(grantError(400, { error: "invalid_grant" }, "refresh_token", false)).toMatchObject({ code: "auth_failed", cause: "invalid_grant" });
    expect(grantError(400, { error: "invalid_grant" }, "password", true).message).toMatch(/account user/);
  });

  it("maps the rest without echoing anything sent", () => {
    expect(grantError(400, { error: "unsupported_grant_type" }, "password", false).message).toMatch(/CYCLR_AUTH_FLOW/);
    expect(grantError(400, { error: "invalid_request" }, "client_credentials", true)).toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/this account/),
    });
    expect(grantError(400, { error: "invalid_request" }, "client_credentials", false)).toMatchObject({
      code: "bad_request",
      message: "Cyclr's token endpoint answered HTTP 400 (invalid_request).",
    });
    expect(grantError(418, "teapot", "client_credentials", false)).toMatchObject({ code: "invalid_response", cause: "http_418" });
  });
});
