import { createHash, createSign, generateKeyPairSync, randomBytes, timingSafeEqual, type KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, send, sendUncachedJson as json } from "../http";
import { asyncListener, closeServers, serveOrigin } from "../server";
import { escapeHtml } from "../html";

// A small OpenID Connect issuer for the demo and the tests of the admin console's single
// sign-on: discovery, an authorization endpoint with a sign-in page (authorization code
// flow, PKCE S256, state and nonce passed through), a token endpoint (client_secret_basic
// or _post), RS256 id_tokens, JWKS and userinfo. Not Cyclr: it runs on its own origin.

export type OidcUser = { email: string; password: string; name?: string };

export type OidcIssuerOptions = {
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs the client may use. */
  redirectUris: string[];
  users: OidcUser[];
};

type Code = { clientId: string; redirectUri: string; user: OidcUser; nonce: string | null; challenge: string | null; expiresAt: number };

const b64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");
const subject = (email: string) => createHash("sha256").update(email).digest("hex").slice(0, 24);

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function signInPage(params: URLSearchParams, error: string | null): string {
  const hidden = [...params].map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Demo identity provider</title>
<style>body{font-family:system-ui,sans-serif;background:#f1f5f9;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;padding:32px;border-radius:12px;box-shadow:0 1px 3px #0002;width:320px}label{display:block;font-size:14px;margin-top:12px}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:8px;margin-top:4px;border:1px solid #94a3b8;border-radius:6px}
button{margin-top:16px;width:100%;padding:10px;background:#0f172a;color:#fff;border:0;border-radius:6px;font-weight:600}
p[role=alert]{color:#b91c1c;font-size:14px}</style></head>
<body><main><h1 style="font-size:18px;margin:0">Demo identity provider</h1>
<p style="color:#475569;font-size:14px">Single sign-on for Switchboard's admin console.</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/authorize">${hidden}
<label for="email">Email</label><input id="email" name="email" type="email" required autocomplete="username">
<label for="password">Password</label><input id="password" name="password" type="password" required autocomplete="current-password">
<button type="submit">Continue</button></form></main></body></html>`;
}

export async function startOidcIssuer(options: OidcIssuerOptions): Promise<{ issuer: string; close(): Promise<void> }> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = b64url(randomBytes(8));
  const codes = new Map<string, Code>();
  const accessTokens = new Map<string, { user: OidcUser; expiresAt: number }>();
  let issuer = "";

  function idToken(key: KeyObject, claims: Record<string, unknown>): string {
    const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
    const payload = b64url(JSON.stringify(claims));
    const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(key);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  /** The authorization request's parameters, or why they are refused (shown, never redirected). */
  function checkAuthorize(params: URLSearchParams): string | null {
    if (params.get("client_id") !== options.clientId) return "Unknown client.";
    if (!options.redirectUris.includes(params.get("redirect_uri") ?? "")) return "This redirect URI is not registered for the client.";
    if (params.get("response_type") !== "code") return "Only the authorization code flow is supported.";
    if (!(params.get("scope") ?? "").split(" ").includes("openid")) return "The openid scope is required.";
    const method = params.get("code_challenge_method");
    if (params.get("code_challenge") && method !== "S256") return "Only S256 code challenges are supported.";
    return null;
  }

  function clientFrom(req: IncomingMessage, form: URLSearchParams): { id: string; secret: string } | null {
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (basic) {
      const [id, secret] = Buffer.from(basic[1]!, "base64")
        .toString("utf8")
        .split(":")
        .map((part) => decodeURIComponent(part));
      return id && secret !== undefined ? { id, secret } : null;
    }
    const id = form.get("client_id");
    const secret = form.get("client_secret");
    return id && secret ? { id, secret } : null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", issuer);
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /.well-known/openid-configuration") {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        scopes_supported: ["openid", "email", "profile"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        code_challenge_methods_supported: ["S256"],
        claims_supported: ["sub", "email", "email_verified", "name"],
      });
    }
    if (route === "GET /jwks") {
      return json(res, 200, { keys: [{ ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" }] });
    }
    if (route === "GET /authorize") {
      const refused = checkAuthorize(url.searchParams);
      if (refused) return void res.writeHead(400, { "content-type": "text/plain" }).end(refused);
      return send(res, { status: 200, html: signInPage(url.searchParams, null), headers: { "Cache-Control": "no-store" } });
    }
    if (route === "POST /authorize") {
      const form = new URLSearchParams(await readBody(req));
      const email = (form.get("email") ?? "").trim().toLowerCase();
      const password = form.get("password") ?? "";
      form.delete("email");
      form.delete("password");
      const refused = checkAuthorize(form);
      if (refused) return void res.writeHead(400, { "content-type": "text/plain" }).end(refused);
      const user = options.users.find((candidate) => candidate.email === email && safeEqual(candidate.password, password));
      if (!user) return send(res, { status: 200, html: signInPage(form, "Wrong email or password.") });
      const code = b64url(randomBytes(24));
      codes.set(code, {
        clientId: options.clientId,
        redirectUri: form.get("redirect_uri")!,
        user,
        nonce: form.get("nonce"),
        challenge: form.get("code_challenge"),
        expiresAt: Date.now() + 60_000,
      });
      const target = new URL(form.get("redirect_uri")!);
      target.searchParams.set("code", code);
      if (form.get("state")) target.searchParams.set("state", form.get("state")!);
      target.searchParams.set("iss", issuer);
      return void res.writeHead(302, { location: target.toString(), "cache-control": "no-store" }).end();
    }
    if (route === "POST /token") {
      const form = new URLSearchParams(await readBody(req));
      const client = clientFrom(req, form);
      if (!client || client.id !== options.clientId || !safeEqual(client.secret, options.clientSecret)) return json(res, 401, { error: "invalid_client" });
      if (form.get("grant_type") !== "authorization_code") return json(res, 400, { error: "unsupported_grant_type" });
      const code = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? ""); // single use, whatever follows
      if (!code || code.expiresAt < Date.now() || code.redirectUri !== form.get("redirect_uri")) return json(res, 400, { error: "invalid_grant" });
      if (code.challenge) {
        const verifier = form.get("code_verifier") ?? "";
        if (b64url(createHash("sha256").update(verifier).digest()) !== code.challenge)
          return json(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
      }
      const now = Math.floor(Date.now() / 1000);
      const accessToken = b64url(randomBytes(24));
      accessTokens.set(accessToken, { user: code.user, expiresAt: Date.now() + 300_000 });
      return json(res, 200, {
        access_token: accessToken,
        token_type: "Bearer",
        expires_in: 300,
        scope: "openid email profile",
        id_token: idToken(privateKey, {
          iss: issuer,
          sub: subject(code.user.email),
          aud: options.clientId,
          iat: now,
          exp: now + 300,
          ...(code.nonce ? { nonce: code.nonce } : {}),
          email: code.user.email,
          email_verified: true,
          name: code.user.name ?? code.user.email,
        }),
      });
    }
    if (route === "GET /userinfo") {
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
      const grant = accessTokens.get(token);
      if (!grant || grant.expiresAt < Date.now()) return json(res, 401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
      return json(res, 200, { sub: subject(grant.user.email), email: grant.user.email, email_verified: true, name: grant.user.name ?? grant.user.email });
    }
    json(res, 404, { error: "not_found" });
  }

  const bad = (res: ServerResponse) => json(res, 400, { error: "invalid_request" });
  const { port, servers } = await serveOrigin(asyncListener(handle, bad), options.port ?? 0, options.host ?? "127.0.0.1");
  issuer = `http://127.0.0.1:${port}`;
  return { issuer, close: () => closeServers(servers) };
}
