import { NextResponse, type NextRequest } from "next/server";
import { embedFrameAncestors } from "@/lib/connect/embed-policy";
import { PAGE_URL_HEADER } from "@/lib/i18n/page-url";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/request-id";

// Four jobs, none of them the security boundary:
// - every page request: an x-request-id (the client's when sane, else a new one), passed on to the
//   route (whose log lines carry it) and set on the response;
// - every page request: its path and query passed on, for the page's language (lib/i18n);
// - /embed/<token>: frame-ancestors with exactly the session's allowed origins ('none' for
//   an unknown or expired token), so only the host that minted the session can frame it;
// - /admin: send signed-out browsers to sign-in (every admin page and route checks the
//   session and role itself).
export async function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set(PAGE_URL_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = await answer(request, () => NextResponse.next({ request: { headers } }));
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

async function answer(request: NextRequest, next: () => NextResponse): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/embed/")) {
    const response = next();
    response.headers.set("Content-Security-Policy", await embedFrameAncestors(pathname.slice("/embed/".length)));
    return response;
  }
  const admin = pathname === "/admin" || (pathname.startsWith("/admin/") && !pathname.startsWith("/admin/sign-in"));
  if (!admin) return next();
  const hasSession = request.cookies.has("next-auth.session-token") || request.cookies.has("__Secure-next-auth.session-token");
  if (hasSession) return next();
  const signIn = new URL("/admin/sign-in", request.url);
  signIn.searchParams.set("callbackUrl", `${pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

// Every page, not the API and not server actions (POSTs to a page with a Next-Action
// header): Next holds the body of any request a proxy runs for, so a 60 MB POST would sit in
// memory before its route or action could refuse it unread. The API's routes and the
// actions set their request ids themselves (lib/entry/observe.ts). Nor the build's static
// files and public/'s (the icon, the host script).
export const config = {
  matcher: [{ source: "/((?!api/|_next/static/|_next/image|icon\\.svg$|favicon\\.ico$|sdk/).*)", missing: [{ type: "header", key: "next-action" }] }],
};
