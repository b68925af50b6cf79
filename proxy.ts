import { NextResponse, type NextRequest } from "next/server";

// Sends signed-out browsers to the sign-in page. This is a convenience, not the security
// boundary: every admin page, route and action checks the session and role itself.
export function proxy(request: NextRequest) {
  const hasSession = request.cookies.has("next-auth.session-token") || request.cookies.has("__Secure-next-auth.session-token");
  if (hasSession) return NextResponse.next();
  const signIn = new URL("/admin/sign-in", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ["/admin", "/admin/((?!sign-in).*)"] };
