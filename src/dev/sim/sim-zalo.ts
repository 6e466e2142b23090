import type { Commune } from '../../db/schema';
import { createFakeZalo, type FakeZalo } from '../fake-zalo';
import { SIM_PEOPLE } from './people';

/**
 * The fake Zalo of simulator mode: the same server the integration tests use, started in this process on a
 * loopback port, with the commune's OA registered under the tokens PostgreSQL holds now. After a restart those
 * are the last rotated pair (ensureCommune never overwrites them), so the app's client keeps working.
 */
export async function startSimZalo(commune: Commune): Promise<FakeZalo> {
  const fake = createFakeZalo();
  fake.addOa({
    oaId: commune.zaloOaId,
    appId: commune.zaloAppId,
    appSecret: commune.zaloAppSecret,
    accessToken: commune.accessToken,
    refreshToken: commune.refreshToken,
    name: commune.name,
  });
  for (const person of SIM_PEOPLE) {
    fake.setUser(commune.zaloOaId, person.zaloUserId, {
      display_name: person.displayName,
      user_is_follower: true,
      shared_info: null,
    });
  }
  await fake.start(0, '127.0.0.1');
  return fake;
}
