import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../engine/compile/types.js';
import { createEngine, manualClock } from '../../engine/runtime/index.js';
import { openStore } from '../../engine/store/open-store.js';
import type { CommandIo } from '../../server/cli/accounts-db.js';
import { COMMANDS } from '../../server/cli/index.js';
import { runMigrateCases } from '../../server/cli/migrate-cases.js';
import { guardedRun } from '../../server/cli/user.js';
import { PLAN_YAML, V1, V2 } from '../runtime/ticket-versions.js';

const agent: Actor = { id: 'ann', roles: ['agent'] };

describe('caseflow migrate-cases', () => {
  let folder: string;
  let io: CommandIo & { lines: string[]; errors: string[] };
  let ids: { fresh: string; taken: string; parked: string };
  const db = () => join(folder, 'caseflow.db');

  /** Runs `work` on an engine over the test database, then closes it. */
  async function withEngine<T>(work: (engine: ReturnType<typeof createEngine>) => Promise<T>): Promise<T> {
    const opened = await openStore({ db: db() });
    const engine = createEngine({ store: opened.store, clock: manualClock(Date.now()) });
    try {
      return await work(engine);
    } finally {
      await engine.stop();
      await opened.close();
    }
  }

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'caseflow-migrate-'));
    const lines: string[] = [];
    const errors: string[] = [];
    io = { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line), env: { CASEFLOW_DB: db() } };
    writeFileSync(join(folder, 'plan.yaml'), PLAN_YAML);
    ids = await withEngine(async (engine) => {
      await engine.publish({ yaml: V1, publishedBy: 'olga' });
      const open = async (customer: string) => (await engine.createCase({ process: 'ticket', data: { customer }, actor: agent })).id;
      const opened = { fresh: await open('Li Na'), taken: await open('Zhao Lei'), parked: await open('Chen Jie') };
      await engine.applyEvent(opened.taken, { type: 'take' }, agent);
      await engine.applyEvent(opened.parked, { type: 'park' }, agent);
      await engine.publish({ yaml: V2, publishedBy: 'olga' });
      return opened;
    });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const args = (...more: string[]) => ['ticket', '--from', '1', '--to', '2', '--plan', join(folder, 'plan.yaml'), ...more];

  it('is listed by the caseflow command', () => {
    expect(COMMANDS['migrate-cases'].usage).toMatch(/--from N --to M --plan plan.yaml \[--apply\]/);
  });

  it('reports a dry run per case and changes nothing, then moves the cases with --apply', async () => {
    expect(await runMigrateCases(args(), io)).toBe(1);
    expect(io.lines).toContain(`${ids.taken}  in-progress -> working  ready`);
    expect(io.lines).toContain(`${ids.parked}  parked -> parked  blocked`);
    expect(io.lines).toContain('  cannot move: state parked has no place in version 2');
    expect(io.lines.some((line) => /^ {2}timer timer:in-progress:chase as timer:working:chase: recompute, due .* -> .*/.test(line))).toBe(true);
    expect(io.lines.at(-1)).toBe('ticket 1 -> 2: 2 case(s) can move (dry run; --apply moves them), 1 cannot move.');
    expect(await withEngine(async (engine) => (await engine.history(ids.taken)).length)).toBe(2);

    io.lines.length = 0;
    expect(await runMigrateCases(args('--apply'), io)).toBe(1);
    expect(io.lines).toContain(`${ids.fresh}  new -> new  migrated`);
    expect(io.lines.at(-1)).toBe('ticket 1 -> 2: 2 case(s) moved, 1 cannot move.');
    const after = await withEngine(async (engine) => ({
      taken: await engine.getCase(ids.taken, agent),
      verified: await engine.verifyAll(),
      replay: await engine.replay(ids.taken),
    }));
    expect(after.taken).toMatchObject({ version: 2, state: 'working' });
    expect(after.verified.valid).toBe(true);
    expect(after.replay.consistent).toBe(true);
  });

  it('refuses a bad plan or version naming the problem, changing nothing', async () => {
    writeFileSync(join(folder, 'plan.yaml'), 'states: { in-progress: doing }');
    expect(await guardedRun(() => runMigrateCases(args('--apply'), io), io)).toBe(1);
    expect(io.errors.join('\n')).toMatch(/states.in-progress 'doing' is not a state of the new version/);
    expect(await guardedRun(() => runMigrateCases(['ticket', '--from', 'one', '--to', '2', '--plan', join(folder, 'plan.yaml')], io), io)).toBe(1);
    expect(io.errors.at(-1)).toMatch(/--from needs a version number/);
    expect(await runMigrateCases(['ticket'], io)).toBe(2);
    expect(await withEngine(async (engine) => (await engine.getCase(ids.taken, agent)).version)).toBe(1);
  });
});
