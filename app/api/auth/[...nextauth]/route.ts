import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Built per request so the secret is read from the environment module at run time, not at build.
const handler: Handler = async (req, ctx) => {
  const nextAuth = NextAuth(getAuthOptions()) as unknown as Handler;
  return nextAuth(req, ctx);
};

export { handler as GET, handler as POST };
