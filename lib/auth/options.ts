import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "../config/env";
import { getDb } from "../db/client";
import { getRedis } from "../redis/connection";
import { clientAddressOf } from "../http/client-address";
import { attemptSignIn, DEFAULT_SIGN_IN_POLICY } from "./sign-in";
import type { SessionUser } from "./roles";
import { endSession, startSession, type SessionClaims, type SessionDeps } from "./session-policy";

/** How the web process checks sessions (lib/auth/session-policy.ts), from the environment. */
export function sessionDeps(): SessionDeps {
  const env = getEnv();
  let redis = null;
  try {
    redis = getRedis();
  } catch {
    redis = null;
  }
  return {
    db: getDb(),
    redis,
    redisPrefix: env.REDIS_PREFIX,
    settings: { idleMinutes: env.SESSION_IDLE_MINUTES, maxHours: env.SESSION_MAX_HOURS },
  };
}

export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    // The cookie lives no longer than the absolute lifetime; idle time and revocation are checked per request.
    session: { strategy: "jwt", maxAge: env.SESSION_MAX_HOURS * 60 * 60 },
    pages: { signIn: "/console/sign-in", error: "/console/sign-in" },
    providers: [
      CredentialsProvider({
        name: "账号密码",
        credentials: {
          username: { label: "用户名", type: "text" },
          password: { label: "密码", type: "password" },
        },
        async authorize(credentials, req) {
          const username = credentials?.username ?? "";
          const password = credentials?.password ?? "";
          if (!username || !password) return null;
          const result = await attemptSignIn(
            {
              db: getDb(),
              redis: getRedis(),
              redisPrefix: env.REDIS_PREFIX,
              policy: {
                ...DEFAULT_SIGN_IN_POLICY,
                maxFailures: env.LOGIN_MAX_FAILURES,
                lockMinutes: env.LOGIN_LOCK_MINUTES,
              },
            },
            { username, password, ip: clientAddressOf(req?.headers as Record<string, unknown> | undefined) },
          );
          if (result.ok) return { id: result.user.id, name: result.user.displayName };
          // next-auth passes a thrown error's message to the sign-in page as ?error=…
          if (result.code === "LOCKED") throw new Error(`ACCOUNT_LOCKED:${result.minutesLeft}`);
          return null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) Object.assign(token, await startSession(sessionDeps(), user.id));
        return token;
      },
      async session({ session, token }) {
        const claims: SessionClaims = { uid: token.uid, authAt: token.authAt, sv: token.sv, sid: token.sid };
        Object.assign(session, { claims });
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        await endSession(sessionDeps(), token as SessionClaims);
      },
    },
  };
}

export type { SessionUser };
