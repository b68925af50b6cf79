import { createHash, createPublicKey, createVerify, randomBytes, type JsonWebKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcIssuer } from "./index";

// The demo OpenID Connect issuer, driven over HTTP as next-auth drives it: discovery, the
// sign-in form, the code exchange with PKCE, the id_token checked against the JWKS.

const client = { id: "switchboard-admin", secret: "s3cret-for-tests" };
const redirectUri = "http://localhost:3000/api/auth/callback/oidc";
let issuer = "";
let close: () => Promise<void>;

beforeAll(async () => {
  const started = await startOidcIssuer({
    clientId: client.id,
    clientSecret: client.secret,
    redirectUris: [redirectUri],
    users: [{ email: "ann@example.com", password: "correct horse" }],
  });
  issuer = started.issuer;
  close = started.close;
});
afterAll(() => close());

const verifier = randomBytes(32).toString("base64url");
const challenge = createHash("sha256").update(verifier).digest("base64url");

function authorizeParams(overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    client_id: client.id,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid email profile",
    state: "st-1",
    nonce: "n-1",
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...overrides,
  });
}

async function code(password = "correct horse"): Promise<Response> {
  const form = authorizeParams({ email: "Ann@example.com", password });
  return fetch(`${issuer}/authorize`, { method: "POST", body: form, redirect: "manual" });
}

async function exchange(value: string, extra: Record<string, string> = {}, secret = client.secret): Promise<Response> {
  return fetch(`${issuer}/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${client.id}:${secret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code: value, redirect_uri: redirectUri, code_verifier: verifier, ...extra }),
  });
}

describe("demo OpenID Connect issuer", () => {
  it("publishes a discovery document naming its own endpoints", async () => {
    const config = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });
  });

  it("refuses an unregistered redirect URI or client before showing a sign-in form", async () => {
    expect((await fetch(`${issuer}/authorize?${authorizeParams({ redirect_uri: "https://evil.example.com/cb" })}`)).status).toBe(400);
    expect((await fetch(`${issuer}/authorize?${authorizeParams({ client_id: "other" })}`)).status).toBe(400);
    const form = await fetch(`${issuer}/authorize?${authorizeParams()}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="password"');
  });

  it("a wrong password shows the form again with an error and no code", async () => {
    const response = await code("wrong");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Wrong email or password.");
  });

  it("issues a single-use code whose id_token verifies with the JWKS and carries the nonce and email", async () => {
    const redirect = await code();
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get("state")).toBe("st-1");
    const value = location.searchParams.get("code")!;

    const tokens = (await (await exchange(value)).json()) as { id_token: string; access_token: string };
    const [header, payload, signature] = tokens.id_token.split(".");
    const { keys } = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: (JsonWebKey & { kid: string })[] };
    const kid = (JSON.parse(Buffer.from(header!, "base64url").toString()) as { kid: string }).kid;
    const key = createPublicKey({ key: keys.find((k) => k.kid === kid)!, format: "jwk" });
    expect(createVerify("RSA-SHA256").update(`${header}.${payload}`).verify(key, Buffer.from(signature!, "base64url"))).toBe(true);
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: issuer, aud: client.id, nonce: "n-1", email: "ann@example.com", email_verified: true });

    const userinfo = await fetch(`${issuer}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(await userinfo.json()).toMatchObject({ email: "ann@example.com", sub: claims.sub });
    expect((await exchange(value)).status).toBe(400); // used
  });

  it("refuses a wrong PKCE verifier and a wrong client secret", async () => {
    const first = new URL((await code()).headers.get("location")!).searchParams.get("code")!;
    expect(await (await exchange(first, { code_verifier: "x".repeat(43) })).json()).toMatchObject({ error: "invalid_grant" });
    const second = new URL((await code()).headers.get("location")!).searchParams.get("code")!;
    expect((await exchange(second, {}, "wrong")).status).toBe(401);
  });
});
