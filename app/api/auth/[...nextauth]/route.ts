import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { observe } from "@/lib/entry/observe";

export const dynamic = "force-dynamic";

const handler = observe(async (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => {
  return NextAuth(request as never, context as never, authOptions());
});

export { handler as GET, handler as POST };
