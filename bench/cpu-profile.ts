/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, written by BENCH_CPU_PROF=1): self time by function and
 * by package or source file; with a third argument (a regex), the heaviest call stacks ending in a matching
 * function or file. Usage: npx tsx bench/cpu-profile.ts <file>.cpuprofile [top] [stack-regex]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (url === '') return '(native/V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return url;
  const src = /\/(src|bench|test)\/(.*)$/.exec(url);
  return src ? `${src[1]}/${src[2]}` : url;
}

const file = process.argv[2];
if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [top]');
const top = Number(process.argv[3] ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);
const fn = new Map<string, number>();
const mod = new Map<string, number>();
for (const [id, ms] of selfMs) {
  const node = byId.get(id);
  if (!node) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${where(url)}:${lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + ms);
  const m = functionName === '(idle)' || functionName === '(program)' || functionName === '(garbage collector)' ? functionName : where(url);
  mod.set(m, (mod.get(m) ?? 0) + ms);
}
const pct = (ms: number) => `${((ms / total) * 100).toFixed(1).padStart(5)} %`;
process.stdout.write(`${file}: ${(total / 1000).toFixed(1)} s sampled\n\nby package / file\n`);
for (const [k, ms] of [...mod].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(ms)}  ${k}\n`);
process.stdout.write('\nby function (self)\n');
for (const [k, ms] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(ms)}  ${k}\n`);

/** Inclusive time of our own functions (src/): where the time goes, callees included. */
{
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f || !/\/src\//.test(f.url)) continue;
      const key = `${f.functionName || '(anonymous)'} ${where(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  process.stdout.write('\nour functions, inclusive\n');
  for (const [k, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(ms)}  ${k}\n`);
}

const stackPattern = process.argv[4];
if (stackPattern) {
  const re = new RegExp(stackPattern);
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || !re.test(`${frame.functionName} ${frame.url}`)) continue;
    const names: string[] = [];
    for (let cur: number | undefined = id, k = 0; cur !== undefined && k < 10; cur = parent.get(cur), k++) {
      const f = byId.get(cur)?.callFrame;
      if (f) names.push(`${f.functionName || '(anon)'}@${where(f.url)}:${f.lineNumber + 1}`);
    }
    const key = names.join(' < ');
    stacks.set(key, (stacks.get(key) ?? 0) + ms);
  }
  process.stdout.write(`\nstacks matching /${stackPattern}/\n`);
  for (const [k, ms] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 12)) process.stdout.write(`  ${pct(ms)}  ${k}\n`);
}
