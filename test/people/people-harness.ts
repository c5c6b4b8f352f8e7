/**
 * An engine with the shipped processes, a manual clock, a SQLite store in memory and an
 * organisation directory in memory: two units, east and west, and their people.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../engine/compile/types.js';
import { createEngine, manualClock, type Engine, type ManualClock } from '../../engine/runtime/index.js';
import type { Absence, PeopleDirectory, Person, Unit } from '../../engine/runtime/people.js';
import { openSqliteStore, type SqliteStore } from '../../engine/store/sqlite/index.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Monday 2 March 2026, 09:00 in Beijing. */
export const T0 = Date.parse('2026-03-02T09:00:00+08:00');

const PROCESSES = fileURLToPath(new URL('../../processes', import.meta.url));
const CALENDARS = fileURLToPath(new URL('../../calendars', import.meta.url));

/** The organisation directory in memory; people can be added and marked absent. */
export class MemoryDirectory implements PeopleDirectory {
  readonly people = new Map<string, Person>();
  readonly unitList: Unit[] = [
    { id: 'east', label: '城东分公司 East district' },
    { id: 'west', label: '城西分公司 West district' },
    { id: 'after-sales', label: '售后服务部 After-sales' },
  ];
  city = ['cs-director', 'general-manager'];

  add(id: string, roles: string[], units: string[], displayName?: string): Person {
    const person: Person = { id, username: id, roles, units, disabled: false };
    if (displayName !== undefined) person.displayName = displayName;
    this.people.set(id, person);
    return person;
  }

  setAbsence(id: string, absence: Absence | undefined): void {
    const person = this.people.get(id);
    if (!person) throw new Error(`no ${id}`);
    if (absence) person.absence = absence;
    else delete person.absence;
  }

  async person(id: string) {
    return this.people.get(id);
  }
  async withRole(role: string) {
    return [...this.people.values()].filter((p) => p.roles.includes(role) && !p.disabled);
  }
  async units() {
    return this.unitList;
  }
  async cityRoles() {
    return this.city;
  }

  /** The engine actor of a person, scoped to their units (city-level roles see all). */
  actor(id: string, now = T0): Actor {
    const person = this.people.get(id);
    if (!person) throw new Error(`no ${id}`);
    const all = person.roles.some((role) => this.city.includes(role) || role === 'auditor');
    const delegateFor = [...this.people.values()]
      .filter((p) => p.absence && p.absence.delegateId === id && p.absence.from <= now && now < p.absence.until)
      .map((p) => p.id);
    const actor: Actor = { id, roles: person.roles, scope: all ? { all: true } : { all: false, units: person.units } };
    if (delegateFor.length > 0) actor.delegateFor = delegateFor;
    return actor;
  }
}

/** An engine over the shipped processes with the east/west directory. */
export class PeopleRig {
  readonly clock: ManualClock = manualClock(T0);
  readonly store: SqliteStore = openSqliteStore({ file: ':memory:' });
  readonly people = new MemoryDirectory();
  readonly engine: Engine = createEngine({ store: this.store, clock: this.clock, people: this.people });

  constructor() {
    const p = this.people;
    p.add('li.na', ['agent'], ['east'], '李娜');
    p.add('wang.wei', ['agent'], ['east'], '王伟');
    p.add('zhao.min', ['agent'], ['west'], '赵敏');
    p.add('lead.east', ['team-lead'], ['east'], '刘班长');
    p.add('lead.east2', ['team-lead'], ['east'], '陈班长');
    p.add('lead.west', ['team-lead'], ['west'], '孙班长');
    p.add('manager.east', ['center-manager'], ['east'], '周经理');
    p.add('director', ['cs-director'], [], '吴主任');
    p.add('spec.east', ['retention-specialist'], ['east'], '郑专员');
    p.add('spec.east2', ['retention-specialist'], ['east'], '冯专员');
    p.add('desk.east', ['front-desk'], ['east'], '韩前台');
    p.add('auditor', ['auditor'], [], '审计');
  }

  async publishShipped(...ids: string[]): Promise<void> {
    // The shared calendars first, as `npm start` publishes them before the processes naming them.
    for (const name of readdirSync(CALENDARS)) await this.engine.publishCalendar({ yaml: readFileSync(join(CALENDARS, name), 'utf8'), publishedBy: 'process-owner' });
    for (const id of ids) {
      const yaml = readFileSync(join(PROCESSES, `${id}.yaml`), 'utf8');
      const files: Record<string, string> = {};
      const folder = join(PROCESSES, 'templates', id);
      if (existsSync(folder)) for (const name of readdirSync(folder)) files[`templates/${id}/${name}`] = readFileSync(join(folder, name), 'utf8');
      await this.engine.publish({ yaml, files, publishedBy: 'process-owner' });
    }
  }

  async dispose(): Promise<void> {
    await this.engine.stop();
    await this.store.close();
  }
}

/** Complaint data of a unit. */
export function complaintData(unit: string, name = '张伟'): Record<string, unknown> {
  return {
    customer: { name, phone: '13800000000', tier: 'star-3' }, channel: 'phone', category: 'billing', severity: 'normal', unit, description: '流量费用多扣 30 元',
  };
}
