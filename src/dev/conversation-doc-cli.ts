import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { conversationDoc } from './conversation-doc';

/** `npm run docs:conversation`: writes docs/CONVERSATION.md from the real conversation machine. */
const target = path.join(__dirname, '..', '..', 'docs', 'CONVERSATION.md');
writeFileSync(target, conversationDoc());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
