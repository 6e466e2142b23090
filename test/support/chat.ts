import { and, eq } from 'drizzle-orm';
import { userSendText } from '../../src/dev/fake-zalo';
import { agencies, outboxMessages, residents, staff, type StaffRoleName } from '../../src/db/schema';
import { eventually } from './eventually';
import { ADMIN_TOKEN, APP_ID, OA_ID, type TestApp } from './test-app';

/**
 * Talking to the OA through the real webhook as residents and linked staff, one message at a time: each event is
 * sent once the bot answered the previous one and every message of that user went out; and the admin API.
 */
export function chatWith(app: TestApp) {
  const fake = app.env.fake;

  async function chat(userId: string, items: readonly (string | object)[]): Promise<void> {
    for (const item of items) {
      const before = fake.sentMessages(userId).length;
      const event =
        typeof item === 'string' ? userSendText({ appId: APP_ID, oaId: OA_ID, userId, text: item }) : item;
      expect((await app.deliver(event)).statusCode).toBe(200);
      await eventually(() => {
        expect(fake.sentMessages(userId).length).toBeGreaterThan(before);
      });
      await eventually(async () => {
        const rows = await app.database.db
          .select()
          .from(outboxMessages)
          .where(eq(outboxMessages.zaloUserId, userId));
        expect(rows.every((m) => m.status !== 'pending' && m.status !== 'sending')).toBe(true);
      });
    }
  }

  /** The last text the bot sent this user. */
  const lastText = (userId: string): string => fake.textsTo(userId).at(-1) ?? '';

  /** What the user got in answer to one message: every text sent them after it. */
  async function answer(userId: string, text: string): Promise<string> {
    const before = fake.textsTo(userId).length;
    await chat(userId, [text]);
    return fake.textsTo(userId).slice(before).join('\n');
  }

  /** A linked staff member who wrote to the OA lately (Zalo's 7-day window lets messages reach them). */
  async function linkStaff(
    communeId: number,
    member: { zaloUserId: string; name: string; role: StaffRoleName; agencyCode?: string; onDuty?: boolean },
  ): Promise<void> {
    const db = app.database.db;
    const [agency] =
      member.agencyCode === undefined
        ? []
        : await db
            .select({ id: agencies.id })
            .from(agencies)
            .where(and(eq(agencies.communeId, communeId), eq(agencies.code, member.agencyCode)));
    await db.insert(staff).values({
      communeId,
      name: member.name,
      role: member.role,
      agencyId: agency?.id ?? null,
      zaloUserId: member.zaloUserId,
      onDuty: member.onDuty ?? false,
    });
    await db
      .insert(residents)
      .values({ communeId, zaloUserId: member.zaloUserId, lastInteractionAt: app.deps.now() });
  }

  /** A few linked staff members at once. */
  async function linkTeam(
    communeId: number,
    members: readonly Parameters<typeof linkStaff>[1][],
  ): Promise<void> {
    for (const member of members) await linkStaff(communeId, member);
  }

  /** The admin API with the test token: status, parsed body and raw text. */
  async function admin(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
    const response = await app.server!.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload }),
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    return {
      status: response.statusCode,
      body: response.json<Record<string, unknown>>(),
      raw: response.body,
    };
  }

  return { chat, lastText, answer, linkStaff, linkTeam, admin };
}
