import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Who may fetch which meeting's calendar file, until when: what a link carries, signed. */
export interface CalendarLinkClaims {
  readonly tenantId: string;
  readonly code: string;
  readonly meetingId: string;
  /** The user the link was made for: the download is audited as theirs. */
  readonly viewer: string;
  /** The viewer's tenant, when it is not the case's (a coordinator from another tenant of the deployment). */
  readonly viewerTenant?: string | undefined;
  /** The group chat the card was shown in, when it was one: a chat linked to the case may see it too. */
  readonly chat?: string | undefined;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

const claimsSchema = z.object({
  t: z.string().min(1).max(64),
  c: z.string().min(1).max(40),
  m: z.string().regex(/^M\d{1,4}$/),
  v: z.string().min(1).max(64),
  vt: z.string().min(1).max(64).optional(),
  g: z.string().min(1).max(200).optional(),
  e: z.number().int().positive(),
});

/** A day: long enough for a coordinator to open the card and save the file, short if it is passed on. */
export const CALENDAR_LINK_SECONDS = 24 * 3600;

/**
 * Links to a meeting's calendar file. Action.OpenUrl opens them in a browser, which carries no
 * Teams sign-in, so the link itself is the permission: the claims, signed with HMAC-SHA256 and
 * expiring. Without a configured key each process makes its own, and its links end with it.
 */
export class CalendarLinks {
  private readonly key: Buffer;

  constructor(
    key: string | undefined,
    /** The bot's public address (https://…), or undefined when none is known: then there are no links. */
    private readonly baseUrl: () => string | undefined,
    private readonly lifetimeSeconds = CALENDAR_LINK_SECONDS,
  ) {
    this.key = key === undefined ? randomBytes(32) : Buffer.from(key, 'utf8');
  }

  urlFor(claims: Omit<CalendarLinkClaims, 'expiresAt'>, now: Date): string | undefined {
    const base = this.baseUrl();
    if (base === undefined) return undefined;
    const payload = Buffer.from(JSON.stringify({ t: claims.tenantId, c: claims.code, m: claims.meetingId, v: claims.viewer, vt: claims.viewerTenant, g: claims.chat, e: Math.floor(now.getTime() / 1000) + this.lifetimeSeconds })).toString('base64url');
    return `${base.replace(/\/+$/, '')}/api/calendar/${payload}.${this.sign(payload)}/${encodeURIComponent(`SIP-${claims.code}-${claims.meetingId}.ics`)}`;
  }

  /** The claims of a link made here, 'expired' for one past its time, undefined for anything else. */
  verify(token: string, now: Date): CalendarLinkClaims | 'expired' | undefined {
    const [payload, signature, extra] = token.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
    // Compared as the text it is: base64url decoding would accept other spellings of the same bytes.
    const expected = Buffer.from(this.sign(payload), 'ascii');
    const given = Buffer.from(signature, 'ascii');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const claims = claimsSchema.safeParse(parsed);
    if (!claims.success) return undefined;
    if (claims.data.e * 1000 <= now.getTime()) return 'expired';
    return { tenantId: claims.data.t, code: claims.data.c, meetingId: claims.data.m, viewer: claims.data.v, ...(claims.data.vt === undefined ? {} : { viewerTenant: claims.data.vt }), ...(claims.data.g === undefined ? {} : { chat: claims.data.g }), expiresAt: claims.data.e };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
