import fs from 'node:fs';
import path from 'node:path';

/**
 * The Zalo facts the code relies on live in docs/zalo.md, and every citation of it names a section that
 * exists there (§0.N: the N-th item of §0's list). A citation of a document that is not in the repository
 * would be one nobody can check.
 */

const root = path.join(__dirname, '../..');
const zalo = fs.readFileSync(path.join(root, 'docs/zalo.md'), 'utf8');
const sections = new Set([...zalo.matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map((m) => m[1]));
const section0 = zalo.slice(zalo.indexOf('## 0.'), zalo.indexOf('## 1.'));
for (const [, item] of section0.matchAll(/^(\d+)\. /gm)) sections.add(`0.${String(item)}`);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : filesUnder(rel);
    return /\.(ts|md|js|html|yml|json)$/.test(entry.name) ? [rel] : [];
  });
}
const sources = [
  ...filesUnder('src'),
  ...filesUnder('test'),
  ...filesUnder('bench'),
  ...filesUnder('docs'),
  'README.md',
];

describe('citations of docs/zalo.md', () => {
  it('has its numbered sections', () => {
    expect([...sections]).toEqual(
      expect.arrayContaining(['0.1', '0.10', '1', '1.3', '1.4', '2', '3.3', '5', '12']),
    );
  });

  it('name sections that exist, and nothing cites a document outside the repository', () => {
    let citations = 0;
    for (const file of sources) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      expect({ file, outside: /REFERENCE\.md/.test(text) }).toEqual({ file, outside: false });
      for (const [, cited] of text.matchAll(/zalo\.md\)? §(\d+(?:\.\d+)?)/g)) {
        citations += 1;
        expect({ file, section: cited, exists: sections.has(cited) }).toEqual({
          file,
          section: cited,
          exists: true,
        });
      }
    }
    expect(citations).toBeGreaterThan(40);
  });
});
