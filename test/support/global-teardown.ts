import { dropDatabase, templateDb, withAdmin } from './db';

export default async function globalTeardown(): Promise<void> {
  await withAdmin((client) => dropDatabase(client, templateDb));
}
