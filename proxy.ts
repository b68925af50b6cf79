import { NextResponse, type NextRequest } from "next/server";
import { embedFrameAncestors } from "@/lib/connect/embed-policy";

// Two jobs, neither of them the security boundary:
// - /embed/<token>: frame-ancestors with exactly the session's allowed origins ('none' for
//   an unknown or expired token), so only the host that minted the session can frame it;
// - /admin: send signed-out browsers to sign-in (every admin page and route checks the
//   session and role itself).
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/embed/")) {
    const response = NextResponse.next();
    response.headers.set("Content-Security-Policy", await embedFrameAncestors(pathname.slice("/embed/".length)));
    return response;
  }
  const hasSession = request.cookies.has("next-auth.session-token") || request.cookies.has("__Secure-next-auth.session-token");
  if (hasSession) return NextResponse.next();
  const signIn = new URL("/admin/sign-in", request.url);
  signIn.searchParams.set("callbackUrl", `${pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ["/admin", "/admin/((?!sign-in).*)", "/embed/:token"] };
